"""Keeping the search index in step with the cases.

Why explicit calls and not database triggers: on SQLite the index holds text stemmed in
Python (FTS5 has no German stemmer), which a trigger cannot do. So cases.services calls
`entry_written` at the one place timeline entries are written and `case_changed` when a
case's own searchable fields change, inside the same transaction: a search right after any
write finds it, and a rolled-back write leaves no trace in the index. Rows written around
the services (bulk loads, restores) are indexed by `fairdesk manage reindex`.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from fairdesk.accounts.models import CustomerEmail
from fairdesk.cases.models import Case, CaseAlias, Entry
from fairdesk.search import text as search_text
from fairdesk.search.models import CaseText

# Entry data keys that hold words a person wrote or will look for.
_DATA_KEYS = ("subject", "check", "result", "merged")
# A PostgreSQL tsvector holds at most 1 MB; beyond this a column keeps each word once.
MAX_COLUMN_CHARS = 200_000
BATCH_SIZE = 500


def entry_written(entry: Entry) -> None:
    """A timeline entry was written: index its case again if the entry holds words."""
    if entry.body or any(entry.data.get(key) for key in _DATA_KEYS):
        case_changed(entry.case_id)


def case_changed(case_id: int) -> None:
    """Index one case again from what is stored now."""
    _save(_documents([case_id]))


def customer_changed(customer_id: int) -> None:
    """A customer's name or email addresses changed: index their cases again."""
    ids = list(Case.objects.filter(customer_id=customer_id).values_list("id", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        _save(_documents(ids[start : start + BATCH_SIZE]))


def reindex_all(*, batch_size: int = BATCH_SIZE) -> int:
    """Index every case again (after a bulk load or to recover); returns how many."""
    count = 0
    for ids in _batches(batch_size):
        # Read and write a batch in one transaction, so a write in between is not undone.
        with transaction.atomic():
            _save(_documents(ids))
        count += len(ids)
    return count


def _batches(size: int) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(
            Case.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def _save(documents: list[CaseText]) -> None:
    CaseText.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=["title", "public", "internal"],
    )


def _documents(case_ids: list[int]) -> list[CaseText]:
    """The index rows for these cases, read in four queries whatever their number."""
    cases = list(
        Case.objects.filter(pk__in=case_ids).values_list(
            "pk", "reference", "subject", "customer_id", "customer__name"
        )
    )
    customer_ids = {row[3] for row in cases}
    emails = _grouped(
        CustomerEmail.objects.filter(customer_id__in=customer_ids).values_list(
            "customer_id", "address"
        )
    )
    aliases = _grouped(
        CaseAlias.objects.filter(case_id__in=case_ids).values_list("case_id", "reference")
    )
    public: dict[int, list[str]] = defaultdict(list)
    internal: dict[int, list[str]] = defaultdict(list)
    entries = Entry.objects.filter(case_id__in=case_ids).order_by("case_id", "created_at", "id")
    for case_id, is_public, body, data in entries.values_list("case_id", "public", "body", "data"):
        words = [body, *(str(data.get(key) or "") for key in _DATA_KEYS)]
        (public if is_public else internal)[case_id].extend(w for w in words if w)
    return [
        CaseText(
            case_id=pk,
            title=_prepare(
                [reference, _number(reference), subject, name] + emails[customer_id] + aliases[pk]
            ),
            public=_prepare(public[pk]),
            internal=_prepare(internal[pk]),
        )
        for pk, reference, subject, customer_id, name in cases
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
