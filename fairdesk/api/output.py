"""How cases and timeline entries look in API answers: plain dicts the response schemas read.

A page of cases is read as plain values (no model instances for 50 rows); one case already
loaded is read from its attributes. Both end in the same `_summary`.
"""

from typing import Any

from fairdesk.api import policy
from fairdesk.cases import access, selectors
from fairdesk.cases.models import Case, Entry
from fairdesk.lib import sql
from fairdesk.promises.selectors import NextDue, promises_and_next_due
from fairdesk.texts import entry_text

# The summary's own columns, the same on a row and on a case.
PLAIN_COLUMNS = (
    "reference",
    "subject",
    "status",
    "priority",
    "channel",
    "created_at",
    "updated_at",
    "first_response_at",
    "resolved_at",
)

# What a page of case summaries reads, as plain values.
SUMMARY_COLUMNS = (
    "id",
    *PLAIN_COLUMNS,
    "team__name",
    "assignee_id",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "customer_id",
    "customer__name",
    "category__path",
)


def _summary(
    plain: dict[str, Any],
    *,
    team: str,
    agent: str | None,
    customer: str,
    email: str,
    category: str | None,
    tags: list[str],
) -> dict[str, Any]:
    """The CaseSummary shape; `agent` is the owning agent's name, None when the team owns it."""
    owner = {"kind": "agent", "name": agent} if agent else {"kind": "team", "name": team}
    return plain | {
        "owner": owner | {"team": team},
        "customer": {"name": customer, "email": email},
        "category": category,
        "tags": tags,
    }


# A page's tags (by name) and its customers' addresses, as fixed statements: through the ORM
# the two cost about 1 ms of Python on every page of the API's list and search.
PAGE_TAGS = (
    "SELECT ct.case_id, t.name FROM cases_case_tags ct JOIN cases_tag t ON t.id = ct.tag_id"
    " WHERE ct.case_id IN ({}) ORDER BY t.name"
)
PAGE_EMAILS = (
    "SELECT customer_id, address FROM accounts_customeremail WHERE customer_id IN ({})"
    " ORDER BY is_primary DESC, id DESC"
)


def _tags_and_emails(
    case_ids: list[int], customer_ids: set[int]
) -> tuple[dict[int, list[str]], dict[int, str]]:
    """Each case's tag names and each customer's address to show: two queries in all."""
    tags: dict[int, list[str]] = {}
    emails: dict[int, str] = {}
    if not case_ids:
        return tags, emails
    for case_id, name in sql.rows(PAGE_TAGS.format(sql.marks(len(case_ids))), case_ids):
        tags.setdefault(case_id, []).append(name)
    customers = sorted(customer_ids)
    for customer_id, address in sql.rows(PAGE_EMAILS.format(sql.marks(len(customers))), customers):
        emails[customer_id] = address  # the last one written wins: primary, else the oldest
    return tags, emails


def _agent_name(first: str | None, last: str | None, username: str | None) -> str | None:
    return f"{first or ''} {last or ''}".strip() or username


