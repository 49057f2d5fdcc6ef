"""The database-specific half of a search: narrow a case queryset to matches, with a rank.

Both add a `search_rank` column where smaller is better. The index table is joined through
`extra()` because the ORM has no way to join a virtual FTS5 table by rowid or to call bm25();
every value a person typed is passed as a bound parameter, never put into the SQL.

Ranking costs time for every match it scores (bm25 reads each match's word positions), and a
common word matches a third of all cases. So a search ranks only the newest `RANKED` matches
among the cases the caller may see, and leaves older ones out: "the best of the newest
1,000". Case ids grow with time, so the newest are the highest ids, which both indexes hand
out in order without scoring anything ("newest" by opening, not by last activity). A person
who gets a thousand matches adds a word rather than reading page 21; a search with fewer
matches than that is ranked whole, as before.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from fairdesk.cases.models import Case
from fairdesk.search import text as search_text

# At most this many matches are ranked and returned: the newest ones.
RANKED = 1000
# PostgreSQL looks for them first among this many newest cases, then among more.
_RECENT = (50 * RANKED, 200 * RANKED, 800 * RANKED)
# bm25 weights of the FTS5 columns title, public, internal.
_WEIGHTS = "10.0, 2.0, 1.0"
_FTS = "search_casetext_fts"
_CONFIGS = ("german", "english")
# The unary + keeps SQLite from probing the FTS index once per case with the case's id: a
# probe re-reads the word's statistics each time (a few ms for a common word), so the plan
# must walk the matches once and look the cases up by primary key.
_FTS_JOIN = f'+{_FTS}.rowid = "cases_case"."id"'


def matching(text: str, *, within: QuerySet[Case], public_only: bool) -> QuerySet[Case] | None:
    """`within` joined to its matches with their `search_rank`; None when nothing can match."""
    terms = search_text.terms(text)
    if not terms:
        return None
    try:
        if connections[within.db].vendor == "postgresql":
            return _postgres(terms, within=within, public_only=public_only)
        return _sqlite(terms, within=within, public_only=public_only)
    except EmptyResultSet:  # `within` can hold nothing (none(), pk__in=[]): nor can matches
        return None


def _sqlite(
    terms: list[tuple[str, ...]], *, within: QuerySet[Case], public_only: bool
) -> QuerySet[Case]:
    expression = search_text.match_expression(terms, column="title public" if public_only else None)
    matches = within.extra(  # noqa: S610 -- constant SQL, the expression is a bound parameter
        tables=[_FTS], where=[_FTS_JOIN, f"{_FTS} MATCH %s"], params=[expression]
    )
    if _is_small(within):
        # A customer's few cases: check the matches against their ids, kept in a temporary
        # index, instead of looking up the case of each of perhaps 30,000 matches.
        ids, params = _sql(within.order_by().values("pk"))
        candidates = f"+{_FTS}.rowid IN ({ids})"
    else:
        # The id of the RANKED-th newest match the caller may see: no ranking to find it.
        newest = matches.extra(select={"fts_rowid": f"{_FTS}.rowid"})  # noqa: S610 -- constant
        newest = newest.order_by("-fts_rowid")
        threshold, params = _sql(newest.values("fts_rowid")[RANKED - 1 : RANKED])
        candidates = f"{_FTS}.rowid >= COALESCE(({threshold}), 0)"
    return matches.extra(  # noqa: S610 -- constant SQL, the expression is a bound parameter
        where=[candidates],
        params=params,
        select={"search_rank": f"bm25({_FTS}, {_WEIGHTS})"},
    )


def _postgres(
    terms: list[tuple[str, ...]], *, within: QuerySet[Case], public_only: bool
) -> QuerySet[Case]:
    document, query, query_params, matches = _postgres_matches(terms, within, public_only)
    # Named outright, so PostgreSQL, which guesses a thousand matches for any word, looks
    # up these cases by id instead of hashing all of them.
    matches = matches.filter(pk__in=_newest_postgres(terms, within, public_only, RANKED))
    return matches.extra(  # noqa: S610 -- constant SQL, the words are bound parameters
        select={"search_rank": f"-ts_rank({document}, ({query}))"}, select_params=query_params
    )


def _postgres_matches(
    terms: list[tuple[str, ...]], within: QuerySet[Case], public_only: bool
) -> tuple[str, str, list[str], QuerySet[Case]]:
    """The document column, the tsquery and its parameters, and `within`'s matches."""
    document = "search_casetext.public_doc" if public_only else "search_casetext.all_doc"
    query, params = tsquery(terms)
    matches = within.extra(  # noqa: S610 -- constant SQL, the words are bound parameters
        tables=["search_casetext"],
        where=['search_casetext.case_id = "cases_case"."id"', f"{document} @@ ({query})"],
        params=params,
    )
    return document, query, params, matches


