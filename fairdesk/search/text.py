"""Words, stems and query terms for the search index: a pure core, no Django.

FTS5 only knows an English Porter stemmer, so the index holds a stemmed copy of the text
instead: every word becomes its German and its English Snowball stem ("Störungen" →
"storung störungen"), and a query word matches when either of its stems does. The index and
the query go through the same two functions, so they always agree. Both databases search
for the same `terms`.
"""

import re
from functools import lru_cache

import snowballstemmer

from fairdesk.lib.references import PREFIX, format_reference
from fairdesk.search import german

# FTS5's unicode61 tokenizer splits on everything that is not a letter or a digit.
_WORD = re.compile(r"[^\W_]+")
_GERMAN = snowballstemmer.stemmer("german")
_ENGLISH = snowballstemmer.stemmer("english")
# A few thousand distinct words cover most of a desk's language; stemming is the slow part.
_CACHE_SIZE = 200_000
MAX_QUERY_WORDS = 16
_STEMMED: dict[str, str] = {}
_REFERENCE = re.compile(rf"^(?:{PREFIX}-?)?(\d{{1,12}})$", re.IGNORECASE)


def _ends_in_digit(word: str) -> bool:
    """An ASCII word ending in a digit, without the pairs German stemming reads as umlauts."""
    return (
        word[-1:].isdigit()
        and word.isascii()
        and "ae" not in word
        and "oe" not in word
        and "ue" not in word
    )


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=_CACHE_SIZE)
def stems(word: str) -> tuple[str, ...]:
    """The German and English stems of one lower-case word (one if they agree)."""
    if word.isdigit() or _ends_in_digit(word):
        # References, numbers and amounts have no stem, and there are a great many of them:
        # stemming each would cost time and push the words out of the cache. Neither
        # stemmer changes an ASCII word that ends in a digit ("k17", a customer's address):
        # every suffix they strip ends in a letter, and they rewrite only umlauts ("ae" is
        # read as "ä") (a property test holds them to it), so such a word is its own stem.
        return (word,)
    german = _GERMAN.stemWord(word)
    english = _ENGLISH.stemWord(word)
    return (german,) if german == english else (german, english)


def stemmed(text: str) -> str:
    """`text` as the index stores it: each word replaced by its stems."""
    # A full reindex stems millions of words: look each up in a plain dict first.
    cache = _STEMMED
    return " ".join([cache.get(word) or _stemmed_word(word) for word in words(text)])


def _stemmed_word(word: str) -> str:
    joined = " ".join(stems(word))
    if not _ends_in_digit(word):  # there are too many numbers to keep
        if len(_STEMMED) >= _CACHE_SIZE:
            _STEMMED.clear()
        _STEMMED[word] = joined
    return joined


def terms(text: str) -> list[tuple[str, ...]]:
    """What a search looks for: every term must match, by any one of its words.

    A case reference ("FD-000123", "fd000123", "000123", "123") is looked for by its number
    in both spellings: the index holds "000123" and "123" for FD-000123, and "fd", which is
    in every case, would find nothing more and only cost time.

    A word that may be a German weak verb's form is also looked for in its other forms
    ("blinkt" also as "blinken" and "geblinkt", `german.verb_forms`): the stemmer leaves a
    verb's "-t" on.
    """
    number = reference_number(text)
    if number is not None:
        return [tuple(dict.fromkeys((format_reference(number).rpartition("-")[2], str(number))))]
    typed = list(dict.fromkeys(words(text)))[:MAX_QUERY_WORDS]
    return [(word, *german.verb_forms(word)) for word in typed]


def reference_number(text: str) -> int | None:
    """The number of the case reference `text` is, if it is one: "FD-000123" → 123."""
    match = _REFERENCE.match(text.strip())
    return int(match.group(1)) if match else None


def match_expression(terms: list[tuple[str, ...]], *, column: str | None = None) -> str | None:
    """An FTS5 MATCH expression: every term, by either stem of any of its words.

    Each stem is quoted, so nothing a person types is read as FTS5 syntax.
    """
    parts = []
    for alternatives in terms:
        quoted = dict.fromkeys(f'"{stem}"' for word in alternatives for stem in stems(word))
        parts.append(f"({' OR '.join(quoted)})")
    if not parts:
        return None
    expression = " AND ".join(parts)
    return f"{{{column}}} : ({expression})" if column else expression
