"""Read queries about cases."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import cast

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet

from fairdesk.accounts.models import Customer, Team
from fairdesk.cases import access, rules
from fairdesk.cases.models import (
    UNRESOLVED,
    Attachment,
    Case,
    CaseAlias,
    Category,
    Entry,
    EntryKind,
    Mention,
    Presence,
)
from fairdesk.lib import clock, joined, request_memo, sql


def case_by_reference(reference: str) -> Case | None:
    """The case a reference leads to, following merges."""
    reference = (reference or "").strip().upper()
    case = _with_related(reference)
    if case is None:
        alias = CaseAlias.objects.filter(reference=reference).select_related("case").first()
        case = alias.case if alias else None
    while case is not None and case.merged_into_id:
        case = case.merged_into
    return case


# A case with its team, owner, customer and category, as select_related reads them: every
# request about one case asks it first, so it is written once.
_RELATED = (Case, Team, User, Customer, Category)


def _with_related(reference: str) -> Case | None:
    row = sql.one(_with_related_statement(), [reference])
    if row is None:
        return None
    case, team, assignee, customer, category = joined.instances(_RELATED, row)
    related = {"team": team, "assignee": assignee, "customer": customer, "category": category}
    for name, value in related.items():
        joined.keep_related(case, name, value)
    return case


@cache
def _with_related_statement() -> str:
    columns = joined.columns_of(_RELATED, ("c", "t", "u", "p", "g"))
    return f"SELECT {columns} FROM {_RELATED_TABLES} WHERE c.reference = %s"  # noqa: S608


_RELATED_TABLES = (
    "cases_case c JOIN accounts_team t ON t.id = c.team_id"
    " LEFT JOIN auth_user u ON u.id = c.assignee_id"
    " JOIN accounts_customer p ON p.id = c.customer_id"
    " LEFT JOIN cases_category g ON g.id = c.category_id"
)


LIST_ROW_FIELDS = ("id", "reference", "subject", "status", "priority", "customer_id")


def list_rows(case_ids: list[int]) -> dict[int, Case]:
    """The cases `case_ids` as the desk's lists show them (reference, subject, status,
    priority, customer and their name; the rest deferred), by id. One fixed statement: a
    list of fifty built through the ORM with every column of four tables cost 2 ms."""
    if not case_ids:
        return {}
    marks = sql.marks(len(case_ids))
    query = (
        f"SELECT {sql.columns(Case, LIST_ROW_FIELDS, 'c')}, k.name FROM cases_case c"  # noqa: S608
        f" JOIN accounts_customer k ON k.id = c.customer_id WHERE c.id IN ({marks})"
    )
    found = {}
    for row in sql.rows(query, case_ids):
        case = list_row(row)
        found[case.pk] = case
    return found


def list_row(row: tuple) -> Case:
    """A list's case from a row of LIST_ROW_FIELDS and the customer's name (as `list_rows`
    reads them, or a search's page selects them)."""
    case = sql.instance(Case, LIST_ROW_FIELDS, row[:-1])
    customer = sql.instance(Customer, ("id", "name"), (case.customer_id, row[-1]))
    Case.customer.field.set_cached_value(case, customer)
    return case


TAG_NAMES = (
    "SELECT t.name FROM cases_tag t JOIN cases_case_tags ct ON ct.tag_id = t.id"
    " WHERE ct.case_id = %s"
)
RELATED = (
    "SELECT c.id, c.reference FROM cases_case c JOIN cases_case_related r ON r.to_case_id = c.id"
    " WHERE r.from_case_id = %s ORDER BY c.reference"
)


# A case this request opened, with the tags it has (none, unless `set_tags` changed them, which
# forgets this): the create's answer shows them without reading them back.
TAGS_NOTED = "cases.tags_noted.%d"


def tags_noted(case_id: int) -> list[str] | None:
    """The tags of a case this request opened, known without a query (None: not known)."""
    noted = request_memo.known(TAGS_NOTED % case_id)
    return None if noted is None else list(cast(Iterable[str], noted))


def tag_names(case: Case) -> list[str]:
    """The case's tags by name (sorted here, as Python sorts: the same on both databases),
    in one fixed statement (the case page shows them)."""
    return sorted(name for (name,) in sql.rows(TAG_NAMES, (case.pk,)))


def related_cases(case: Case) -> list[Case]:
    """The cases linked to this one (only id and reference read), by reference."""
    return sql.load(Case, ("id", "reference"), RELATED, (case.pk,))


@dataclass(frozen=True)
class JoinTarget:
    """The case a new contact joins, and whether an agent should confirm the choice."""

    case: Case
    confirm: bool = False
    others: tuple[str, ...] = ()


def case_to_join(
    *, customer: Customer, named_reference: str | None, window: timedelta
) -> JoinTarget | None:
    """The open case a new contact of `customer` belongs to (see rules.case_to_join)."""
    if named_reference:
        named = case_by_reference(named_reference)
        named_reference = named.reference if named else None
    rows = Case.objects.filter(
        customer=customer, status__in=UNRESOLVED, merged_into__isnull=True
    ).values_list("id", "reference", "status", "updated_at")
    candidates = [rules.OpenCase(*row) for row in rows]
    join = rules.case_to_join(
        candidates, named_reference=named_reference, now=clock.now(), window=window
    )
    if join is None:
        return None
    return JoinTarget(Case.objects.get(pk=join.case.id), join.confirm, join.others)


def cases_agents_see() -> QuerySet[Case]:
    """Every case but those merged into another. Which of them one agent may read is
    `cases_agent_sees(user)` (cases.access), which the desk, the API and search ask."""
    return Case.objects.filter(merged_into__isnull=True)


def cases_for_customer(customer: Customer) -> QuerySet[Case]:
    return cases_agents_see().filter(customer=customer)


def customer_case_rows(customer: Customer, *, limit: int) -> list[Case]:
    """The customer's cases (not merged away), most recently changed first, with only what
    the portal's list shows (reference, subject, status): one fixed statement."""
    return sql.load(Case, _CUSTOMER_ROW_FIELDS, CUSTOMER_ROWS, [customer.pk, limit])


_CUSTOMER_ROW_FIELDS = ("id", "reference", "subject", "status", "updated_at")
CUSTOMER_ROWS = (
    "SELECT id, reference, subject, status, updated_at FROM cases_case"
    " WHERE customer_id = %s AND merged_into_id IS NULL ORDER BY updated_at DESC, id DESC"
    " LIMIT %s"
)


def case_list(
    *,
    base: QuerySet[Case] | None = None,
    status: str | None = None,
    team_id: int | None = None,
    assignee_id: int | None = None,
    customer_id: int | None = None,
    updated_since=None,
) -> QuerySet[Case]:
    cases = base if base is not None else cases_agents_see()
    if status:
        cases = cases.filter(status=status)
    if team_id:
        cases = cases.filter(team_id=team_id)
    if assignee_id:
        cases = cases.filter(assignee_id=assignee_id)
    if customer_id:
        cases = cases.filter(customer_id=customer_id)
    if updated_since:
        cases = cases.filter(updated_at__gte=updated_since)
    return cases.select_related("team", "assignee", "customer", "category")


def timeline(case: Case, *, public_only: bool) -> QuerySet[Entry]:
    """`case`'s entries; with `public_only`, what a customer may read (cases.access)."""
    entries = Entry.objects.filter(case=case)
    if public_only:
        entries = access.customer_entries(entries)
    return entries.select_related("author_user", "author_customer").prefetch_related("attachments")


@dataclass(frozen=True)
class Along:
    """One more column read with each entry from a table an interface joins to it (the
    desk: the quoted text of the mail an entry came from), set on the entry as `attribute`;
    the cases app names no other app's table itself."""

    attribute: str
    column: str
    join: str


def timeline_page(case: Case, *, public_only: bool, along: Along | None = None) -> list[Entry]:
    """`timeline`'s entries (author user and customer along) for a page, in one fixed
    statement: each entry's attachments are its `files`, read (one more) only when one has
    some."""
    entries, with_files = [], []
    for row in sql.rows(_timeline_statement(public_only, along), [case.pk]):
        entry, user, customer = joined.instances(_TIMELINE, row)
        joined.keep_related(entry, "author_user", user)
        joined.keep_related(entry, "author_customer", customer)
        joined.keep_related(entry, "case", case)
        entry.files = []  # for the templates
        if along is not None:
            setattr(entry, along.attribute, row[-2])
        if row[-1]:
            with_files.append(entry)
        entries.append(entry)
    if with_files:
        by_entry = {entry.pk: entry for entry in with_files}
        for attachment in sql.load(
            Attachment, _FILE_FIELDS, _files_statement(len(by_entry)), list(by_entry)
        ):
            by_entry[attachment.entry_id].files.append(attachment)
    return entries


# An entry with its authors, as timeline's select_related reads them: every case page shows
# them, so the statement is written once (per audience and added column).
_TIMELINE = (Entry, User, Customer)
_FILE_FIELDS = joined.fields(Attachment)


@cache
def _timeline_statement(public_only: bool, along: Along | None) -> str:
    columns = joined.columns_of(_TIMELINE, ("e", "u", "p"))
    tables = (
        "cases_entry e LEFT JOIN auth_user u ON u.id = e.author_user_id"
        " LEFT JOIN accounts_customer p ON p.id = e.author_customer_id"
    )
    where = "e.case_id = %s"
    if public_only:  # cases.access.customer_entries, as one condition
        hidden = ", ".join(f"'{kind}'" for kind in access.CUSTOMER_HIDDEN_KINDS)
        where += f" AND e.public AND e.kind NOT IN ({hidden})"
    if along is not None:
        columns += f", {along.column}"
        tables += f" {along.join}"
    files = "EXISTS (SELECT 1 FROM cases_attachment a WHERE a.entry_id = e.id)"
    return (
        f"SELECT {columns}, {files} FROM {tables} WHERE {where}"  # noqa: S608
        " ORDER BY e.created_at, e.id"
    )


@cache
def _files_statement(count: int) -> str:
    columns = joined.columns(Attachment, "a")
    marks = sql.marks(count)
    return f"SELECT {columns} FROM cases_attachment a WHERE a.entry_id IN ({marks}) ORDER BY a.id"  # noqa: S608


def handed_to_queue_by(case_ids: list[int]) -> dict[int, int]:
    """Of these cases, those whose latest owner change is an agent's hand-over to a team
    queue (nobody named), each with that agent: the word that stands until someone takes
    or is given the case."""
    latest: dict[int, tuple[int | None, dict]] = {}
    owner_changes = Entry.objects.filter(case_id__in=case_ids, kind=EntryKind.OWNER)
    for case_id, author_id, data in owner_changes.order_by("id").values_list(
        "case_id", "author_user_id", "data"
    ):
        latest[case_id] = (author_id, data)
    return {
        case_id: author_id
        for case_id, (author_id, data) in latest.items()
        if author_id is not None and not (data.get("to") or {}).get("agent")
    }


def diagnostics_done(case: Case) -> QuerySet[Entry]:
    """What has already been checked on this case, newest last."""
    return timeline(case, public_only=False).filter(kind=EntryKind.DIAGNOSTIC)


def category_by_path(path: str) -> Category | None:
    """The category at `path` ("Internet > Störung"), however its parts are spaced or cased."""
    normalised = " > ".join(part.strip() for part in path.split(">"))
    return Category.objects.filter(path__iexact=normalised).first()


def attachment_on_case(case: Case, attachment_id: int, *, public_only: bool) -> Attachment | None:
    """A file of one of `case`'s entries; with `public_only`, only of the entries the customer
    sees."""
    files = Attachment.objects.filter(pk=attachment_id, entry__case=case)
    if public_only:
        files = files.filter(entry__public=True).exclude(
            entry__kind__in=access.CUSTOMER_HIDDEN_KINDS
        )
    return files.first()


# The cases an agent sees: the one rule, in cases.access, for desk, API, search and downloads.
cases_agent_sees = access.cases_agent_sees
agent_sees = access.agent_sees
cases_counted_for = access.cases_counted_for


PRESENCE_WINDOW = timedelta(seconds=12)  # a few missed polls (every 3 s) before one is gone


def others_present(case: Case, agent: User) -> list[Presence]:
    """The other agents who have `case` open now, with their names."""
    since = clock.now() - PRESENCE_WINDOW
    return list(
        Presence.objects.filter(case=case, seen_at__gte=since)
        .exclude(agent=agent)
        .select_related("agent")
        .order_by("agent__first_name", "agent__username")
    )


def newer_contacts(case: Case, *, after_entry: int, agent: User) -> list[Entry]:
    """Customer messages and others' replies written after entry `after_entry` (what a reply
    drafted on an older view of the case has not seen)."""
    return list(
        Entry.objects.filter(
            case=case,
            id__gt=after_entry,
            kind__in=(EntryKind.MESSAGE_IN, EntryKind.REPLY, EntryKind.CALL),
        )
        .exclude(kind=EntryKind.REPLY, author_user=agent)
        .select_related("author_user", "author_customer")
        .order_by("id")
    )


def cases_mentioning(agent: User) -> QuerySet[Case]:
    """The cases whose internal notes mention `agent` with `@username` (Mention rows)."""
    return Case.objects.filter(pk__in=Mention.objects.filter(agent=agent).values("case_id"))


def cases_opened_by_channel() -> dict[str, int]:
    """How many cases each channel has opened, ever (the metrics' counter, read at scrape)."""
    rows = Case.objects.order_by().values_list("channel").annotate(count=Count("id"))
    return dict(rows)