def _newest_postgres(
    terms: list[tuple[str, ...]], within: QuerySet[Case], public_only: bool, limit: int
) -> list[int]:
    """The ids of the newest `limit` matches in `within`, newest first.

    A customer's few cases are searched through their own index. A rare word's few matches
    in the whole index come from the GIN index and are then narrowed to `within` by id. A
    common word's are looked for among the newest cases first, in growing windows: with
    only a lower bound from the RANKED-th newest match, PostgreSQL walked, then built the
    word's whole bitmap again for the page (a hundred thousand entries for a word in a
    tenth of a million cases)."""
    document, query, params, matches = _postgres_matches(terms, within, public_only)
    newest = matches.order_by("-pk").values_list("pk", flat=True)
    if _is_small(within):  # a customer's cases: found through their own index
        return list(newest[:limit])
    few = _all_matches_if_few(within.db, document, query, params)
    if few is not None:  # a rare word: its few matches, narrowed by id
        return list(newest.filter(pk__in=few)[:limit])
    # A common word: its newest matches, among the newest cases first, in windows that grow
    # fourfold (bounded work each; the last one costs about what all of them do).
    for window in _RECENT:
        recent = list(
            newest.extra(  # noqa: S610 -- constant SQL, the window is a bound parameter
                where=["search_casetext.case_id > (SELECT max(id) FROM cases_case) - %s"],
                params=[window],
            )[:limit]
        )
        if len(recent) >= limit:
            return recent
    return list(newest[:limit])


def _all_matches_if_few(db: str, document: str, query: str, params: list[str]) -> list | None:
    """The ids of all matches in the whole index if there are at most RANKED, else None."""
    with connections[db].cursor() as cursor:
        cursor.execute(
            f"SELECT case_id FROM search_casetext WHERE {document} @@ ({query}) LIMIT %s",  # noqa: S608 -- constant SQL
            [*params, RANKED + 1],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) <= RANKED else None


def tsquery(terms: list[tuple[str, ...]]) -> tuple[str, list[str]]:
    """Every term must match, each by the German or English stem of any of its words: the
    same rule as on SQLite, and no query syntax to learn or to trip on."""
    parts = []
    for words in terms:
        stems = [f"plainto_tsquery('{config}', %s)" for _ in words for config in _CONFIGS]
        parts.append(f"({' || '.join(stems)})")
    return " && ".join(parts), [word for words in terms for word in words for _ in _CONFIGS]


def count(text: str, *, within: QuerySet[Case], public_only: bool, limit: int) -> int | None:
    """How many of `within` match `text`, counted no further than `limit` (more: `limit`
    + 1). None when nothing can match. Unranked, so a common word costs only the count."""
    terms = search_text.terms(text)
    if not terms:
        return None
    try:
        if connections[within.db].vendor == "postgresql":
            return len(_newest_postgres(terms, within, public_only, limit + 1))
        else:
            column = "title public" if public_only else None
            expression = search_text.match_expression(terms, column=column)
            matches = within.extra(  # noqa: S610 -- constant SQL, the expression is bound
                tables=[_FTS], where=[_FTS_JOIN, f"{_FTS} MATCH %s"], params=[expression]
            )
        # Newest first, as the ranked page walks them: a common word's matches are then found
        # along the ids (and the page's walk finds them cached) instead of in a whole bitmap.
        return len(matches.order_by("-pk").values_list("pk", flat=True)[: limit + 1])
    except EmptyResultSet:
        return None


def _is_small(within: QuerySet[Case]) -> bool:
    """Whether `within` holds at most RANKED cases (counted no further than that)."""
    return within.order_by()[: RANKED + 1].count() <= RANKED


def _sql(queryset: QuerySet) -> tuple[str, list]:
    """The SQL of `queryset` to nest in another query's extra(): its table names unchanged."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, list(params)
