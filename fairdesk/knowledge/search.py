"""Finding published articles by what a person types, by the German or English stem of each
word, as in the case search (fairdesk.search.text builds the terms of both databases'
queries; fairdesk.search.backends the PostgreSQL one)."""

from django.db import connection

from fairdesk.search import text as search_text
from fairdesk.search.backends import tsquery

_SQLITE = (
    "SELECT t.article_id FROM knowledge_articletext_fts f"
    " JOIN knowledge_articletext t ON t.article_id = f.rowid"
    " WHERE knowledge_articletext_fts MATCH %s AND (t.public OR %s)"
    # bm25 weights of the columns title and body.
    " ORDER BY bm25(knowledge_articletext_fts, 5.0, 1.0), t.article_id DESC LIMIT %s"
)
_POSTGRES = (
    "SELECT article_id FROM knowledge_articletext WHERE doc @@ ({query}) AND (public OR %s)"
    " ORDER BY ts_rank(doc, ({query})) DESC, article_id DESC LIMIT %s"
)
# Words this short say little about what a question is about ("an", "es", "is").
_SHORTEST_WORD = 3


def matching_ids(text: str, *, public_only: bool, limit: int, every_word: bool = True) -> list[int]:
    """The ids of the articles whose published text matches `text`, best first.

    A search wants `every_word`; a suggestion while a customer types a sentence does not
    (its every word is rarely in one article): any word counts, and articles that match
    more and rarer words rank higher.
    """
    terms = search_text.terms(text or "")
    if not every_word:
        terms = [term for term in terms if len(term[0]) >= _SHORTEST_WORD]
    if not terms:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            groups = [terms] if every_word else [[term] for term in terms]
            parts = [tsquery(group) for group in groups]
            query = " || ".join(f"({sql})" for sql, _ in parts)
            params = [value for _, values in parts for value in values]
            cursor.execute(
                _POSTGRES.format(query=query), [*params, not public_only, *params, limit]
            )
        else:
            if every_word:
                expression = search_text.match_expression(terms)
            else:
                expression = " OR ".join(
                    f"({search_text.match_expression([term])})" for term in terms
                )
            cursor.execute(_SQLITE, [expression, not public_only, limit])
        return [row[0] for row in cursor.fetchall()]
