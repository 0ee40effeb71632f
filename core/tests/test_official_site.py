"""Issue 13 in core: dates known as 'before a day', summaries that end on a sentence."""

import datetime

from django.utils import translation

from core.dates import DatePrecision, format_date_range, format_partial_date
from core.templating import lead_sentences


def test_a_date_known_as_before_a_day_says_so_in_every_language():
    day = datetime.date(2026, 1, 25)
    with translation.override("en"):
        assert format_partial_date(day, DatePrecision.BEFORE) == "before 25 January 2026"
        assert format_date_range(day, None, DatePrecision.BEFORE) == "before 25 January 2026"
    with translation.override("ru"):
        assert format_partial_date(day, DatePrecision.BEFORE).startswith("до 25 января 2026")
    with translation.override("zh-hans"):
        assert format_partial_date(day, DatePrecision.BEFORE) == "2026年1月25日之前"


def test_lead_sentences_never_stop_mid_sentence():
    text = "Harbin is the capital. It lies on the Songhua River. " * 10
    summary = lead_sentences(text, 12)
    assert summary.endswith(".")
    assert summary.startswith("Harbin is the capital.")
    assert len(summary.split()) <= 12
    assert lead_sentences("哈尔滨是黑龙江省省会。哈尔滨有很多美丽的名字。" * 10, 10).endswith("。")


def test_coordinates_are_written_as_each_language_writes_them():
    from decimal import Decimal
    from types import SimpleNamespace

    from core.templating import coordinates

    edmonton = SimpleNamespace(latitude=Decimal("53.5461"), longitude=Decimal("-113.4938"))
    with translation.override("en"):
        assert coordinates(edmonton) == "53.55° N, 113.49° W"
    with translation.override("ru"):
        assert coordinates(edmonton) == "53,55° с. ш., 113,49° з. д."
    with translation.override("zh-hans"):
        assert coordinates(edmonton) == "北纬53.55°，西经113.49°"
    assert coordinates(SimpleNamespace(latitude=None, longitude=None)) == ""
