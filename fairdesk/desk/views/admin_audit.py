"""The audit log for admins and auditors (read-only): who read a customer's case or
downloaded a file, who changed a case, who changed roles and settings; searchable, as CSV."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fairdesk.desk.audit_names import DETAILS, action_name, codes_named, details
from fairdesk.desk.policy import AgentRequest, audit_reader_required
from fairdesk.insights import csvsafe
from fairdesk.privacy import selectors

PAGE = 200
CSV_LIMIT = 50_000


@dataclass(frozen=True)
class Row:
    at: datetime
    who: str
    what: str
    concerning: str


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "fairdesk"


def _row(source: str, event, people: dict[int, str]) -> Row:
    if source == "cases":
        facts = details(event.data, people)
        concerning = f"{event.case.reference}: {facts}" if event.case and facts else facts
        who = _name(event.actor_user)
        return Row(event.at, who, action_name(event.action), concerning or _reference(event))
    if source == "accounts":
        facts = details(event.data, people)
        return Row(event.at, _name(event.actor), action_name(event.action), facts)
    target = event.case_reference or ""
    if event.attachment_id_at:
        target = f"{target} #{event.attachment_id_at}".strip()
    customer = f" ({_('customer')} #{event.customer_id_at})" if event.customer_id_at else ""
    return Row(event.at, _name(event.user), event.get_kind_display(), target + customer)


def _reference(event) -> str:
    return event.case.reference if event.case else ""


def _rows(source: str, events) -> list[Row]:
    """The rows, with the agents their facts name by number looked up in one query."""
    events = list(events)
    ids = {e.data.get("agent") for e in events if source != "reads" and isinstance(e.data, dict)}
    users = get_user_model().objects.filter(pk__in=[i for i in ids if isinstance(i, int)])
    people = {user.pk: _name(user) for user in users} if ids - {None} else {}
    return [_row(source, event, people) for event in events]


def _query(request: AgentRequest) -> tuple[str, str]:
    source = request.GET.get("source", "reads")
    return (source if source in selectors.LOG_SOURCES else "reads"), request.GET.get("q", "")[:200]


def _events(source: str, text: str):
    """The log's events the reader's words find: in the names and details as shown to them."""
    return selectors.audit_log(source, text, actions=codes_named(text), details=tuple(DETAILS))


@require_GET
@audit_reader_required
def audit_log(request: AgentRequest) -> HttpResponse:
    source, text = _query(request)
    rows = _rows(source, _events(source, text)[:PAGE])
    context = {"rows": rows, "source": source, "q": text, "section": "audit"}
    return render(request, "desk/admin/audit.html", context)


@require_GET
@audit_reader_required
def audit_csv(request: AgentRequest) -> HttpResponse:
    source, text = _query(request)
    events = _events(source, text)[:CSV_LIMIT]
    rows = ((r.at.isoformat(), r.who, r.what, r.concerning) for r in _rows(source, events))
    body = csvsafe.to_csv((_("When"), _("Who"), _("What"), _("Concerning")), rows)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{source}.csv"'
    return response
