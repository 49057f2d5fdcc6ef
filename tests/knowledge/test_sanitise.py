"""The article text's sanitiser, a pure core: tables and properties."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.knowledge.sanitise import clean, plain

TAGS = st.sampled_from(
    ["p", "a", "script", "style", "img", "iframe", "b", "svg", "form", "h2", "ul", "li", "math"]
)
ATTRIBUTES = st.sampled_from(
    ['href="javascript:alert(1)"', 'onclick="x()"', 'style="color:red"', 'src="https://t.example/x"',
     'href="https://example.org"', 'title="t"', 'onerror=alert(1)', ""]
)  # fmt: skip
FRAGMENT = st.builds(
    lambda tag, attribute, text: f"<{tag} {attribute}>{text}</{tag}>",
    TAGS,
    ATTRIBUTES,
    st.text(max_size=20),
)
HOSTILE = st.lists(st.one_of(FRAGMENT, st.text(max_size=20)), max_size=8).map("".join)
ACTIVE = re.compile(r"<(script|style|img|iframe|svg|form|math)|\son\w+=|style=|javascript:", re.I)


@given(HOSTILE)
def test_nothing_active_survives(text):
    assert not ACTIVE.search(clean(text))


@given(HOSTILE)
def test_cleaning_twice_changes_nothing_more(text):
    once = clean(text)
    assert clean(once) == once


@given(HOSTILE)
def test_every_link_gets_noopener_nofollow(text):
    for link in re.findall(r"<a\b[^>]*>", clean(text)):
        assert 'rel="noopener nofollow"' in link


@pytest.mark.parametrize(
    "stored, words",
    [
        ("<p>Router&amp;Modem</p><p>neu<br>starten</p>", "Router&Modem neu starten"),
        ("<h2>Titel</h2><ul><li>eins</li><li>zwei</li></ul>", "Titel eins zwei"),
        ("", ""),
    ],
)
def test_plain_gives_the_words_for_the_index(stored, words):
    assert plain(stored) == words
