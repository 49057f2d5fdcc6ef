"""The audit log for admins and auditors (read-only): who read a customer's case or
downloaded a file, who changed a case, who changed roles and settings; searchable, as CSV."""

from dataclasses import dataclass
from datetime import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

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


def _row(source: str, event) -> Row:
    if source == "cases":
        concerning = event.case.reference if event.case else _facts(event.data)
        return Row(event.at, _name(event.actor_user), event.action, concerning)
    if source == "accounts":
        return Row(event.at, _name(event.actor), event.action, _facts(event.data))
    target = event.case_reference or ""
    if event.attachment_id_at:
        target = f"{target} #{event.attachment_id_at}".strip()
    customer = f" ({_('customer')} #{event.customer_id_at})" if event.customer_id_at else ""
    return Row(event.at, _name(event.user), event.get_kind_display(), target + customer)


def _facts(data: dict) -> str:
    return ", ".join(f"{key}={value}" for key, value in sorted(data.items()))


def _query(request: AgentRequest) -> tuple[str, str]:
    source = request.GET.get("source", "reads")
    return (source if source in selectors.LOG_SOURCES else "reads"), request.GET.get("q", "")[:200]


@require_GET
@audit_reader_required
def audit_log(request: AgentRequest) -> HttpResponse:
    source, text = _query(request)
    rows = [_row(source, event) for event in selectors.audit_log(source, text)[:PAGE]]
    context = {"rows": rows, "source": source, "q": text, "section": "audit"}
    return render(request, "desk/admin/audit.html", context)


@require_GET
@audit_reader_required
def audit_csv(request: AgentRequest) -> HttpResponse:
    source, text = _query(request)
    events = selectors.audit_log(source, text)[:CSV_LIMIT]
    rows = (
        (r.at.isoformat(), r.who, r.what, r.concerning)
        for r in map(lambda e: _row(source, e), events)
    )
    body = csvsafe.to_csv(("at", "who", "what", "concerning"), rows)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{source}.csv"'
    return response
