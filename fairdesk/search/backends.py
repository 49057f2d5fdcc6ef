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

import json
from datetime import datetime
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from fairdesk.cases.models import Case
from fairdesk.lib import sql
from fairdesk.search import text as search_text

# At most this many matches are ranked and returned: the newest ones.
RANKED = 1000
# PostgreSQL looks for them among the newest cases, first among at least this many.
_FIRST_WINDOW = 10 * RANKED
# A first window at most this large (words in more than about one case of twenty) is
# walked along the ids; a larger one is looked up in the GIN index.
_ALONG_IDS_UP_TO = 4 * _FIRST_WINDOW
# A step of the walk asks for at most this many matches (a reader who sees few of them).
_MAX_STEP = 20 * RANKED
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
    found = matching_counted(text, within=within, public_only=public_only, limit=RANKED)
    return found[0] if found is not None else None


def matching_counted(
    text: str, *, within: QuerySet[Case], public_only: bool, limit: int
) -> tuple[QuerySet[Case], int] | None:
    """`matching`'s queryset and how many of `within` match, counted no further than
    `limit` (more: `limit` + 1). None when nothing can match. On PostgreSQL the newest
    matches are found, ranked and counted in one walk."""
    terms = search_text.terms(text)
    if not terms:
        return None
    try:
        if connections[within.db].vendor == "postgresql":
            newest = _newest_postgres(terms, within, public_only, max(limit, RANKED) + 1)
            return _ranked_postgres(within, newest[:RANKED]), min(len(newest), limit + 1)
        ids = _newest_sqlite(terms, within, public_only, max(limit, RANKED) + 1)
        return _sqlite(terms, ids, within=within, public_only=public_only), min(len(ids), limit + 1)
    except EmptyResultSet:  # `within` can hold nothing (none(), pk__in=[]): nor can matches
        return None


def _sqlite(
    terms: list[tuple[str, ...]], newest: list[int], *, within: QuerySet[Case], public_only: bool
) -> QuerySet[Case]:
    """The matches among `within` to rank; `newest`: the ids of the newest matches the
    caller may see, newest first (at least RANKED of them when there are)."""
    matches = _matches_sqlite(terms, within, public_only)
    if _is_small(within):
        # A customer's few cases: check the matches against their ids, kept in a temporary
        # index, instead of looking up the case of each of perhaps 30,000 matches.
        ids, params = _sql(within.order_by().values("pk"))
        candidates = f"+{_FTS}.rowid IN ({ids})"
    else:
        # The id of the RANKED-th newest match the caller may see, from the count's walk
        # (a subquery walked those matches again): no ranking to find it.
        params = [newest[RANKED - 1] if len(newest) >= RANKED else 0]
        candidates = f"{_FTS}.rowid >= %s"
    return matches.extra(  # noqa: S610 -- constant SQL, the expression is a bound parameter
        where=[candidates],
        params=params,
        select={"search_rank": f"bm25({_FTS}, {_WEIGHTS})"},
    )


class Found(NamedTuple):
    """One match of a PostgreSQL search, with what its place in the ranking needs."""

    pk: int
    rank: float  # -ts_rank: smaller is better, as bm25 on SQLite
    updated_at: datetime


