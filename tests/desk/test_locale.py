"""The German catalogues are complete: every string translated, nothing left fuzzy.

The project's catalogue is `fairdesk/locale`; an app may keep its own beside its code
(`fairdesk/<app>/locale`), which Django reads and `make messages` fills the same way.
Django merges them all into one table per language, so a msgid (with its msgctxt) must
mean the same in every catalogue: otherwise one translation silently wins everywhere.
"""

import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.utils import translation

import fairdesk

PACKAGE = Path(fairdesk.__file__).parent
PO = PACKAGE / "locale" / "de" / "LC_MESSAGES" / "django.po"
CATALOGUES = sorted(PACKAGE.glob("**/locale/de/LC_MESSAGES/django.po"))


def _entries(text: str) -> list[tuple[str, str, str]]:
    """(comments, msgid, msgstr) of every entry after the header."""
    entries = []
    for block in text.split("\n\n")[1:]:
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', block.split("msgstr")[0], re.M))
        msgstr_part = block[block.index("msgstr") :]
        # A plural entry has a msgstr[N] per form: each must be filled in.
        forms = re.split(r"^msgstr\[\d+\] ", msgstr_part, flags=re.M)[1:] or [msgstr_part]
        texts = ["".join(re.findall(r'^(?:msgstr )?"(.*)"$', form, re.M)) for form in forms]
        msgstr = "" if not all(texts) else "".join(texts)
        entries.append((block, msgid, msgstr))
    return entries


def test_the_project_catalogue_is_the_large_one():
    assert len(_entries(PO.read_text(encoding="utf-8"))) > 300


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_german_string_is_translated_and_none_is_fuzzy(po):
    entries = _entries(po.read_text(encoding="utf-8"))
    assert [msgid for _, msgid, msgstr in entries if not msgstr] == []
    assert [msgid for block, msgid, _ in entries if "#, fuzzy" in block] == []


def test_compiled_catalogue_speaks_german():
    with translation.override("de"):
        assert translation.gettext("Already checked") == "Bereits geprüft"
        assert translation.gettext("Team queue") == "Team-Warteschlange"


FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$')


def _translations(text: str) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(msgctxt, msgid) -> its msgstr forms, for every live entry (obsolete `#~` skipped)."""
    found = {}
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if match := FIELD.match(line):
                key, fields[key] = match.groups()
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            forms = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr"))
            found[(fields.get("msgctxt"), fields["msgid"])] = forms
    return found


def test_translations_parse_contexts_and_continued_lines():
    text = (
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        'msgctxt "callback"\nmsgid "cancelled"\nmsgstr "storniert"\n\n'
        'msgid ""\n"A long "\n"one"\nmsgstr "Ein "\n"langer"\n\n'
        '#~ msgid "gone"\n#~ msgstr "weg"\n'
    )
    assert _translations(text) == {
        ("callback", "cancelled"): ("storniert",),
        (None, "A long one"): ("Ein langer",),
    }


def test_no_msgid_is_translated_two_ways_across_catalogues():
    """Only one translation of a msgid reaches any page; the others are silently lost.

    Where the meanings differ, the app's string takes a context (`pgettext_lazy`,
    `{% translate "…" context "…" %}`); where they agree, so must the German.
    """
    seen: dict[tuple[str | None, str], dict[tuple[str, ...], list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for po in CATALOGUES:
        for key, forms in _translations(po.read_text(encoding="utf-8")).items():
            seen[key][forms].append(str(po.relative_to(PACKAGE)))
    collisions = [
        f"msgctxt {context!r} msgid {msgid!r}: "
        + "; ".join(f"{' / '.join(forms)!r} in {', '.join(where)}" for forms, where in by.items())
        for (context, msgid), by in sorted(seen.items(), key=str)
        if len(by) > 1
    ]
    assert not collisions, "\n".join(["translated two ways:", *collisions])


def _said_twice(text: str) -> bool:
    """A text that is one sentence written twice over, as a bad catalogue merge leaves it."""
    half, odd = divmod(len(text), 2)
    return not odd and len(text) > 20 and text[:half] == text[half:]


def test_said_twice_finds_a_doubled_text_only():
    assert _said_twice("Bitte warten Sie kurz. Bitte warten Sie kurz. ")
    assert not _said_twice("Bitte warten Sie kurz.")
    assert not _said_twice("ja ja ")


def test_no_german_text_says_itself_twice():
    doubled = [
        msgid
        for po in CATALOGUES
        for (_, msgid), forms in _translations(po.read_text(encoding="utf-8")).items()
        if any(_said_twice(form) for form in forms) and not _said_twice(msgid)
    ]
    assert doubled == []
