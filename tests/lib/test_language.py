"""The language of a customer's first message: declared tags first, then stop words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.lib.language import from_tag, from_text, guess


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("de-DE", "de"),
        ("fr, en;q=0.8", "en"),
        ("DE", "de"),
        ("fr", None),
        ("", None),
        (None, None),
    ],
)
def test_declared_tags(tag, expected):
    assert from_tag(tag) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Immer noch kein Internet!!!", "de"),
        ("Wie ist der Stand?", "de"),
        ("Mein Router blinkt rot und ich habe kein Internet.", "de"),
        ("My internet is not working since this morning.", "en"),
        ("What is the status of my case?", "en"),
        ("Hello, the router is still down. Thanks", "en"),
        ("OK", None),
        ("", None),
        ("FD-000123", None),
    ],
)
def test_stop_words(text, expected):
    assert from_text(text) == expected


def test_a_declared_language_wins_over_the_text():
    assert guess(declared="en", text="Immer noch kein Internet") == "en"
    assert guess(declared="fr", text="Immer noch kein Internet") == "de"


@given(st.text(max_size=300))
def test_the_answer_is_always_a_spoken_language_or_none(text):
    assert from_text(text) in ("de", "en", None)


@given(st.text(alphabet="0123456789 .,!?-", max_size=100))
def test_no_words_no_guess(text):
    assert from_text(text) is None
