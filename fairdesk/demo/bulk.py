"""Many rows fast, for benchmarks: customers, cases and timeline entries by bulk inserts.

This writes around the services on purpose (a million cases through `open_case` would take
hours), so it makes only rows the services could have made: each case has a team, a
customer, a reference from its number and a timeline that starts with the customer's message.
No audit events are written and the search index is not fed; `fairdesk manage reindex`
indexes the rows afterwards when a benchmark needs search.
"""

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Field, Max, Model

from fairdesk.accounts.models import Customer, CustomerEmail, Team
from fairdesk.cases.models import Case, Category, Channel, Entry, EntryKind, Priority, Status
from fairdesk.demo import staff
from fairdesk.demo.content import BUSINESSES
from fairdesk.demo.content.common import FIRST_NAMES, LAST_NAMES
from fairdesk.lib import clock
from fairdesk.lib.references import format_reference
from fairdesk.promises import businesstime
from fairdesk.promises.models import Kind, Policy, Promise, State
from fairdesk.promises.presets import STANDARD, ensure_presets
from fairdesk.promises.services import recount_next_due

CHUNK = 5_000  # cases written per transaction: memory stays flat however many are asked for
BATCH = 2_000  # rows per executemany call
CASES_PER_CUSTOMER = 4
SPAN = timedelta(days=180)
DOMAIN = "bulk.example"

# Status by age: older cases are mostly done, the last days' mostly not.
_STATUSES = (
    (Status.NEW, Status.OPEN, Status.OPEN, Status.WAITING_ON_CUSTOMER, Status.RESOLVED),
    (Status.RESOLVED, Status.CLOSED, Status.CLOSED, Status.CLOSED, Status.OPEN),
)
_CHANNELS = (Channel.EMAIL, Channel.EMAIL, Channel.WEB, Channel.PORTAL, Channel.PHONE)
_PRIORITIES = (Priority.NORMAL,) * 6 + (Priority.LOW, Priority.HIGH, Priority.URGENT)


@dataclass(frozen=True)
class _Unresolved:
    id: int
    status: str
    opened: datetime
    last: datetime


@dataclass
class _Pools:
    """Ids and texts every chunk draws from, read once."""

    team_ids: list[int]
    agent_ids: list[int]
    category_ids: list[int]
    subjects: list[str]
    openings: list[str]
    answers: list[str]
    now: datetime
    policy: Policy
    # JSON values adapted for the database once, shared by every entry row.
    first_data: object = None
    no_data: object = None

    def __post_init__(self) -> None:
        self.first_data = connection.ops.adapt_json_value({"channel": "email"}, None)
        self.no_data = connection.ops.adapt_json_value({}, None)


def generate(*, cases: int, entries_per_case: int = 3, seed: int = 1) -> dict:
    """Write `cases` cases with their customers and entries; return counts and rows per second."""
    if cases < 1 or entries_per_case < 1:
        raise ValueError("cases and entries_per_case must be at least 1")
    started = time.perf_counter()
    rng = random.Random(seed)
    pools = _pools(rng)
    counts = {"customers": 0, "emails": 0, "cases": 0, "entries": 0, "promises": 0}
    for chunk in _chunks(cases):
        with transaction.atomic():
            for name, written in _write_chunk(rng, pools, chunk, entries_per_case).items():
                counts[name] += written
    _reset_sequences()
    seconds = time.perf_counter() - started
    rows = sum(counts.values())
    return {**counts, "rows": rows, "seconds": seconds, "rows_per_second": rows / seconds}


def _chunks(total: int) -> Iterator[int]:
    while total > 0:
        yield min(CHUNK, total)
        total -= CHUNK


def _pools(rng: random.Random) -> _Pools:
    if not Team.objects.exists():
        teams = staff.ensure_teams()
        staff.ensure_categories(teams)
    texts = [s.texts(lang) for b in BUSINESSES for s in b.scenarios for lang in ("de", "en")]
    facts = {
        "first": "Anna",
        "name": "Anna Weber",
        "contract": "40123987",
        "order": "B-310577",
        "plate": "HH-KL 2207",
        "city": "Kassel",
        "day": "14.12.",
        "amount": "49,90",
    }
    return _Pools(
        team_ids=list(Team.objects.values_list("id", flat=True)),
        agent_ids=list(
            get_user_model().objects.filter(agent__isnull=False).values_list("id", flat=True)
        ),
        category_ids=list(Category.objects.values_list("id", flat=True)),
        subjects=[s.format_map(facts) for t in texts for s in t.subjects],
        openings=[s.format_map(facts) for t in texts for s in t.openings],
        answers=[s.format_map(facts) for t in texts for s in t.answers],
        now=clock.now(),
        policy=ensure_presets()[STANDARD],
    )