def summaries(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Summaries of rows of SUMMARY_COLUMNS, with two more queries (tags, emails) in all."""
    tags, emails = _tags_and_emails([r["id"] for r in rows], {r["customer_id"] for r in rows})
    return [
        _summary(
            {name: row[name] for name in PLAIN_COLUMNS},
            team=row["team__name"],
            agent=_agent_name(
                row["assignee__first_name"], row["assignee__last_name"], row["assignee__username"]
            )
            if row["assignee_id"]
            else None,
            customer=row["customer__name"],
            email=emails.get(row["customer_id"], ""),
            category=row["category__path"],
            tags=tags.get(row["id"], []),
        )
        for row in rows
    ]


# SUMMARY_COLUMNS as one fixed statement (the ORM's values() with four joins cost ~1.5 ms
# of Python a page); the times converted as the ORM converts them.
SUMMARY_ROWS = (
    f"SELECT c.id, {sql.columns(Case, PLAIN_COLUMNS, 'c')}, t.name, c.assignee_id,"  # noqa: S608
    " u.username, u.first_name, u.last_name, c.customer_id, k.name, g.path FROM cases_case c"
    " JOIN accounts_team t ON t.id = c.team_id LEFT JOIN auth_user u ON u.id = c.assignee_id"
    " JOIN accounts_customer k ON k.id = c.customer_id"
    " LEFT JOIN cases_category g ON g.id = c.category_id WHERE c.id IN ({})"
)
_TIMES = ("created_at", "updated_at", "first_response_at", "resolved_at")
_TIMES_AT = [SUMMARY_COLUMNS.index(name) for name in _TIMES]


def rows_in_order(ids: list[int]) -> list[dict[str, Any]]:
    """SUMMARY_COLUMNS of the cases `ids`, in that order.

    The page's ids come first from the cases table alone, so the planner picks its index
    without weighing the joins; the joined columns then come by primary key.
    """
    if not ids:
        return []
    rows = {}
    for found in sql.rows(SUMMARY_ROWS.format(sql.marks(len(ids))), ids):
        row = list(found)
        times = sql.values(Case, _TIMES, [row[at] for at in _TIMES_AT])
        for at, moment in zip(_TIMES_AT, times, strict=True):
            row[at] = moment
        rows[row[0]] = dict(zip(SUMMARY_COLUMNS, row, strict=True))
    return [rows[pk] for pk in ids if pk in rows]


def _address_to_show(case: Case) -> str:
    """The customer's address as `_tags_and_emails` picks it, from their addresses when
    they are loaded already (a customer made by the request), else in one query."""
    if "emails" in getattr(case.customer, "_prefetched_objects_cache", {}):
        rows = sorted(case.customer.emails.all(), key=lambda e: (e.is_primary, e.pk))
        return rows[0].address if rows else ""
    first = sql.one(ADDRESS_TO_SHOW, (case.customer_id,))
    return first[0] if first else ""


ADDRESS_TO_SHOW = (
    "SELECT address FROM accounts_customeremail WHERE customer_id = %s"
    " ORDER BY is_primary, id LIMIT 1"
)


_TAG_NAMES = (
    "SELECT t.name FROM cases_case_tags ct JOIN cases_tag t ON t.id = ct.tag_id"
    " WHERE ct.case_id = %s ORDER BY t.name"
)


def summary(case: Case) -> dict[str, Any]:
    """The summary of a case loaded with its team, owner, customer and category."""
    tags = selectors.tags_noted(case.pk)  # a case the request opened: known
    if tags is None:
        tags = [name for (name,) in sql.rows(_TAG_NAMES, [case.pk])]
    agent = case.assignee
    return _summary(
        {name: getattr(case, name) for name in PLAIN_COLUMNS},
        team=case.team.name,
        agent=_agent_name(agent.first_name, agent.last_name, agent.get_username())
        if agent
        else None,
        customer=case.customer.name,
        email=_address_to_show(case),
        category=case.category.path if case.category_id else None,
        tags=tags,
    )


def entry_out(entry: Entry, *, for_customer: bool = False) -> dict[str, Any]:
    # A timeline's entries carry their files (cases.selectors.timeline_page); a new one
    # reads them.
    files = getattr(entry, "files", None)
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "author": entry.author_label,
        "public": entry.public,
        # fairdesk's own events keep facts: their text is said in the caller's language.
        "body": entry.body or entry_text(entry),
        "html": entry.html,
        "data": access.customer_data(entry) if for_customer else entry.data,
        "created_at": entry.created_at,
        "attachments": files if files is not None else list(entry.attachments.all()),
    }


def next_due_out(due: NextDue) -> dict[str, Any]:
    """The NextDueOut shape of promises.selectors.NextDue."""
    return {
        "kind": due.kind,
        "description": due.label,
        "due_at": due.due_at,
        "state": due.state,
        "overdue": due.overdue,
    }


# The linked cases' references, in `case.related.all()`'s order (Case's own: newest activity
# first), without their model instances.
RELATED_REFERENCES = (
    "SELECT c.reference FROM cases_case c JOIN cases_case_related r ON r.to_case_id = c.id"
    " WHERE r.from_case_id = %s ORDER BY c.updated_at DESC"
)


def detail(case: Case, caller: policy.Caller, *, with_timeline: bool) -> dict[str, Any]:
    """The case as CaseOut (promises), or CaseDetail with `with_timeline` (related, timeline)."""
    public_only = not policy.sees_internal(caller)
    promises, due = promises_and_next_due(case, public_only=public_only)
    out = summary(case) | {"promises": promises, "next_due": due and next_due_out(due)}
    if with_timeline:
        if caller.customer is not None:
            out["related"] = access.customer_related(case, caller.customer)
        else:
            out["related"] = [ref for (ref,) in sql.rows(RELATED_REFERENCES, (case.pk,))]
        entries = selectors.timeline_page(case, public_only=public_only)
        out["timeline"] = [entry_out(e, for_customer=public_only) for e in entries]
    return out
