import pytest
from django.utils import translation

from museum.models import Room

from .factories import RoomFactory


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a request in another language leaves that language active."""
    with translation.override("en"):
        yield


@pytest.fixture
def cataloguer(django_user_model):
    return django_user_model.objects.create_superuser(
        "mei", "mei@example.org", "pw-mei-123", first_name="Mei", last_name="Zhang"
    )


@pytest.fixture
def cataloguer_client(client, cataloguer):
    client.force_login(cataloguer)
    return client


@pytest.fixture
def room() -> Room:
    return RoomFactory(name="Niigata room", name_en="Niigata room", slug="niigata-room")


def no_images(total=0, initial=0):
    return {
        "images-TOTAL_FORMS": str(total),
        "images-INITIAL_FORMS": str(initial),
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }


def exhibit_form_data(room, **overrides):
    """What a cataloguer submits on the add page: the SPECTRUM core and no images."""
    data = {
        "accession_number": "HISCM.2024.1",
        "object_name_en": "Vase",
        "number_of_objects": "1",
        "brief_description_en": "A blue porcelain vase.",
        "room": str(room.pk) if room else "",
        "case": "",
        "current_owner": "Harbin International Sister Cities Museum",
        "recorder": "Mei Zhang",
        "recording_date": "2024-05-01",
        "status": "published",
        **no_images(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def _private_media_root(tmp_path, settings):
    """Loan agreements and condition photos go to each test's own private folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


# What each kind of staff member may do here, as permissions: the museum's tests run without the site
# (harbin_portal/settings/layer.py), so without its groups; harbin_portal/tests checks the groups hold these.
CATALOGUER, EDITOR, ADMINISTRATOR = "cataloguer", "editor", "administrator"
NOT_FOR_CATALOGUERS = {
    "view_valuation",
    "add_valuation",
    "change_valuation",
    "delete_valuation",
    "approve_deaccession",
    "delete_deaccession",
    # There is one museum row: kept up to date, never added twice or deleted.
    "add_museum",
    "delete_museum",
}
EDITORS_READ = ("museum", "room", "objecttype", "donor", "exhibit", "exhibitimage", "movement", "loan", "loanobject")


def permissions_of(kind):
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    if kind == CATALOGUER:
        return (
            Permission.objects.filter(
                Q(content_type__app_label="museum") | Q(content_type__app_label="cities", codename="view_city")
            )
            .exclude(codename__in=NOT_FOR_CATALOGUERS)
            .exclude(content_type__model__startswith="historical")
        )
    if kind == EDITOR:
        return Permission.objects.filter(
            Q(content_type__app_label="museum", codename__in=[f"view_{name}" for name in EDITORS_READ])
            | Q(content_type__app_label="cities", content_type__model="city")
        )
    raise ValueError(kind)


@pytest.fixture
def staff_in(django_user_model):
    """staff_in(kind, username): a member of staff with the permissions of a cataloguer, an editor or an
    administrator (a superuser)."""

    def make(kind, username, **extra):
        if kind == ADMINISTRATOR:
            return django_user_model.objects.create_superuser(username, password="x-long-password-1", **extra)
        user = django_user_model.objects.create_user(username, password="x-long-password-1", is_staff=True, **extra)
        user.user_permissions.set(permissions_of(kind))
        return user

    return make


def pdf_text(content):
    """The text of a PDF, page after page, as a PDF text extractor reads it."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
