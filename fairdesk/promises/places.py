"""The places whose public holidays a calendar can follow, named in the reader's language.

`holidays` knows the places by code (every country twice, as "DE" and "DEU"); their names
come from pycountry's copy of the ISO 3166 tables and their translations, read from the
installed package (no network). A state `holidays` knows but ISO does not ("Augsburg")
keeps the name `holidays` gives it. The desk's own country comes first.
"""

import gettext
import unicodedata
from functools import cache

import holidays
import pycountry

from fairdesk.lib.dates import reader_language

FIRST = "DE"  # the desk's home: its calendars are nearly always German


@cache
def _translation(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _sort_key(name: str) -> str:
    # "Österreich" between "Oman" and "Pakistan", as a German reader looks for it.
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in `language` (the reader's), or the code when ISO has none."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return _translation("iso3166-1", reader_language(language)).gettext(country.name)


@cache
def _codes() -> tuple[str, ...]:
    return tuple(code for code in holidays.list_supported_countries() if len(code) == 2)


def countries(language: str | None = None) -> list[tuple[str, str]]:
    """(code, "Name (code)") of every country with public holidays, the desk's own first,
    then by name in the reader's language."""
    return list(_countries(reader_language(language)))


@cache
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    named = [(code, f"{country_name(code, language)} ({code})") for code in _codes()]
    return tuple(sorted(named, key=lambda pair: (pair[0] != FIRST, _sort_key(pair[1]))))


def states(country: str, language: str | None = None) -> list[tuple[str, str]]:
    """(code, "Name (code)") of the country's states with holidays of their own, by name."""
    known = holidays.list_supported_countries().get(country, [])
    if not known:
        return []
    words = _translation("iso3166-2", reader_language(language))
    named = []
    for code in known:
        iso = pycountry.subdivisions.get(code=f"{country}-{code}")
        name = words.gettext(iso.name) if iso is not None else _local_names(country).get(code)
        named.append((code, f"{name} ({code})" if name and name != code else code))
    return sorted(named, key=lambda pair: _sort_key(pair[1]))


def place_name(country: str, state: str = "", language: str | None = None) -> str:
    """A calendar's place as "Deutschland, Bayern (DE-BY)"; "" for none."""
    if not country:
        return ""
    if not state:
        return f"{country_name(country, language)} ({country})"
    named = dict(states(country, language)).get(state, state)
    state_name = named.removesuffix(f" ({state})")
    return f"{country_name(country, language)}, {state_name} ({country}-{state})"


@cache
def _local_names(country: str) -> dict[str, str]:
    """The names `holidays` gives a country's states in its own language (code: the first)."""
    aliases = getattr(holidays.country_holidays(country), "subdivisions_aliases", {}) or {}
    first: dict[str, str] = {}
    for name, code in aliases.items():
        first.setdefault(code, name)
    return first