def _ranked_postgres(within: QuerySet[Case], newest: list[Found]) -> QuerySet[Case]:
    """`within`'s cases among `newest`, with their `search_rank`: their place in the
    ranking, which was made here from the ranks the walk returned (best, then last
    changed, then newest), so the page's query ranks nothing and reads no text again."""
    ranked = sorted(newest, key=lambda found: (found.updated_at, found.pk), reverse=True)
    ranked.sort(key=lambda found: found.rank)  # stable: equal ranks stay last changed first
    ids = [found.pk for found in ranked]
    # One array, not a thousand parameters (PostgreSQL plans an IN list of a thousand
    # constants in milliseconds); the places as a JSON object, which PostgreSQL looks a key
    # up in by halving (array_position reads the array from the start for every case).
    places = json.dumps({str(pk): place for place, pk in enumerate(ids)})
    return within.extra(  # noqa: S610 -- constant SQL, the ids are bound parameters
        where=['"cases_case"."id" = ANY(%s::bigint[])'],
        params=[ids],
        select={"search_rank": """(%s::jsonb ->> "cases_case"."id"::text)::integer"""},
        select_params=[places],
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


def _among_few(
    terms: list[tuple[str, ...]], within: QuerySet[Case], public_only: bool, limit: int
) -> list[Found]:
    """The newest `limit` matches among `within`'s few cases (a customer's), found
    through their own index, each with its rank."""
    document, query, params, matches = _postgres_matches(terms, within, public_only)
    rows = (
        matches.extra(  # noqa: S610 -- constant SQL, the words are bound parameters
            select={"search_rank": f"-ts_rank({document}, ({query}))"}, select_params=params
        )
        .order_by("-pk")
        .values_list("pk", "search_rank", "updated_at")[:limit]
    )
    return [Found(*row) for row in rows]


# One step of the walk down the ids: the newest matches in a range of ids from the text's
# index alone, then the newest of them the reader may see, and only those ranked (their
# text read again by id: carried along, every walked match's text made the walk of a
# reader who sees one case in a hundred three times as slow). The first row also says how
# many matches were walked and the lowest id walked (one row of nulls when none is
# visible). Filled in by _walk: the matches (_ALONG_IDS or _FROM_INDEX), the document
# column, the tsquery, the id bounds, the SQL of the newest visible among the matches.
_WALK = """WITH {matches},
newest (id, updated_at) AS MATERIALIZED ({visible})
SELECT newest.id, newest.updated_at, -ts_rank(ranked.{column}, ({query})),
    (SELECT count(*) FROM found), (SELECT min(case_id) FROM found)
FROM (SELECT 1) AS one LEFT JOIN newest ON true
LEFT JOIN search_casetext AS ranked ON ranked.case_id = newest.id
ORDER BY newest.id DESC"""
# Where the words are common: along the ids, testing each case's text, until enough.
_ALONG_IDS = """found AS MATERIALIZED (
    SELECT case_id FROM search_casetext
    WHERE {document} @@ ({query}){bounds} ORDER BY case_id DESC LIMIT %s)"""
# Where they are rarer: every match in the window, found in the GIN index (planned on its
# own: asked for the newest few, PostgreSQL walked the ids, reading a hundred cases for
# each match of two words found together in one case of a hundred).
_FROM_INDEX = """in_window AS MATERIALIZED (
    SELECT case_id FROM search_casetext WHERE {document} @@ ({query}){bounds}),
found AS MATERIALIZED (SELECT case_id FROM in_window ORDER BY case_id DESC LIMIT %s)"""


def _walk(
    terms: list[tuple[str, ...]],
    within: QuerySet[Case],
    public_only: bool,
    ids: tuple[int | None, int | None],
    wanted: int,
    walked: int | None,
    *,
    along_ids: bool,
) -> tuple[list[Found], int, int | None]:
    """The newest `wanted` matches in `within` with ids in (above, upto], newest first,
    with their rank; how many matches were walked; the lowest id walked (None: none).
    `walked`: how many of the newest matches to walk (None: all), along the ids or (not
    `along_ids`) from the GIN index."""
    document = "search_casetext.public_doc" if public_only else "search_casetext.all_doc"
    query, params = tsquery(terms)
    bounds, bound_params = _id_bounds("case_id", *ids)
    visible, visible_params = _sql(
        within.extra(where=['"cases_case"."id" IN (SELECT case_id FROM found)'])  # noqa: S610 -- constant SQL
        .order_by("-pk")
        .values_list("pk", "updated_at")[:wanted]
    )
    matches = (_ALONG_IDS if along_ids else _FROM_INDEX).format(
        document=document, query=query, bounds="".join(f" AND {bound}" for bound in bounds)
    )
    sql = _WALK.format(
        matches=matches, column=document.partition(".")[2], query=query, visible=visible
    )
    with connections[within.db].cursor() as cursor:  # LIMIT NULL: no limit
        cursor.execute(sql, [*params, *bound_params, walked, *visible_params, *params])
        rows = cursor.fetchall()
    found = [Found(pk, rank, updated_at) for pk, updated_at, rank, *_ in rows if pk is not None]
    return found, rows[0][3], rows[0][4]


def _newest_postgres(
    terms: list[tuple[str, ...]], within: QuerySet[Case], public_only: bool, limit: int
) -> list[Found]:
    """The newest `limit` matches in `within`, newest first, with their rank.

    A customer's few cases are searched through their own index. Otherwise the walk goes
    down the ids in windows: first among the newest cases (a window sized by how common
    the words are), then among older ones, each window's size by what the ones before
    held. Without a window, PostgreSQL walked the ids down and tested each case's text
    until it had found `limit`: fine for a word in a third of the cases, a second for two
    words found together in one case of a hundred (it guessed them far more common). Within
    a window each step asks for as many matches as should hold the visible ones still
    wanted, by the share of the matches walked so far that the reader could see."""
    if _is_small(within):  # a customer's cases: found through their own index
        return _among_few(terms, within, public_only, limit)
    document = "search_casetext.public_doc" if public_only else "search_casetext.all_doc"
    # The newest id as a value, not a subquery: PostgreSQL then knows how many rows a window
    # holds (it guessed a third of the table) and looks a rarer word up in the GIN index.
    top = Case.objects.using(within.db).order_by("-pk").values_list("pk", flat=True).first() or 0
    window = _first_window(within.db, document, terms, top, limit)
    found: list[Found] = []
    walked = 0
    upto = None  # the ids above it were walked already
    while True:
        above = top - window if window < top else None
        wanted = limit - len(found)
        asked = min(_MAX_STEP, max(wanted, wanted * walked // max(len(found), 1) * 5 // 4))
        # Along the ids in a window as small as the words' estimate makes it where they are
        # common. From the GIN index, a step after the first takes the rest of the window:
        # each step reads the words' whole posting lists again.
        along_ids = above is not None and window <= _ALONG_IDS_UP_TO
        ask = asked if along_ids or walked == 0 else None
        step, stepped, lowest = _walk(
            terms, within, public_only, (above, upto), wanted, ask, along_ids=along_ids
        )
        found += step
        walked += stepped
        if len(found) >= limit:
            return found[:limit]
        if stepped == ask and lowest is not None:  # the window goes on below this step
            upto = lowest - 1
            continue
        if above is None:  # every case was walked
            return found
        upto = above
        # Large enough, by what this one held, with a margin (two to eight times as large).
        window = int(window * min(max(1.25 * limit / max(len(found), 1), 2), 8))


def _id_bounds(column: str, above: int | None, upto: int | None) -> tuple[list[str], list[int]]:
    """Conditions bounding `column` to (above, upto] (None: unbounded), and their values."""
    where, params = [], []
    if above is not None:
        where, params = [f"{column} > %s"], [above]
    if upto is not None:
        where, params = [*where, f"{column} <= %s"], [*params, upto]
    return where, params


def _first_window(
    db: str, document: str, terms: list[tuple[str, ...]], top: int, limit: int
) -> int:
    """How many of the newest cases to look among first: as many as should hold twice
    `limit` matches by PostgreSQL's own estimate of how common the words are (its
    statistics of the index column), at least _FIRST_WINDOW. A window costs about its size
    for a common word (tested row by row), so it should be just large enough. Where it
    would hold a quarter of the cases or more, all of them: a rarer word's few matches come
    straight from the GIN index, and bounding them by id cost a bitmap of every id in the
    window (100 ms for a word in four cases, looked for among 400,000, then 600,000)."""
    query, params = _estimated_tsquery(terms)
    with connections[db].cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_casetext WHERE {document} @@ ({query})",  # noqa: S608 -- constant SQL
            params,
        )
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    estimated = max(int(plan[0]["Plan"]["Plan Rows"]), 1)
    window = max(_FIRST_WINDOW, 2 * limit * top // estimated)
    return top if window * 4 >= top else window


def _estimated_tsquery(terms: list[tuple[str, ...]]) -> tuple[str, list[str]]:
    """`tsquery` for PostgreSQL's estimate of how common the words are: each word by its
    German stem alone (its English one when German drops it as a stop word). Every word is
    indexed under both stems, so asking for either counted each case twice: "already"
    looked as common as two words, twice as common as it is."""
    stem = (
        "CASE WHEN numnode(plainto_tsquery('german', %s)) > 0"
        " THEN plainto_tsquery('german', %s) ELSE plainto_tsquery('english', %s) END"
    )
    parts = [f"({' || '.join(stem for _ in words)})" for words in terms]
    return " && ".join(parts), [word for words in terms for word in words for _ in range(3)]


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
        return len(_newest_sqlite(terms, within, public_only, limit + 1))
    except EmptyResultSet:
        return None


def _matches_sqlite(
    terms: list[tuple[str, ...]], within: QuerySet[Case], public_only: bool
) -> QuerySet[Case]:
    expression = search_text.match_expression(terms, column="title public" if public_only else None)
    return within.extra(  # noqa: S610 -- constant SQL, the expression is a bound parameter
        tables=[_FTS], where=[_FTS_JOIN, f"{_FTS} MATCH %s"], params=[expression]
    )


def _newest_sqlite(
    terms: list[tuple[str, ...]], within: QuerySet[Case], public_only: bool, wanted: int
) -> list[int]:
    """The ids of the newest `wanted` matches among `within`, newest first: a count walks
    them, and the RANKED-th bounds the ranked page. Newest first, as the ranked page walks
    them: a common word's matches are then found along the ids (and the page's walk finds
    them cached) instead of in a whole bitmap."""
    matches = _matches_sqlite(terms, within, public_only)
    return list(matches.order_by("-pk").values_list("pk", flat=True)[:wanted])


def _is_small(within: QuerySet[Case]) -> bool:
    """Whether `within` holds at most RANKED cases (counted no further than that)."""
    if within.query.is_sliced:
        return within.order_by()[: RANKED + 1].count() <= RANKED
    # The ORM's count() of a slice builds a second query around the first (~0.1 ms a
    # search); the same statement around `within`'s own SQL.
    ids, params = _sql(within.order_by().values("pk"))
    found = sql.one(f"SELECT COUNT(*) FROM ({ids} LIMIT {RANKED + 1}) small", params)  # noqa: S608
    return found is not None and found[0] <= RANKED


def _sql(queryset: QuerySet) -> tuple[str, list]:
    """The SQL of `queryset` to nest in another query's extra(): its table names unchanged."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, list(params)
