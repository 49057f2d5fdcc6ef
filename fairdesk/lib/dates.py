"""Times as people read them: one format per language and style, in the reader's zone.

Mail, desk and portal all print times through `moment_text`, so a German reader gets
"Montag, 30. November 2026, 08:10" everywhere and an English one "Monday, 30 November 2026,
08:10", whichever language was active when the fact was stored.
"""

from collections.abc import Callable
from datetime import date, datetime, tzinfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR

# Django's own formats for "de" and "en" lack the weekday and the German day's full stop.
FORMATS = {
    "long": {"de": "l, j. F Y, H:i", "en": "l, j F Y, H:i"},
    "short": {"de": "d.m.Y H:i", "en": "j M Y, H:i"},
    "date": {"de": "l, j. F Y", "en": "l, j F Y"},
    "datetime": {"de": "j. F Y, H:i", "en": "j F Y, H:i"},
    "time": {"de": "H:i", "en": "H:i"},
    # A receipt's time to the second with its zone's name: when a declaration arrived.
    "seconds": {"de": "H:i:s T", "en": "H:i:s T"},
    "weekday": {"de": "l", "en": "l"},
    # An hour of the coming week, where a chart has room for little: "Mo 10:00", "Mon 10:00".
    "hour": {"de": "D H:i", "en": "D H:i"},
}

# The letters of Django's date format these formats use, each read as Django reads it
# (django.utils.dateformat), the names in the active language. Django's formatter parses
# the format on every call (~60 µs a time); a list of twenty times cost a millisecond.
FIELDS: dict[str, Callable[[date], str]] = {
    "l": lambda moment: str(WEEKDAYS[moment.weekday()]),
    "D": lambda moment: str(WEEKDAYS_ABBR[moment.weekday()]),
    "j": lambda moment: str(moment.day),
    "d": lambda moment: f"{moment.day:02d}",
    "F": lambda moment: str(MONTHS[moment.month]),
    "M": lambda moment: str(MONTHS_3[moment.month]).title(),
    "m": lambda moment: f"{moment.month:02d}",
    "Y": lambda moment: f"{moment.year:04d}",
    "H": lambda moment: f"{moment.hour:02d}",  # type: ignore[attr-defined]
    "i": lambda moment: f"{moment.minute:02d}",  # type: ignore[attr-defined]
    "s": lambda moment: f"{moment.second:02d}",  # type: ignore[attr-defined]
    # Django names a naive time's zone after the default zone.
    "T": lambda moment: str(
        (moment.tzinfo or timezone.get_default_timezone()).tzname(moment)  # type: ignore[attr-defined, arg-type]
    ),
}


def _pieces(format_string: str) -> list[str | Callable[[date], str]]:
    return [FIELDS.get(letter, letter) for letter in format_string]


COMPILED = {
    style: {language: _pieces(text) for language, text in formats.items()}
    for style, formats in FORMATS.items()
}


def formatted(moment: date, style: str, language: str) -> str:
    """`moment` in `language`'s format for `style`, as `dateformat.format` would write it
    (a table test and a property compare them); the names in the active language."""
    pieces = COMPILED[style].get(language, COMPILED[style]["en"])
    return "".join(piece if isinstance(piece, str) else piece(moment) for piece in pieces)


def as_moment(value: datetime | str | None) -> datetime | None:
    """A datetime, or an ISO 8601 text as stored in a timeline entry's facts."""
    if isinstance(value, datetime) or value is None:
        return value
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def reader_language(language: str | None = None) -> str:
    """`language` if given, else the active one, else the desk's; always one of ours."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    known = {name for name, _label in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def moment_text(
    value: datetime | str | None,
    style: str = "long",
    *,
    language: str | None = None,
    zone: tzinfo | None = None,
) -> str:
    """`value` in `language`'s format for `style` ("long", "short", "date"), local to `zone`
    (the active time zone when not given); "" for no time."""
    moment = as_moment(value)
    if moment is None:
        return ""
    language = reader_language(language)
    local = timezone.localtime(moment, zone)
    if translation.get_language() == language:  # a page in its reader's language
        return formatted(local, style, language)
    with translation.override(language):
        return formatted(local, style, language)


def day_text(value: date | str | None, *, language: str | None = None) -> str:
    """A calendar day (or its ISO text, as stored in facts) in `language`'s "date" format
    ("Montag, 30. November 2026"); "" for no day or a text that is not one."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return ""
    if value is None:
        return ""
    language = reader_language(language)
    with translation.override(language):
        return formatted(value, "date", language)
