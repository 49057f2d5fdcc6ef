"""The pure word and stem functions the index and the query share."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairdesk.search import text

ASCII_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=0, max_size=14)


@settings(max_examples=2000)
@given(ASCII_WORD, st.sampled_from("0123456789"))
def test_a_word_stems_skips_is_its_own_stem_in_both_languages(start, digit):
    # `stems` returns such a word without asking the stemmers: they must agree.
    word = start + digit
    if text._ends_in_digit(word):
        assert text._GERMAN.stemWord(word) == word
        assert text._ENGLISH.stemWord(word) == word
    assert text.stems(word) == tuple(
        dict.fromkeys((text._GERMAN.stemWord(word), text._ENGLISH.stemWord(word)))
    )


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("k17", ("k17",)),
        ("000123", ("000123",)),
        ("störungen", ("storung", "störungen")),
        ("müller1", ("muller1", "müller1")),
        ("mueller1", ("muller1", "mueller1")),
    ],
)
def test_stems_table(word, expected):
    assert text.stems(word) == tuple(dict.fromkeys(expected))


def test_stemmed_text_keeps_addresses_and_numbers_as_written():
    assert text.stemmed("k17@load.example FD-000123") == "k17 load exampl fd 000123"
