from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cities.continents import continent_of_place
from core.collation import sort_key
from core.countries import country_choices
from core.dates import DatePrecision, date_field, date_in_range_constraint, format_partial_date, precision_field
from core.documents import validate_pdf_upload
from core.files import staff_with_view_permission
from core.images import refresh_derivatives, upload_path, validate_image_upload
from core.publishing import ContentQuerySet, PublicRecord, PublishableQuerySet, Status, sees_drafts
from core.storages import private_storage, private_upload_path

DORMANT_AFTER_MONTHS = 24
ANNIVERSARY_STEP_YEARS = 5


class AdministrativeLevel(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")
    REGION = "region", _("Region / oblast")
    PROVINCE = "province", _("Province")
    STATE = "state", _("State")
    METROPOLITAN = "metropolitan", _("Metropolitan municipality")


class CityQuerySet(PublishableQuerySet):
    def partners(self):
        """Cities with a partnership with Harbin (sister, friendship or other)."""
        return self.filter(partnership__isnull=False)

    def public_partners(self):
        """Partner cities a visitor sees: both the city and its partnership are published."""
        return self.published().filter(partnership__status=Status.PUBLISHED)

    def partners_visible_to(self, user):
        """Staff see every partner city, drafts included; visitors the public ones."""
        return self.partners() if sees_drafts(user) else self.public_partners()

    def home(self):
        return self.filter(is_home=True)

    # The name in every language and the alternative names ("Puchon" finds Bucheon).
    search_fields = ("name_en", "name_zh_hans", "name_ru", "alternative_names", "source_spellings")

    def slug_choices(self):
        """(slug, name in the active language, English otherwise) for a drop-down, sorted by name.

        Reads plain values, not City objects: a filter offering 500 cities would otherwise build 500 models.
        """
        language = {"zh-hans": 2, "ru": 3}.get(get_language(), 1)
        rows = self.order_by().values_list("slug", "name_en", "name_zh_hans", "name_ru")
        return sorted(((row[0], row[language] or row[1]) for row in rows), key=lambda choice: sort_key(choice[1]))

    def pks_by_name(self):
        """The primary keys ordered by the name shown in the active language (English where it has none), as that
        language sorts (core.collation): reads three columns, not whole cities, so a directory of 500 partners is
        ordered without building 500 models. Ties keep the QuerySet's own order, as sorting the cities did."""
        column = {"zh-hans": "name_zh_hans", "ru": "name_ru"}.get(get_language(), "name_en")
        rows = self.values_list("pk", *dict.fromkeys(("name_en", column)))  # (pk, name_en[, name in the language])
        return [row[0] for row in sorted(rows, key=lambda row: sort_key(row[-1] or row[1]))]

    def country_choices(self):
        """(ISO code, country name in the active language) of these cities, sorted by name."""
        return country_choices(self.order_by().values_list("country", flat=True).distinct())


class City(PublicRecord):
    name = models.CharField(_("name"), max_length=150)
    alternative_names = models.TextField(
        _("alternative names"),
        blank=True,
        help_text=_("Other spellings and former names of the city, one per line; shown and searched."),
    )
    # Spellings as a source printed them ("Puchon", a country name in place of the city's): search finds them,
    # but pages and JSON-LD never show them as names of the city.
    source_spellings = models.TextField(
        _("spellings in the sources"),
        blank=True,
        help_text=_("How sources misspelt the name or its country, one per line; searched, never shown."),
    )
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    country = CountryField(_("country"))
    administrative_level = models.CharField(
        _("administrative level"),
        max_length=20,
        choices=AdministrativeLevel.choices,
        default=AdministrativeLevel.CITY,
    )
    is_home = models.BooleanField(_("is Harbin"), default=False)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=12, decimal_places=2, null=True, blank=True)
    mayor = models.CharField(_("mayor"), max_length=150, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    symbols = models.CharField(_("symbols"), max_length=300, blank=True)
    wikidata_id = models.CharField(
        _("Wikidata ID"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^Q[1-9]\d*$", _("A Wikidata ID is Q followed by digits, e.g. Q42956."), "wikidata_id")
        ],
        help_text=_("The city's Wikidata item, e.g. Q42956 for Harbin."),
    )
    # The original is private (core.files); pages show the WebP derivatives.
    photo = models.ImageField(
        _("photo"), upload_to=upload_path, storage=private_storage, blank=True, validators=[validate_image_upload]
    )
    photo_small = models.ImageField(upload_to=upload_path, blank=True, editable=False)
    photo_large = models.ImageField(upload_to=upload_path, blank=True, editable=False)

    objects = CityQuerySet.as_manager()
    private_files = {"photo": staff_with_view_permission}

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["is_home"], condition=Q(is_home=True), name="city_one_home"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="city_coordinates_both_or_neither",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        refresh_derivatives(self, "photo", "photo_small", "photo_large")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.is_home:
            return reverse("cities:harbin")
        return reverse("cities:detail", kwargs={"slug": self.slug})

    @property
    def alternative_name_list(self):
        return [line.strip() for line in self.alternative_names.splitlines() if line.strip()]

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def continent(self):
        """Where the city is (Vladivostok is in Asia), not only where its country is usually listed."""
        return continent_of_place(self.country.code, self.longitude)


class CityFigure(models.Model):
    """A figure about a city with its year and source ("90 million winter visitors, 2024–2025")."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="figures", verbose_name=_("city"))
    label = models.CharField(_("label"), max_length=200)
    value = models.CharField(_("value"), max_length=100)
    period = models.CharField(_("year or period"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("city figure")
        verbose_name_plural = _("city figures")
        ordering = ["city", "order", "pk"]

    def __str__(self):
        return f"{self.label}: {self.value}"


class PartnershipKind(models.TextChoices):
    SISTER = "sister", _("Sister city")
    FRIENDSHIP = "friendship", _("Friendship city")
    COOPERATION = "cooperation", _("Cooperation agreement")
    UNKNOWN = "unknown", _("Kind not recorded")


class PartnershipState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


def add_years(day, years):
    """The same calendar day `years` later; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _at_precision(day, precision):
    """What can be compared of a date known only to the year or month."""
    if precision == DatePrecision.YEAR:
        return (day.year,)
    if precision == DatePrecision.MONTH:
        return (day.year, day.month)
    return (day.year, day.month, day.day)


def months_between(earlier, later):
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


class PartnershipQuerySet(PublishableQuerySet):
    def active(self):
        return self.filter(state=PartnershipState.ACTIVE)


class Partnership(PublicRecord):
    city = models.OneToOneField(
        City, on_delete=models.PROTECT, related_name="partnership", verbose_name=_("partner city")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=PartnershipKind.choices, default=PartnershipKind.UNKNOWN)
    state = models.CharField(
        _("partnership status"), max_length=10, choices=PartnershipState.choices, default=PartnershipState.ACTIVE
    )
    established_on = date_field(_("established on"), null=True, blank=True)
    established_precision = precision_field(_("established on: precision"))
    ended_on = date_field(_("ended on"), null=True, blank=True)
    areas_of_cooperation = models.TextField(_("areas of cooperation"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["city__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(ended_on__gte=models.F("established_on")),
                name="partnership_ends_after_it_starts",
            ),
            date_in_range_constraint("established_on", "partnership_established_on_in_range"),
            date_in_range_constraint("ended_on", "partnership_ended_on_in_range"),
        ]

    def __str__(self):
        return _("Harbin – %(city)s") % {"city": self.city}

    def get_absolute_url(self):
        return self.city.get_absolute_url()

    @property
    def established_display(self):
        return format_partial_date(self.established_on, self.established_precision)

    def years_of_partnership(self, today=None):
        """Whole years since the partnership was established; None when the date is unknown."""
        if self.established_on is None:
            return None
        today = today or timezone.localdate()
        end = self.ended_on or today
        return max(
            0,
            end.year
            - self.established_on.year
            - ((end.month, end.day) < (self.established_on.month, self.established_on.day)),
        )

    def next_anniversary(self, today=None):
        """(years, date) of the next round-number (5, 10, 15 …) anniversary on or after today.

        Compared at the precision of the date: with only the year known, the anniversary lasts
        the whole year (dated 1 January); with the month known, the whole month.
        """
        if self.established_on is None or self.state == PartnershipState.ENDED:
            return None
        today = today or timezone.localdate()
        now = _at_precision(today, self.established_precision)
        years = ANNIVERSARY_STEP_YEARS
        while _at_precision(add_years(self.established_on, years), self.established_precision) < now:
            years += ANNIVERSARY_STEP_YEARS
        return years, add_years(self.established_on, years)

    def is_dormant(self, today=None):
        """Active, and nothing recorded with the partner for 24 months (an unknown start counts as long ago).

        Activity is what higher apps record (events the city took part in): they annotate `last_activity_on`
        (events.selectors.with_last_activity); without it only the date the partnership began counts.
        """
        if self.state != PartnershipState.ACTIVE:
            return False
        today = today or timezone.localdate()
        latest = max(
            (d for d in (getattr(self, "last_activity_on", None), self.established_on) if d is not None),
            default=None,
        )
        return latest is None or months_between(latest, today) >= DORMANT_AFTER_MONTHS


class MilestoneKind(models.TextChoices):
    FRIENDSHIP_SIGNED = "friendship_signed", _("Friendship signed")
    SISTER_SIGNED = "sister_signed", _("Sister-city agreement signed")
    UPGRADED = "upgraded", _("Upgraded to sister city")
    RENEWED = "renewed", _("Renewed")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")
    OTHER = "other", _("Other")


class PartnershipMilestone(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("partnership")
    )
    date = date_field(_("date"))
    date_precision = precision_field(_("date: precision"), before=True)
    kind = models.CharField(_("what happened"), max_length=20, choices=MilestoneKind.choices)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # History is registered in translation.py, after the translated fields, so it records every language.

    class Meta:
        verbose_name = _("partnership milestone")
        verbose_name_plural = _("partnership milestones")
        ordering = ["partnership", "date", "pk"]
        constraints = [date_in_range_constraint("date", "milestone_date_in_range")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date_display})"

    @property
    def date_display(self):
        return format_partial_date(self.date, self.date_precision)


class AgreementQuerySet(ContentQuerySet):
    def public(self):
        return self.filter(is_public=True)


class Agreement(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("partnership")
    )
    title = models.CharField(_("title"), max_length=300)
    signed_on = date_field(_("signed on"), null=True, blank=True)
    signed_precision = precision_field(_("signed on: precision"))
    signatories = models.TextField(_("signatories"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    # Private storage under a random name; core.files hands it out as pdf_downloadable_by() says.
    pdf = models.FileField(
        _("PDF"),
        upload_to=private_upload_path,
        storage=private_storage,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_upload],
    )
    is_public = models.BooleanField(_("public"), default=False, help_text=_("Shown on the city's public page."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    # History is registered in translation.py, after the translated fields, so it records every language.

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["partnership", "signed_on", "pk"]
        constraints = [date_in_range_constraint("signed_on", "agreement_signed_on_in_range")]

    private_files = {"pdf": "pdf_downloadable_by"}

    def __str__(self):
        return self.title

    @property
    def signed_display(self):
        return format_partial_date(self.signed_on, self.signed_precision)

    def pdf_downloadable_by(self, user):
        """Staff who may view agreements; anyone when the agreement is public and its partnership is on the site."""
        if staff_with_view_permission(user, self):
            return True
        return self.is_public and City.objects.public_partners().filter(partnership__pk=self.partnership_id).exists()


class Contact(models.Model):
    """A person staff deal with in a partner city. Staff only: never on a public page."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partnership")
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["partnership", "name"]

    def __str__(self):
        return self.name


class SourceKind(models.TextChoices):
    WEB_PAGE = "web_page", _("Web page")
    NEWS = "news", _("News article")
    PRESS_RELEASE = "press_release", _("Press release")


class Source(models.Model):
    """A publication facts come from, shown to visitors as a citation.

    Records name their sources by key in their `source` field (several separated by ";"); a page shows the
    citation, never the key. The keys are readable words, not file names (those stay in the repository).
    """

    key = models.SlugField(
        _("key"),
        max_length=60,
        unique=True,
        help_text=_("The short name records use in their source field, e.g. china-daily-2020."),
    )
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    kind = models.CharField(_("kind of publication"), max_length=20, choices=SourceKind.choices, blank=True)
    published_on = date_field(_("published on"), null=True, blank=True)
    published_precision = precision_field(_("published on: precision"))
    published_note = models.CharField(
        _("note on the date"), max_length=200, blank=True, help_text=_("E.g. “updated”, “republished 7 January 2026”.")
    )
    url = models.URLField(_("address"), blank=True)
    accessed_on = date_field(_("accessed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title"]
        constraints = [
            date_in_range_constraint("published_on", "source_published_on_in_range"),
            date_in_range_constraint("accessed_on", "source_accessed_on_in_range"),
        ]

    def __str__(self):
        return self.title

    @property
    def published_display(self):
        return format_partial_date(self.published_on, self.published_precision)

    @property
    def accessed_display(self):
        return format_partial_date(self.accessed_on)

    @property
    def anchor(self):
        return f"source-{self.key}"