def _next_id(model: type[Model]) -> int:
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def _write_chunk(rng: random.Random, pools: _Pools, count: int, per_case: int) -> dict:
    at = _adapt_time(pools.now)
    customers = _customers(rng, -(-count // CASES_PER_CUSTOMER), at)
    _insert(Customer, ("id", "name", "phone", "language", "created_at"), customers)
    emails = [(pk, f"c{pk}@{DOMAIN}", True) for pk, *_rest in customers]
    _insert(CustomerEmail, ("customer", "address", "is_primary"), emails)
    new_cases, entries, unresolved = _cases_and_entries(rng, pools, customers, count, per_case)
    _insert(Case, CASE_COLUMNS, new_cases)
    _insert(Entry, ENTRY_COLUMNS, entries)
    promises = _pending_promises(pools, unresolved)
    recount_next_due(case_ids=[case.id for case in unresolved])  # the queue order's column
    return {
        "customers": len(customers),
        "emails": len(emails),
        "cases": len(new_cases),
        "entries": len(entries),
        "promises": promises,
    }


def _customers(rng: random.Random, count: int, at: object) -> list[tuple]:
    first_id = _next_id(Customer)
    customers = []
    for offset in range(count):
        language = rng.choice(("de", "en"))
        name = f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"
        customers.append((first_id + offset, name, "", language, at))
    return customers


CASE_COLUMNS = (
    "id",
    "reference",
    "subject",
    "status",
    "priority",
    "team",
    "assignee",
    "customer",
    "category",
    "channel",
    "handoff_count",
    "created_at",
    "updated_at",
    "first_response_at",
    "resolved_at",
)
ENTRY_COLUMNS = (
    "case",
    "kind",
    "author_user",
    "author_customer",
    "public",
    "body",
    "html",
    "data",
    "created_at",
)


def _cases_and_entries(
    rng: random.Random, pools: _Pools, customers: list[tuple], count: int, per_case: int
) -> tuple[list[tuple], list[tuple], list[_Unresolved]]:
    first_id = _next_id(Case)
    made, entries, unresolved = [], [], []
    for offset in range(count):
        pk = first_id + offset
        customer_id = customers[offset // CASES_PER_CUSTOMER][0]
        opened = pools.now - SPAN * rng.random() ** 1.5
        status = rng.choice(_STATUSES[pools.now - opened > timedelta(days=7)])
        times = _times(rng, opened, per_case, pools.now)
        done = status in (Status.RESOLVED, Status.CLOSED)
        made.append(
            (
                pk,
                format_reference(pk),
                rng.choice(pools.subjects),
                status,
                rng.choice(_PRIORITIES),
                rng.choice(pools.team_ids),
                rng.choice(pools.agent_ids) if pools.agent_ids else None,
                customer_id,
                rng.choice(pools.category_ids) if pools.category_ids else None,
                rng.choice(_CHANNELS),
                0,
                _adapt_time(opened),
                _adapt_time(times[-1]),
                _adapt_time(times[1]) if per_case > 1 and pools.agent_ids else None,
                _adapt_time(times[-1]) if done else None,
            )
        )
        entries.extend(_timeline(rng, pools, pk, customer_id, times))
        if not done:
            unresolved.append(_Unresolved(pk, status, opened, times[-1]))
    return made, entries, unresolved


def _times(rng: random.Random, opened: datetime, count: int, now: datetime) -> list[datetime]:
    times = [opened]
    for _ in range(1, count):
        times.append(min(times[-1] + timedelta(minutes=rng.randint(10, 2000)), now))
    return times


def _timeline(
    rng: random.Random, pools: _Pools, case_id: int, customer_id: int, times: list[datetime]
) -> list[tuple]:
    """The customer's message, then agent replies and customer answers in turn."""
    rows = []
    for number, at in enumerate(times):
        if number % 2 and pools.agent_ids:
            kind, user, customer, body = (
                EntryKind.REPLY,
                rng.choice(pools.agent_ids),
                None,
                rng.choice(pools.answers),
            )
        else:
            kind, user, customer, body = (
                EntryKind.MESSAGE_IN,
                None,
                customer_id,
                rng.choice(pools.openings),
            )
        data = pools.first_data if number == 0 else pools.no_data
        rows.append((case_id, kind, user, customer, True, body, "", data, _adapt_time(at)))
    return rows


def _adapt_time(moment: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(moment)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column
    return field.column


def _insert(model: type[Model], fields: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT many rows at once: several times faster than bulk_create, which turns every
    value of every row into SQL through its field (the Django part dominated the profile)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Table and column names come from the models, never from input.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


PROMISE_COLUMNS = (
    "case", "kind", "description", "due_at", "state", "visible", "policy", "reason", "rule",
    "calendar", "budget", "started_at", "paused_since", "remaining", "warn_at", "created_at",
)  # fmt: skip


def _pending_promises(pools: _Pools, unresolved: list[_Unresolved]) -> int:
    """The pending resolution promise of each unresolved case, due on the standard calendar
    (paused while the case waits on the customer), as the promise clocks would have made it."""
    policy = pools.policy
    calendar = policy.calendar.business()
    budget = policy.resolution
    assert budget is not None  # the standard policy promises a resolution
    stored_budget = Promise._meta.get_field("budget").get_db_prep_value(budget, connection)
    half = Promise._meta.get_field("remaining").get_db_prep_value(budget / 2, connection)
    share = settings.FAIRDESK_WARN_AT_PERCENT / 100
    rows = []
    for case in unresolved:
        paused = case.status == Status.WAITING_ON_CUSTOMER
        due = None if paused else businesstime.add(calendar, case.opened, budget)
        warn = None if paused else businesstime.add(calendar, case.opened, budget * share)
        rows.append(
            (case.id, Kind.RESOLUTION, "", _adapt_time(due) if due else None, State.PENDING,
             True, policy.pk, "", "", policy.calendar_id, stored_budget, _adapt_time(case.opened),
             _adapt_time(case.last) if paused else None, half if paused else None,
             _adapt_time(warn) if warn else None, _adapt_time(case.opened))
        )  # fmt: skip
    _insert(Promise, PROMISE_COLUMNS, rows)
    return len(rows)


def _reset_sequences() -> None:
    """PostgreSQL's id sequences do not see explicit ids: move them past the new rows."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Customer, CustomerEmail, Case, Entry, Promise]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
