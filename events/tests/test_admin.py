import datetime
import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image
from simple_history.admin import SimpleHistoryAdmin

from core.admin import PublicRecordAdmin
from events.admin import EventAdmin
from events.models import Event, EventPhoto, Session

from .factories import (
    CityFactory,
    EventFactory,
    EventPhotoFactory,
    EventSeriesFactory,
    ParticipationFactory,
    jpeg_upload,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/events/event/add/"
INLINES = ["participations", "participants", "sessions", "photos"]


def event_form_data(**overrides):
    data = {
        "title_en": "Global Mayors Dialogue",
        "slug": "global-mayors-dialogue",
        "kind": "mayors_dialogue",
        "starts_on": "2026-01-06",
        "ends_on": "2026-01-08",
        "date_precision": "day",
        "status": "draft",
    }
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def session_data(day, time="09:30"):
    return {
        "sessions-TOTAL_FORMS": "1",
        "sessions-0-starts_at_0": day,
        "sessions-0-starts_at_1": time,
        "sessions-0-title_en": "Main dialogue",
    }


def big_bmp(min_bytes):
    """A real, decodable image larger than `min_bytes` (uncompressed BMP)."""
    side = int((min_bytes / 3) ** 0.5) + 64
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (10, 20, 30)).save(buffer, "BMP")
    assert buffer.tell() > min_bytes
    return SimpleUploadedFile("huge.bmp", buffer.getvalue(), content_type="image/bmp")


def files_in(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_event_admin_combines_translation_and_history_admin():
    model_admin = admin.site._registry[Event]
    assert isinstance(model_admin, EventAdmin)
    assert isinstance(model_admin, PublicRecordAdmin)
    assert isinstance(model_admin, SimpleHistoryAdmin)


def test_staff_add_an_event_with_its_cities_and_programme_on_one_screen(admin_client_):
    edmonton = CityFactory(name="Edmonton")
    data = event_form_data(
        **session_data("2026-01-07"),
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-city": str(edmonton.pk),
            "participations-0-role": "guest",
            "participants-TOTAL_FORMS": "1",
            "participants-0-name": "Jane Doe",
            "participants-0-city": str(edmonton.pk),
            "participants-0-role": "delegate",
        },
    )
    response = admin_client_.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    event = Event.objects.get(slug="global-mayors-dialogue")
    assert event.participations.get().city == edmonton
    assert event.participants.get().name == "Jane Doe"
    assert event.sessions.get().title == "Main dialogue"
    assert event.history.count() == 1


def test_session_outside_the_event_days_is_a_form_error_in_the_inline(admin_client_):
    response = admin_client_.post(ADD_URL, event_form_data(**session_data("2026-01-10")))
    assert response.status_code == 200
    inline_errors = [formset.formset.errors for formset in response.context["inline_admin_formsets"]]
    assert {"starts_at": ["A session must fall within the event's days."]} in sum(inline_errors, [])
    assert "A session must fall within the event&#x27;s days." in response.content.decode()
    assert not Event.objects.exists()
    assert not Session.objects.exists()


def test_session_on_the_last_day_is_accepted(admin_client_):
    response = admin_client_.post(ADD_URL, event_form_data(**session_data("2026-01-08", "23:30")))
    assert response.status_code == 302


def test_ends_on_before_starts_on_is_refused_by_the_database():
    event = EventFactory()
    event.ends_on = event.starts_on - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_one_participation_per_event_and_city_in_the_database():
    participation = ParticipationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationFactory(event=participation.event, city=participation.city)


def test_oversized_cover_is_refused_with_its_message(admin_client_, settings):
    upload = big_bmp(settings.MAX_UPLOAD_BYTES + 1024 * 1024)
    response = admin_client_.post(ADD_URL, event_form_data(cover=upload))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["cover"]
    assert len(errors) == 1
    assert errors[0].startswith("The file is 2")
    assert errors[0].endswith("MB; the limit is 20 MB.")
    assert not Event.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_fake_image_photo_is_refused_with_a_message(admin_client_, settings):
    fake = SimpleUploadedFile("photo.jpg", b"this is not a picture", content_type="image/jpeg")
    data = event_form_data(**{"photos-TOTAL_FORMS": "1", "photos-0-image": fake, "photos-0-order": "0"})
    response = admin_client_.post(ADD_URL, data)
    assert response.status_code == 200
    photo_errors = next(
        f.formset.errors for f in response.context["inline_admin_formsets"] if f.formset.prefix == "photos"
    )
    assert photo_errors[0]["image"]
    assert "not an image" in photo_errors[0]["image"][0] or "valid image" in photo_errors[0]["image"][0]
    assert not Event.objects.exists()
    assert not EventPhoto.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_fake_image_cover_is_refused_with_a_message(admin_client_):
    fake = SimpleUploadedFile("cover.jpg", b"GIF89a but not really", content_type="image/jpeg")
    response = admin_client_.post(ADD_URL, event_form_data(cover=fake))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover"]
    assert not Event.objects.exists()


def test_uploaded_photo_gets_webp_derivatives(admin_client_):
    data = event_form_data(
        **{"photos-TOTAL_FORMS": "1", "photos-0-image": jpeg_upload(size=(2400, 1800)), "photos-0-order": "0"}
    )
    assert admin_client_.post(ADD_URL, data).status_code == 302
    photo = EventPhoto.objects.get()
    for derivative, limit in ((photo.image_small, 480), (photo.image_large, 1600)):
        assert derivative.name.endswith(".webp")
        with Image.open(derivative.path) as image:
            assert image.format == "WEBP"
            assert max(image.size) == limit


def test_cover_gets_webp_derivatives():
    event = EventFactory(cover=jpeg_upload())
    for derivative in (event.cover_small, event.cover_large):
        with Image.open(derivative.path) as image:
            assert image.format == "WEBP"


def test_photo_inline_shows_a_thumbnail(admin_client_):
    photo = EventPhotoFactory()
    body = admin_client_.get(f"/admin/events/event/{photo.event.pk}/change/").content.decode()
    assert photo.image_small.url in body


def test_event_changelist_runs_a_fixed_number_of_queries(admin_client_, django_assert_max_num_queries):
    def add(count):
        series = EventSeriesFactory()
        for _ in range(count):
            event = EventFactory(series=series)
            ParticipationFactory.create_batch(3, event=event)

    add(1)
    with django_assert_max_num_queries(20) as few:
        assert admin_client_.get("/admin/events/event/").status_code == 200
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client_.get("/admin/events/event/")
    assert sorted({row.city_count for row in response.context["cl"].result_list}) == [3]


def test_event_history_page_opens(admin_client_):
    event = EventFactory()
    assert admin_client_.get(f"/admin/events/event/{event.pk}/history/").status_code == 200


def test_series_admin_searches_names(admin_client_):
    EventSeriesFactory(name_en="Global Mayors Dialogue", slug="global-mayors-dialogue")
    EventSeriesFactory(name_en="Ice festival", slug="ice-festival")
    response = admin_client_.get("/admin/events/eventseries/", {"q": "mayors"})
    assert [series.slug for series in response.context["cl"].result_list] == ["global-mayors-dialogue"]


def test_event_slug_feed_is_refused_because_it_is_the_feed_path():
    from django.core.exceptions import ValidationError

    from events.models import Event

    event = Event(title="Feed", slug="feed", kind="forum", starts_on="2026-01-06")
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "slug" in error.value.message_dict
