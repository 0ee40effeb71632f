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


@pytest.fixture
def staff_in(django_user_model):
    """staff_in(role, username): a staff member in one of the roles of harbin_portal/roles.py."""
    from django.contrib.auth.models import Group

    def make(role, username, **extra):
        user = django_user_model.objects.create_user(username, password="x-long-password-1", is_staff=True, **extra)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def pdf_text(content):
    """The text of a PDF, page after page, as a PDF text extractor reads it."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
