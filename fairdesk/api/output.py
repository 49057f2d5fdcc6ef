"""How cases and timeline entries look in API answers: plain dicts the response schemas read.

A page of cases is read as plain values (no model instances for 50 rows); one case already
loaded is read from its attributes. Both end in the same `_summary`.
"""

from typing import Any

from fairdesk.accounts.models import CustomerEmail
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


def _tags_and_emails(
    case_ids: list[int], customer_ids: set[int]
) -> tuple[dict[int, list[str]], dict[int, str]]:
    """Each case's tag names and each customer's address to show: two queries in all."""
    tags: dict[int, list[str]] = {}
    links = Case.tags.through.objects.filter(case_id__in=case_ids)
    for case_id, name in links.order_by("tag__name").values_list("case_id", "tag__name"):
        tags.setdefault(case_id, []).append(name)
    emails: dict[int, str] = {}
    addresses = CustomerEmail.objects.filter(customer_id__in=customer_ids)
    for customer_id, address in addresses.order_by("-is_primary", "-id").values_list(
        "customer_id", "address"
    ):
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


def rows_in_order(ids: list[int]) -> list[dict[str, Any]]:
    """SUMMARY_COLUMNS of the cases `ids`, in that order.

    The page's ids come first from the cases table alone, so the planner picks its index
    without weighing the joins; the joined columns then come by primary key.
    """
    rows = {row["id"]: row for row in Case.objects.filter(pk__in=ids).values(*SUMMARY_COLUMNS)}
    return [rows[pk] for pk in ids if pk in rows]


def _address_to_show(case: Case) -> str:
    """The customer's address as `_tags_and_emails` picks it, from their addresses when
    they are loaded already (a customer made by the request), else in one query."""
    if "emails" in getattr(case.customer, "_prefetched_objects_cache", {}):
        rows = sorted(case.customer.emails.all(), key=lambda e: (e.is_primary, e.pk))
        return rows[0].address if rows else ""
    addresses = CustomerEmail.objects.filter(customer_id=case.customer_id)
    first = addresses.order_by("is_primary", "id").values_list("address", flat=True).first()
    return first or ""


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
        "attachments": list(entry.attachments.all()),
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


def detail(case: Case, caller: policy.Caller, *, with_timeline: bool) -> dict[str, Any]:
    """The case as CaseOut (promises), or CaseDetail with `with_timeline` (related, timeline)."""
    public_only = not policy.sees_internal(caller)
    promises, due = promises_and_next_due(case, public_only=public_only)
    out = summary(case) | {"promises": promises, "next_due": due and next_due_out(due)}
    if with_timeline:
        if caller.customer is not None:
            out["related"] = access.customer_related(case, caller.customer)
        else:
            out["related"] = [other.reference for other in case.related.all()]
        entries = selectors.timeline(case, public_only=public_only)
        out["timeline"] = [entry_out(e, for_customer=public_only) for e in entries]
    return out
