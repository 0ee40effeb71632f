"""One English word, two things: staff see a venue's hall and a museum room told apart in Chinese."""

from django.utils import translation

from events.models import Session
from museum.models import Exhibit


def test_a_session_room_is_a_venue_hall_and_an_exhibit_room_a_museum_room_in_chinese():
    with translation.override("zh-hans"):
        assert str(Session._meta.get_field("room").verbose_name) == "会场"
        assert str(Exhibit._meta.get_field("room").verbose_name) == "展厅"


def test_a_session_room_reads_as_a_hall_in_russian():
    with translation.override("ru"):
        assert str(Session._meta.get_field("room").verbose_name) == "зал"
