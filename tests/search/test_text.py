"""The pure word and stem functions the index and the query share."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairdesk.search import german, text

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


# A weak verb's stem as the rule reads one: lower-case German letters, ending in a
# consonant, not in a single "s", and not a function word.
VERB_STEM = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", min_size=4, max_size=12).filter(
    lambda stem: (
        stem[-1] not in "aeiouäöüy"
        and (stem[-1] != "s" or stem.endswith("ss"))
        and stem not in german._NOT_STEMS
        and not stem.endswith(german._NOUN_ENDINGS)
    )
)


def _forms(stem: str) -> set[str]:
    t_form = stem + ("et" if stem[-1] in "dt" else "t")
    return {stem + "en", t_form, "ge" + t_form}


@settings(max_examples=1000)
@given(VERB_STEM)
def test_each_form_of_a_weak_verb_finds_the_others(stem):
    """Whichever of infinitive, "-t" form and participle is typed, the search also asks for
    the other two (and so finds a text with either)."""
    forms = _forms(stem)
    for typed in forms:
        assert forms - {typed} <= set(german.verb_forms(typed))


@settings(max_examples=1000)
@given(VERB_STEM, st.sampled_from(["e", "en", "et", "est", "end"]))
def test_the_past_tense_finds_the_infinitive(stem, ending):
    # "blinkte", "blinkten", "blinktet", "blinktest": the "-t" form and an ending.
    t_form = stem + ("et" if stem[-1] in "dt" else "t")
    if ending != "end":  # "blinktend" is no form of "blinken"
        assert stem + "en" in german.verb_forms(t_form + ending)


@settings(max_examples=2000)
@given(st.text(max_size=20))
def test_any_text_gives_forms_other_than_itself(word):
    word = word.lower()
    forms = german.verb_forms(word)
    assert word not in forms and all(form.isalpha() for form in forms)
    assert len(set(forms)) == len(forms)


@settings(max_examples=500)
@given(st.text(max_size=40))
def test_each_term_starts_with_the_word_typed(typed):
    found = text.terms(typed)
    if text.reference_number(typed) is None:
        assert [term[0] for term in found] == list(dict.fromkeys(text.words(typed)))[:16]
        assert all(term[1:] == german.verb_forms(term[0]) for term in found)


@pytest.mark.parametrize(
    "noun",
    [
        *("internet", "ticket", "tablet", "stadt", "gast", "kunst", "nacht", "liste", "gerät"),
        *("störungen", "rechnungen", "gelegenheiten", "möglichkeiten", "stationen"),
    ],
)
def test_nouns_ending_like_a_verb_form_stay_as_typed(noun):
    # "Internet" is no "intern" + "et", "Nacht" must not find every "nach".
    assert german.verb_forms(noun) == ()


@pytest.mark.parametrize(
    ("typed", "also"),
    [
        ("blinkt", {"blinken", "geblinkt"}),
        ("gekündigt", {"kündigen", "kündigt"}),
        ("meldet", {"melden", "gemeldet"}),
        ("installiert", {"installieren"}),
        ("passt", {"passen", "gepasst"}),
    ],
)
def test_verb_forms_table(typed, also):
    assert also <= set(german.verb_forms(typed))
