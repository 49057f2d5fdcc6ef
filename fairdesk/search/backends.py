"""The database-specific half of a search: narrow a case queryset to matches, with a rank.

Both add a `search_rank` column where smaller is better. The index table is joined through
`extra()` because the ORM has no way to join a virtual FTS5 table by rowid or to call bm25();
every value a person typed is passed as a bound parameter, never put into the SQL.
"""

from django.db import connection
from django.db.models import QuerySet

from fairdesk.cases.models import Case
from fairdesk.search import text as search_text

# bm25 weights of the FTS5 columns title, public, internal.
_WEIGHTS = "10.0, 2.0, 1.0"


def matching(text: str, *, within: QuerySet[Case], public_only: bool) -> QuerySet[Case] | None:
    """`within` joined to its matches with their `search_rank`; None when `text` has no words."""
    if connection.vendor == "postgresql":
        return _postgres(text, within=within, public_only=public_only)
    return _sqlite(text, within=within, public_only=public_only)


def _sqlite(text: str, *, within: QuerySet[Case], public_only: bool) -> QuerySet[Case] | None:
    expression = search_text.match_expression(text, column="title public" if public_only else None)
    if expression is None:
        return None
    return within.extra(  # noqa: S610 -- constant SQL, the expression is a bound parameter
        tables=["search_casetext_fts"],
        where=['search_casetext_fts.rowid = "cases_case"."id"', "search_casetext_fts MATCH %s"],
        params=[expression],
        select={"search_rank": f"bm25(search_casetext_fts, {_WEIGHTS})"},
    )


def _postgres(text: str, *, within: QuerySet[Case], public_only: bool) -> QuerySet[Case] | None:
    # The same words as on SQLite, every one required: no query syntax to learn or to trip on.
    words = " ".join(search_text.words(text)[: search_text.MAX_QUERY_WORDS])
    if not words:
        return None
    document = "search_casetext.public_doc" if public_only else "search_casetext.all_doc"
    query = "(plainto_tsquery('german', %s) || plainto_tsquery('english', %s))"
    return within.extra(  # noqa: S610 -- constant SQL, the words are bound parameters
        tables=["search_casetext"],
        where=['search_casetext.case_id = "cases_case"."id"', f"{document} @@ {query}"],
        params=[words, words],
        select={"search_rank": f"-ts_rank({document}, {query})"},
        select_params=[words, words],
    )
