"""Keeping the search index in step with the cases.

Why explicit calls and not database triggers: on SQLite the index holds text stemmed in
Python (FTS5 has no German stemmer), which a trigger cannot do. So cases.services calls
`entry_written` at the one place timeline entries are written and `case_changed` when a
case's own searchable fields change. Inside a service call the case is only noted: it is
indexed once, at the end of the outermost service call and inside its transaction
(fairdesk.lib.transactions), however many entries the call wrote. So a search right after
any write finds it, a rolled-back write leaves no trace in the index, and a new case is read
and stemmed once instead of once per entry. Rows written around the services (bulk loads,
restores) are indexed by `fairdesk manage reindex`.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.fields.json import KT

from fairdesk.accounts.models import CustomerEmail
from fairdesk.cases.models import Case, CaseAlias, Entry
from fairdesk.lib import transactions
from fairdesk.search import text as search_text
from fairdesk.search.models import CaseText

# Entry data keys that hold words a person wrote or will look for.
_DATA_KEYS = ("subject", "check", "result", "merged")
# A PostgreSQL tsvector holds at most 1 MB; beyond this a column keeps each word once.
MAX_COLUMN_CHARS = 200_000
BATCH_SIZE = 1000

# (case id, title, public, internal): one row of search_casetext.
Document = tuple[int, str, str, str]
_UPSERT = (
    "INSERT INTO search_casetext (case_id, title, public, internal) VALUES (%s, %s, %s, %s)"
    " ON CONFLICT (case_id) DO UPDATE"
    " SET title = excluded.title, public = excluded.public, internal = excluded.internal"
)
# An entry's words added to its case's row, while the row stays within MAX_COLUMN_CHARS
# (the separator is added only after text that is there).
_APPEND = (
    "UPDATE search_casetext SET"
    " public = CASE WHEN public = '' THEN %s ELSE public || %s END,"
    " internal = CASE WHEN internal = '' THEN %s ELSE internal || %s END"
    " WHERE case_id = %s AND length(public) + length(internal) + %s <= %s"
)
# SQLite's FTS5 index is written here, a batch per statement, not by row triggers: FTS5
# writes out its pending terms at every trigger's savepoint, which made a reindex crawl.
# Only the delete trigger is left (see migration 0002), for cases deleted with their rows.
_FTS_FORGET = (
    "INSERT INTO search_casetext_fts(search_casetext_fts, rowid, title, public, internal)"
    " SELECT 'delete', case_id, title, public, internal FROM search_casetext"
    " WHERE case_id IN (SELECT value FROM json_each(%s))"
)
_FTS_LEARN = (
    "INSERT INTO search_casetext_fts(rowid, title, public, internal)"
    " SELECT case_id, title, public, internal FROM search_casetext"
    " WHERE case_id IN (SELECT value FROM json_each(%s))"
)

# A new row's FTS5 entry, from the same values as the row.
_FTS_NEW = "INSERT INTO search_casetext_fts(rowid, title, public, internal) VALUES (%s, %s, %s, %s)"


# Per service call (fairdesk.lib.transactions.memo): the cases opened in it, those whose
# row must be built again from the database, and the words each of the others gained.
_OPENED = "search.opened"
_REBUILD = "search.rebuild"
_GAINED = "search.gained"


def case_opened(case: Case) -> None:
    """A case was just opened: its row is made from what this call wrote (no reads of its
    entries, it has no others)."""
    transactions.memo(_OPENED, dict[int, Case])[case.pk] = case


def entry_written(entry: Entry) -> None:
    """A timeline entry was written: its words are added to its case's row at the end of
    the service call (the row is not built again from every entry)."""
    texts = [entry.body] + [str(entry.data.get(key) or "") for key in _DATA_KEYS]
    texts = [text for text in texts if text]
    if not texts:
        return
    gained = transactions.memo(_GAINED, dict[int, tuple[list[str], list[str]]]).setdefault(
        entry.case_id, ([], [])
    )
    gained[0 if entry.public else 1].extend(texts)
    transactions.at_end("search.index", _index_cases, entry.case_id)


def case_changed(case_id: int) -> None:
    """Index one case again from what is stored at the end of the current service call
    (at once outside one)."""
    transactions.memo(_REBUILD, set[int]).add(case_id)
    transactions.at_end("search.index", _index_cases, case_id)


def _index_cases(case_ids: set[int]) -> None:
    # What was noted for these cases is used up here: a later flush in the same call (an
    # entry written by another flush) starts from the row written now.
    rebuild = transactions.memo(_REBUILD, set[int])
    opened = transactions.memo(_OPENED, dict[int, Case])
    gained = transactions.memo(_GAINED, dict[int, tuple[list[str], list[str]]])
    fresh, appended, again = [], {}, []
    for pk in sorted(case_ids):
        texts = gained.pop(pk, ([], []))
        case = opened.pop(pk, None)
        if pk in rebuild:
            rebuild.discard(pk)
            again.append(pk)
        elif case is not None:
            fresh.append(_opened_document(case, texts))
        elif texts != ([], []):
            appended[pk] = texts
        else:
            again.append(pk)
    _save(_documents(Case.objects.filter(pk__in=again)) if again else [])
    _save(fresh, new=True)
    _append(appended)


def _opened_document(case: Case, texts: tuple[list[str], list[str]]) -> Document:
    """A new case's row from what this call wrote: its title and its entries' words."""
    customer = case.customer
    emails = [email.address for email in customer.emails.all()]
    title = [case.reference, _number(case.reference), case.subject, customer.name, *emails]
    return (case.pk, _prepare(title), _prepare(texts[0]), _prepare(texts[1]))


def customer_changed(customer_id: int) -> None:
    """A customer's name or email addresses changed: index their cases again."""
    ids = list(Case.objects.filter(customer_id=customer_id).values_list("id", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        _save(_documents(Case.objects.filter(pk__in=ids[start : start + BATCH_SIZE])))


def reindex_all(*, batch_size: int = BATCH_SIZE) -> int:
    """Index every case again (after a bulk load or to recover); returns how many.

    Only rows whose text changed are written: on SQLite each write also takes the old text
    out of the FTS index and puts the new one in, which is most of the cost.
    """
    count = 0
    for first, last in _ranges(batch_size):
        # Read and write a batch in one transaction, so a write in between is not undone.
        with transaction.atomic():
            cases = Case.objects.filter(pk__gte=first, pk__lte=last)
            documents = _documents(cases)
            stored = set(
                CaseText.objects.filter(case_id__gte=first, case_id__lte=last).values_list(
                    "case_id", "title", "public", "internal"
                )
            )
            _save([document for document in documents if document not in stored])
        count += len(documents)
    return count


def _ranges(size: int) -> Iterator[tuple[int, int]]:
    """(first, last) case ids of consecutive batches of `size` cases."""
    last = 0
    while True:
        ids = list(
            Case.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
        )
        if not ids:
            return
        yield ids[0], ids[-1]
        last = ids[-1]


def _append(gained: dict[int, tuple[list[str], list[str]]]) -> None:
    """Add the words entries brought to their cases' rows; a case without a row yet, or
    whose row would grow past MAX_COLUMN_CHARS, is built again instead."""
    if not gained:
        return
    sqlite = connection.vendor == "sqlite"
    ids = json.dumps(sorted(gained))
    missed = []
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if sqlite:
            cursor.execute(_FTS_FORGET, [ids])
        for case_id, (public, internal) in sorted(gained.items()):
            more_public, more_internal = _prepare(public), _prepare(internal)
            grows = len(more_public) + len(more_internal) + 2
            after_public = f"\n{more_public}" if more_public else ""
            after_internal = f"\n{more_internal}" if more_internal else ""
            values = [more_public, after_public, more_internal, after_internal]
            cursor.execute(_APPEND, [*values, case_id, grows, MAX_COLUMN_CHARS])
            if cursor.rowcount != 1:
                missed.append(case_id)
        if sqlite:
            cursor.execute(_FTS_LEARN, [ids])
    if missed:
        _save(_documents(Case.objects.filter(pk__in=missed)))


def _save(documents: list[Document], *, new: bool = False) -> None:
    """Write the rows (`new`: the cases have none yet, so the FTS5 index has nothing to
    forget)."""
    if not documents:
        return
    sqlite = connection.vendor == "sqlite"
    # No savepoint: this runs inside the service's transaction, and an error here ends it.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if sqlite and new:  # the FTS5 entry from the text in hand: nothing to forget or read
            cursor.executemany(_UPSERT, documents)
            cursor.executemany(_FTS_NEW, documents)
            return
        ids = json.dumps([document[0] for document in documents])
        if sqlite:  # an external-content FTS5 index forgets a row by its old text
            cursor.execute(_FTS_FORGET, [ids])
        cursor.executemany(_UPSERT, documents)
        if sqlite:
            cursor.execute(_FTS_LEARN, [ids])


def _documents(cases: QuerySet[Case]) -> list[Document]:
    """The index rows for these cases, read in four queries whatever their number."""
    rows = list(
        cases.order_by("pk").values_list(
            "pk", "reference", "subject", "customer_id", "customer__name"
        )
    )
    if not rows:
        return []
    ids = cases.values("pk")
    emails = _grouped(
        CustomerEmail.objects.filter(customer__in=cases.values("customer_id")).values_list(
            "customer_id", "address"
        )
    )
    aliases = _grouped(CaseAlias.objects.filter(case__in=ids).values_list("case_id", "reference"))
    public: dict[int, list[str]] = defaultdict(list)
    internal: dict[int, list[str]] = defaultdict(list)
    # The database picks the words out of `data`: no JSON to decode here.
    entries = Entry.objects.filter(case__in=ids).order_by("case_id", "created_at", "id")
    keys = [KT(f"data__{key}") for key in _DATA_KEYS]
    for case_id, is_public, *texts in entries.values_list("case_id", "public", "body", *keys):
        (public if is_public else internal)[case_id].extend(text for text in texts if text)
    return [
        (
            pk,
            _prepare(
                [reference, _number(reference), subject, name] + emails[customer_id] + aliases[pk]
            ),
            _prepare(public[pk]),
            _prepare(internal[pk]),
        )
        for pk, reference, subject, customer_id, name in rows
    ]


def _grouped(pairs: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    groups: dict[int, list[str]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def _number(reference: str) -> str:
    """ "FD-000123" → "123", so the bare number a customer quotes finds the case too."""
    digits = reference.rpartition("-")[2]
    return str(int(digits)) if digits.isdigit() else ""


def _prepare(parts: list[str]) -> str:
    joined = "\n".join(part for part in parts if part)
    if len(joined) > MAX_COLUMN_CHARS:
        joined = " ".join(dict.fromkeys(joined.split()))[:MAX_COLUMN_CHARS]
    if connection.vendor == "sqlite":
        return search_text.stemmed(joined)
    # Split into words as SQLite does (PostgreSQL's parser would keep "kurt@example.org" or
    # "FD-000123" whole, or read "-000123" as a number); PostgreSQL then stems them.
    return " ".join(search_text.words(joined))
