"""Times as people read them: the compiled formats write what Django's formatter writes."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from fairdesk.lib.dates import FORMATS, day_text, formatted, moment_text
from tests.properties import examples

BERLIN = ZoneInfo("Europe/Berlin")
STYLES = sorted(FORMATS)


@pytest.mark.parametrize(
    ("style", "language", "text"),
    [
        ("long", "de", "Montag, 30. November 2026, 08:05"),
        ("long", "en", "Monday, 30 November 2026, 08:05"),
        ("short", "de", "30.11.2026 08:05"),
        ("short", "en", "30 Nov 2026, 08:05"),
        ("date", "de", "Montag, 30. November 2026"),
        ("datetime", "en", "30 November 2026, 08:05"),
        ("time", "de", "08:05"),
        ("seconds", "en", "08:05:00 CET"),
        ("weekday", "de", "Montag"),
    ],
)
def test_each_style_in_each_language(style, language, text):
    moment = datetime(2026, 11, 30, 7, 5, tzinfo=UTC)
    assert moment_text(moment, style, language=language, zone=BERLIN) == text


def test_a_day_and_a_stored_text():
    assert day_text("2026-03-02", language="de") == "Montag, 2. März 2026"
    assert moment_text("2026-03-02T09:00:00+00:00", "short", language="en", zone=UTC) == (
        "2 Mar 2026, 09:00"
    )
    assert moment_text(None) == "" and day_text("kein Tag") == ""


@settings(max_examples=examples(60), deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    style=st.sampled_from(STYLES),
    language=st.sampled_from(["de", "en"]),
)
def test_the_compiled_formats_write_what_django_writes(moment, style, language):
    with translation.override(language):
        expected = dateformat.format(moment, FORMATS[style][language])
        assert formatted(moment, style, language) == expected
        if style == "date":
            assert formatted(moment.date(), style, language) == dateformat.format(
                moment.date(), FORMATS[style][language]
            )


def test_a_language_without_formats_reads_english():
    with translation.override("en"):
        assert formatted(date(2026, 1, 5), "date", "fr") == "Monday, 5 January 2026"
