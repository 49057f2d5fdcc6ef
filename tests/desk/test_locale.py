"""The German catalogues are complete: every string translated, nothing left fuzzy.

The project's catalogue is `fairdesk/locale`; an app may keep its own beside its code
(`fairdesk/<app>/locale`), which Django reads and `make messages` fills the same way.
"""

import re
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
