"""Words and stems for SQLite's full-text index: a pure core, no Django.

FTS5 only knows an English Porter stemmer, so the index holds a stemmed copy of the text
instead: every word becomes its German and its English Snowball stem ("Störungen" →
"storung störungen"), and a query word matches when either of its stems does. The index and
the query go through the same two functions, so they always agree.
"""

import re
from functools import lru_cache

import snowballstemmer

# FTS5's unicode61 tokenizer splits on everything that is not a letter or a digit.
_WORD = re.compile(r"[^\W_]+")
_GERMAN = snowballstemmer.stemmer("german")
_ENGLISH = snowballstemmer.stemmer("english")
# A few thousand distinct words cover most of a desk's language; stemming is the slow part.
_CACHE_SIZE = 200_000
MAX_QUERY_WORDS = 16


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=_CACHE_SIZE)
def stems(word: str) -> tuple[str, ...]:
    """The German and English stems of one lower-case word (one if they agree)."""
    german = _GERMAN.stemWord(word)
    english = _ENGLISH.stemWord(word)
    return (german,) if german == english else (german, english)


def stemmed(text: str) -> str:
    """`text` as the index stores it: each word replaced by its stems."""
    return " ".join(stem for word in words(text) for stem in stems(word))


def match_expression(text: str, *, column: str | None = None) -> str | None:
    """An FTS5 MATCH expression: every word of `text`, by either stem; None without words.

    Each stem is quoted, so nothing a person types is read as FTS5 syntax.
    """
    terms = []
    for word in dict.fromkeys(words(text)):
        alternatives = " OR ".join(f'"{stem}"' for stem in stems(word))
        terms.append(f"({alternatives})")
    if not terms:
        return None
    expression = " AND ".join(terms[:MAX_QUERY_WORDS])
    return f"{{{column}}} : ({expression})" if column else expression
