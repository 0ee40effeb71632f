"""Draft and published: the status every public record carries, and the QuerySet that reads it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def sees_drafts(user):
    """The one visibility rule: staff see drafts (with a "draft" badge); everyone else sees published records only."""
    return bool(user is not None and user.is_authenticated and user.is_staff)


def visible(record, user):
    """`record` if `user` may see it, else None: a draft is neither linked nor named to visitors."""
    if record is None or (record.status != Status.PUBLISHED and not sees_drafts(user)):
        return None
    return record


class ContentQuerySet(models.QuerySet):
    """Writes that send no model signal (update, bulk_create, bulk_update) still make the cached pages of the
    model's app stale, once the transaction commits."""

    def _invalidate(self):
        # Imported here: core.cache reads the visibility rule from this module.
        from .cache import invalidate_on_commit

        invalidate_on_commit(self.model._meta.app_label, using=self.db)

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            self._invalidate()
        return rows

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            self._invalidate()
        return created

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        if rows:
            self._invalidate()
        return rows

    bulk_update.alters_data = True


class PublishableQuerySet(ContentQuerySet):
    # Fields that search() matches; trigram-indexed on PostgreSQL (harbin_portal/migrations/0002_search_trigram.py).
    search_fields = ()

    def search(self, text):
        """Records whose search fields contain `text`, case-insensitively; all of them for empty text."""
        text = (text or "").strip()
        if not text or not self.search_fields:
            return self
        return self.filter(self.search_condition(text))

    def search_condition(self, text):
        """The condition search() filters by, for a search that also matches by other means (events by city)."""
        condition = models.Q()
        for field in self.search_fields:
            condition |= models.Q(**{f"{field}__icontains": text})
        return condition

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def visible_to(self, user):
        """Staff see drafts too (with a badge); everyone else sees published records only."""
        return self if sees_drafts(user) else self.published()


class PublicRecord(models.Model):
    """Fields shared by every record the public can see."""

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Which document, or who, this record comes from."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def is_draft(self):
        return self.status == Status.DRAFT
