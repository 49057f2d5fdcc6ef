"""What an agent may see and what a customer may set and read: one rule for every interface.

The desk, the portal and the API each check permission in their own `policy.py`, and each of
those asks here, so the three cannot drift apart.

Agents. With the desk's case visibility (DeskSettings, set by an admin) "all" every agent
reads every case. With "teams" an agent reads the cases of the teams they belong to or
lead, the cases they own, wrote on or were mentioned on (`@username` in an internal note);
admins and auditors read every case
either way. The setting is read once per request (accounts.selectors.case_visibility).

Customers. `CUSTOMER_MAY_SET` lists, per action, every field a customer may give; anything
else is refused. A customer reads only public entries of their own cases, never notes or
owner changes (even one marked public by mistake), and never the keys of
`CUSTOMER_HIDDEN_DATA` (an agent's reason for a status change); of a case's
related cases only those that are theirs too.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fairdesk.accounts import selectors as accounts
from fairdesk.accounts.models import CaseVisibility, Customer, Team
from fairdesk.cases.models import Case, Entry, EntryKind, Mention
from fairdesk.lib.errors import DomainError

CUSTOMER_MAY_SET: dict[str, frozenset[str]] = {
    # Opening a case: what they write, not how urgent it is or where it came from.
    "open": frozenset({"subject", "body", "category", "attachments"}),
    # Writing on a case: a message, with files.
    "write": frozenset({"kind", "body", "attachments"}),
    # Changing a case: only marking it solved (status "resolved", with a reason of their own).
    "change": frozenset({"status", "reason"}),
}
CUSTOMER_HIDDEN_KINDS = (EntryKind.NOTE.value, EntryKind.OWNER.value)
# Per entry kind, the facts that are the agents' own (a status change's reason).
CUSTOMER_HIDDEN_DATA: dict[str, frozenset[str]] = {EntryKind.STATUS.value: frozenset({"reason"})}


def refuse_customer_fields(action: str, given: set[str]) -> None:
    """Raise DomainError naming the first field a customer may not set in `action`."""
    for field in sorted(given - CUSTOMER_MAY_SET[action]):
        raise DomainError(_("Customers cannot set this field."), field=field)


def customer_entries(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    return entries.filter(public=True).exclude(kind__in=CUSTOMER_HIDDEN_KINDS)


def customer_data(entry: Entry) -> dict[str, Any]:
    """An entry's facts as a customer may read them."""
    hidden = CUSTOMER_HIDDEN_DATA.get(entry.kind, frozenset())
    return {key: value for key, value in entry.data.items() if key not in hidden}


def customer_related(case: Case, customer: Customer) -> list[str]:
    """The references of `case`'s related cases that belong to `customer` too."""
    return [
        other.reference
        for other in case.related.filter(customer=customer, merged_into__isnull=True)
    ]


def sees_everything(user: User) -> bool:
    """Whether the agent `user` reads every case (roles first: they cost no query)."""
    profile = user.agent
    if profile.is_admin or profile.is_auditor or user.is_superuser:
        return True
    return accounts.case_visibility() == CaseVisibility.ALL


def _is_agent(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and hasattr(user, "agent"))


def cases_agent_sees(user: User | AnonymousUser) -> QuerySet[Case]:
    """The (unmerged) cases `user` may read as an agent; none for anyone else."""
    cases = Case.objects.filter(merged_into__isnull=True)
    if not _is_agent(user):
        return cases.none()
    assert isinstance(user, User)
    if sees_everything(user):
        return cases
    return cases.filter(_own_cases(user))


def _own_cases(user: User) -> Q:
    teams = Team.objects.filter(Q(agents__user=user) | Q(lead=user)).values("pk")
    wrote_on = Entry.objects.filter(author_user=user).values("case_id")
    mentioned_on = Mention.objects.filter(agent=user).values("case_id")
    return Q(team_id__in=teams) | Q(assignee=user) | Q(pk__in=wrote_on) | Q(pk__in=mentioned_on)


def agent_sees(user: User | AnonymousUser, case: Case) -> bool:
    """Whether `user` may read `case` as an agent (no further query when they see all)."""
    if not _is_agent(user):
        return False
    assert isinstance(user, User)
    if sees_everything(user):
        return True
    return Case.objects.filter(_own_cases(user), pk=case.pk).exists()


def cases_counted_for(user: User) -> QuerySet[Case, Any] | None:
    """The cases a report read by `user` may count: None (every case) when the agent sees
    every case, else the pks of those they see, so a lead's report under "teams" visibility
    counts only what the lead could open."""
    if _is_agent(user) and sees_everything(user):
        return None
    return cases_agent_sees(user).values("pk")


def is_read_only(user: User) -> bool:
    """An auditor reads and never changes anything."""
    profile = getattr(user, "agent", None)
    return bool(profile is not None and profile.is_auditor)
