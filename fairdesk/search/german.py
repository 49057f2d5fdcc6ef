"""The other forms of a German weak verb a searched word may be: a pure rule, no Django.

The Snowball German stemmer (ours on SQLite, PostgreSQL's `german`) strips noun and
adjective endings but leaves a verb's "-t": "blinken" and "blinke" become "blink", while
"blinkt", "blinkte" and "blinkten" become "blinkt" and the participle "geblinkt" stays
"geblinkt", so a search for one form missed the others. Changing the index would need the
same rule inside PostgreSQL's text search; asking for the other forms as well needs
nothing there: `search.text.terms` adds them to the typed word as alternatives, so both
databases (and the case and the knowledge search) stem them as they stem any word.

Only weak verbs ("blinken", "kündigen", "melden", "installieren"); a strong verb changes its
vowel ("laden", "lädt", "geladen") and is left to the stemmer. A noun shaped like a verb
form ("Markt" read as "mark" + "t") finds the words with that stem as well; the few whose
stem would be a common function word ("Nacht" as "nach" + "t") are left out.
"""

_VOWELS = frozenset("aeiouäöüy")
_SHORTEST_STEM = 4
# Stems that are German function words: "Nacht", "Gesicht", "Gedicht" must not find every
# text with "nach", "sich", "dich" in it.
_NOT_STEMS = frozenset({"auch", "dich", "doch", "euch", "mich", "nach", "noch", "sich"})
# Endings only a noun's stem has: "Störungen", "Rechnungen", "Stationen" are plurals, and the
# forms of a verb "störung" would only be three more terms for every such word searched.
_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion")
# The endings of a weak verb's "-t" forms, longest first: present ("blinkt", "meldet"),
# past ("blinkte", "blinkten", "blinktet", "blinktest"), and a participle's adjective
# endings ("gekündigte", "gekündigten").
_T_ENDINGS = ("etest", "eten", "etet", "ete", "test", "ten", "tet", "te", "et", "t")


def verb_forms(word: str) -> tuple[str, ...]:
    """The infinitive, the "-t" form and the participle of each weak verb that the
    lower-case `word` may be a form of, without `word` itself; () when it is shaped like
    none. `verb_forms("blinkt")` == ("blinken", "geblinkt")."""
    forms: dict[str, None] = {}
    for stem in _stems(word):
        t_form = stem + ("et" if stem[-1] in "dt" else "t")
        forms.update(dict.fromkeys((stem + "en", t_form, "ge" + t_form)))
    forms.pop(word, None)
    return tuple(forms)


def _stems(word: str) -> list[str]:
    """Every verb stem `word` may be a form of: its infinitive ("blinken"), a "-t" form
    ("blinkt", "blinkte") or a participle ("geblinkt")."""
    if len(word) < 5 or not word.isalpha():
        return []
    found = []
    if word.endswith("en"):
        found.append(word[:-2])
    for ending in _T_ENDINGS:
        stem = word[: -len(ending)]
        # A stem ending in "d" or "t" takes "-et" ("meldet"), any other takes "-t": so
        # "Internet" is no "intern" + "et", nor "Stadt" "stad" + "t".
        if word.endswith(ending) and ending.startswith("e") == stem.endswith(("d", "t")):
            found.append(stem)
            if stem.startswith("ge"):
                found.append(stem[2:])
    return [stem for stem in dict.fromkeys(found) if _may_be_stem(stem)]


def _may_be_stem(stem: str) -> bool:
    """A weak verb's stem ends in a consonant ("blink", "meld"), not in an "s" the ending
    would stand after in a noun ("Gast", "Liste"), unless doubled ("passt"), nor in a
    noun's own ending ("Störung")."""
    return (
        len(stem) >= _SHORTEST_STEM
        and stem[-1] not in _VOWELS
        and (stem[-1] != "s" or stem.endswith("ss"))
        and stem not in _NOT_STEMS
        and not stem.endswith(_NOUN_ENDINGS)
    )
