"""/api/v1/cases: open, list, read, annotate and change cases."""

import base64
import binascii
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fairdesk.accounts.models import CustomerEmail, Team
from fairdesk.accounts.selectors import customer_by_email
from fairdesk.accounts.services import get_or_create_customer
from fairdesk.api import policy
from fairdesk.api.schemas import (
    AttachmentIn,
    CaseCreated,
    CaseDetail,
    CaseIn,
    CaseLinks,
    CaseOut,
    CasePage,
    CasePatch,
    EntryIn,
    EntryOut,
    LinkIn,
    MergeIn,
    StatusName,
)
from fairdesk.cases import selectors, services
from fairdesk.cases.models import Attachment, Case, Category, Entry
from fairdesk.lib.downloads import attachment_response
from fairdesk.lib.errors import DomainError, NotAllowed
from fairdesk.lib.references import find_reference
from fairdesk.promises.selectors import promises_for
from fairdesk.search.selectors import search_cases
from fairdesk.texts import entry_text

router = Router(tags=["cases"])


def _caller(request: HttpRequest) -> policy.Caller:
    return request.auth


def _case(request: HttpRequest, reference: str) -> Case:
    """The case a caller may see, else 404 (another customer's case does not exist for them)."""
    case = selectors.case_by_reference(reference)
    if case is None or not policy.can_see(_caller(request), case):
        raise Http404(_("No case %(ref)s.") % {"ref": reference})
    return case


def _other_case(request: HttpRequest, reference: str, *, field: str) -> Case:
    """A second case named in the body: unknown (or not visible) is a bad field, not a 404."""
    case = selectors.case_by_reference(reference)
    if case is None or not policy.can_see(_caller(request), case):
        raise DomainError(_("No case %(ref)s.") % {"ref": reference}, field=field)
    return case


@contextmanager
def _field_renamed(service_name: str, api_name: str) -> Iterator[None]:
    """Report a service's complaint about `service_name` under the API's name for it."""
    try:
        yield
    except DomainError as error:
        if error.field == service_name:
            error.field = api_name
        raise


def _category(path: str | None) -> Category | None:
    if not path:
        return None
    normalised = " > ".join(part.strip() for part in path.split(">"))
    category = Category.objects.filter(path__iexact=normalised).first()
    if category is None:
        raise DomainError(_("Unknown category %(path)r.") % {"path": path}, field="category")
    return category


def _attachments(items: list[AttachmentIn]) -> tuple[services.NewAttachment, ...]:
    files = []
    for index, item in enumerate(items):
        try:
            data = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise DomainError(_("Not valid base64."), field=f"attachments.{index}") from None
        files.append(services.NewAttachment(item.filename, data, item.content_type))
    return tuple(files)


# What a case summary shows, as plain values: a page of 50 cases makes no model instances.
SUMMARY_COLUMNS = (
    "id",
    "reference",
    "subject",
    "status",
    "priority",
    "channel",
    "created_at",
    "updated_at",
    "first_response_at",
    "resolved_at",
    "team__name",
    "assignee_id",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "customer_id",
    "customer__name",
    "category__path",
)


def _summary(row: dict, *, email: str, tags: list[str]) -> dict:
    """The CaseSummary shape from a row of SUMMARY_COLUMNS."""
    if row["assignee_id"]:
        full_name = f"{row['assignee__first_name']} {row['assignee__last_name']}".strip()
        owner = {"kind": "agent", "name": full_name or row["assignee__username"]}
    else:
        owner = {"kind": "team", "name": row["team__name"]}
    return {
        "reference": row["reference"],
        "subject": row["subject"],
        "status": row["status"],
        "priority": row["priority"],
        "channel": row["channel"],
        "owner": owner | {"team": row["team__name"]},
        "customer": {"name": row["customer__name"], "email": email},
        "category": row["category__path"],
        "tags": tags,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "first_response_at": row["first_response_at"],
        "resolved_at": row["resolved_at"],
    }


def summaries(rows: list[dict]) -> list[dict]:
    """Summaries of rows of SUMMARY_COLUMNS, with two more queries (tags, emails) in all."""
    tags: dict[int, list[str]] = {}
    links = Case.tags.through.objects.filter(case_id__in=[row["id"] for row in rows])
    for case_id, name in links.order_by("tag__name").values_list("case_id", "tag__name"):
        tags.setdefault(case_id, []).append(name)
    emails: dict[int, str] = {}
    addresses = CustomerEmail.objects.filter(customer_id__in={row["customer_id"] for row in rows})
    for customer_id, address in addresses.order_by("-is_primary", "-id").values_list(
        "customer_id", "address"
    ):
        emails[customer_id] = address  # the last one written wins: primary, else the oldest
    return [
        _summary(row, email=emails.get(row["customer_id"], ""), tags=tags.get(row["id"], []))
        for row in rows
    ]


def _rows_in_order(ids: list[int]) -> list[dict]:
    """SUMMARY_COLUMNS of the cases `ids`, in that order.

    The page's ids come first from the cases table alone, so the planner picks its index
    without weighing the joins; the joined columns then come by primary key.
    """
    rows = {row["id"]: row for row in Case.objects.filter(pk__in=ids).values(*SUMMARY_COLUMNS)}
    return [rows[pk] for pk in ids if pk in rows]


def summary(case: Case) -> dict:
    agent = case.assignee
    row = {
        name: getattr(case, name)
        for name in SUMMARY_COLUMNS
        if "__" not in name and not name.endswith("_id")
    } | {
        "team__name": case.team.name,
        "assignee_id": case.assignee_id,
        "assignee__username": agent.get_username() if agent else None,
        "assignee__first_name": agent.first_name if agent else None,
        "assignee__last_name": agent.last_name if agent else None,
        "customer_id": case.customer_id,
        "customer__name": case.customer.name,
        "category__path": case.category.path if case.category_id else None,
    }
    return summaries([row])[0]


def entry_out(entry: Entry) -> dict:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "author": entry.author_label,
        "public": entry.public,
        # fairdesk's own events keep facts: their text is said in the caller's language.
        "body": entry.body or entry_text(entry),
        "html": entry.html,
        "data": entry.data,
        "created_at": entry.created_at,
        "attachments": list(entry.attachments.all()),
    }


def detail(case: Case, caller: policy.Caller, *, with_timeline: bool) -> dict:
    public_only = not policy.sees_internal(caller)
    out = summary(case) | {"promises": promises_for(case, public_only=public_only)}
    if with_timeline:
        out["related"] = [other.reference for other in case.related.all()]
        out["timeline"] = [entry_out(e) for e in selectors.timeline(case, public_only=public_only)]
    return out


@router.post("", response={201: CaseCreated}, summary="Open a case (or join the open one)")
def create_case(request: HttpRequest, payload: CaseIn):
    caller = _caller(request)
    if caller.is_agent and not payload.customer_email:
        raise DomainError(_("An agent must name the customer's email."), field="customer_email")
    category = _category(payload.category)
    files = _attachments(payload.attachments)
    # One transaction: a new customer exists only together with their first case.
    with transaction.atomic():
        if caller.is_agent:
            with _field_renamed("email", "customer_email"):
                customer = get_or_create_customer(
                    email=payload.customer_email, name=payload.customer_name
                )
        else:
            customer = caller.customer
        intake = services.open_case(
            customer=customer,
            subject=payload.subject,
            body=payload.body,
            channel=payload.channel,
            category=category,
            priority=payload.priority,
            attachments=files,
            agent=caller.user,
            named_reference=find_reference(f"{payload.subject}\n{payload.body}"),
        )
    out = detail(intake.case, caller, with_timeline=False)
    return Status(201, out | {"joined": intake.joined, "notices": intake.notices})


class CaseFilters(Schema):
    status: StatusName | None = None
    team: str | None = None
    owner: str | None = Field(None, description="An agent's username.")
    customer: str | None = Field(None, description="The customer's email (agents only).")
    updated_since: datetime | None = None
    q: str | None = Field(None, max_length=200, description="Words to find; best match first.")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(50, ge=1, le=200)


@router.get("", response=CasePage, summary="List cases, newest activity first")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]):
    caller = _caller(request)
    base = policy.visible_cases(caller)
    team_id = assignee_id = customer_id = None
    if filters.team:
        team_id = Team.objects.filter(name=filters.team).values_list("id", flat=True).first() or -1
    if filters.owner:
        assignee_id = (
            get_user_model()
            .objects.filter(username=filters.owner)
            .values_list("id", flat=True)
            .first()
            or -1
        )
    if filters.customer:
        policy.require_agent(caller)
        found = customer_by_email(filters.customer)
        customer_id = found.pk if found else -1
    cases = selectors.case_list(
        base=base,
        status=filters.status,
        team_id=team_id,
        assignee_id=assignee_id,
        customer_id=customer_id,
        updated_since=filters.updated_since,
    )
    start = (filters.page - 1) * filters.page_size
    # (-updated_at, id) walks the (status, -updated_at) index as stored (SQLite appends the rowid
    # ascending), so a page needs no sort; one extra row tells whether a next page exists,
    # so no COUNT(*) over a big table.
    if filters.q:
        public_only = not policy.sees_internal(caller)
        cases = search_cases(filters.q, within=cases, public_only=public_only)
    else:
        cases = cases.order_by("-updated_at", "id")
    ids = list(cases.values_list("id", flat=True)[start : start + filters.page_size + 1])
    more = len(ids) > filters.page_size
    return {
        "items": summaries(_rows_in_order(ids[: filters.page_size])),
        "page": filters.page,
        "next_page": filters.page + 1 if more else None,
    }


@router.get("/{reference}", response=CaseDetail, summary="A case with its timeline")
def get_case(request: HttpRequest, reference: str):
    return detail(_case(request, reference), _caller(request), with_timeline=True)


@router.post("/{reference}/entries", response={201: EntryOut}, summary="Add to the timeline")
def add_entry(request: HttpRequest, reference: str, payload: EntryIn):
    caller = _caller(request)
    case = _case(request, reference)
    files = _attachments(payload.attachments)
    if payload.kind == "message":
        if caller.is_agent:
            raise NotAllowed(_("Agents reply or write notes; messages come from the customer."))
        entry = services.add_customer_message(
            case=case,
            customer=caller.customer,
            body=payload.body,
            channel="api",
            attachments=files,
        )
        return Status(201, entry_out(entry))
    agent = policy.require_agent(caller)
    if payload.kind == "reply":
        entry = services.reply(case=case, agent=agent, body=payload.body, attachments=files)
    elif payload.kind == "note":
        entry = services.add_note(case=case, agent=agent, body=payload.body, attachments=files)
    elif payload.kind == "call":
        entry = services.record_call(case=case, agent=agent, body=payload.body)
    else:
        entry = services.record_diagnostic(
            case=case,
            agent=agent,
            check=payload.check,
            result=payload.result,
            body=payload.body,
            public=payload.public,
        )
    return Status(201, entry_out(entry))


@router.patch(
    "/{reference}", response=CaseOut, summary="Change status, owner, priority, category, tags"
)
@transaction.atomic  # all requested changes, or none
def change_case(request: HttpRequest, reference: str, payload: CasePatch):
    case = _case(request, reference)
    caller = _caller(request)
    changes = payload.dict(exclude_unset=True)
    if not caller.is_agent:
        if set(changes) - {"status", "reason"} or payload.status != "resolved":
            raise NotAllowed(_("Customers may only mark their case as solved."))
        services.resolve_by_customer(case=case, customer=caller.customer)
        return detail(selectors.case_by_reference(case.reference), caller, with_timeline=False)
    agent = caller.user
    if payload.owner is not None:
        to_team = to_agent = None
        if payload.owner.team:
            to_team = Team.objects.filter(name=payload.owner.team).first()
            if to_team is None:
                raise DomainError(
                    _("Unknown team %(name)r.") % {"name": payload.owner.team}, field="owner.team"
                )
        if payload.owner.agent:
            to_agent = (
                get_user_model()
                .objects.filter(username=payload.owner.agent, agent__isnull=False)
                .first()
            )
            if to_agent is None:
                raise DomainError(
                    _("Unknown agent %(name)r.") % {"name": payload.owner.agent},
                    field="owner.agent",
                )
        services.hand_over(
            case=case, agent=agent, note=payload.owner.note, to_team=to_team, to_agent=to_agent
        )
    if "category" in changes:
        services.change_category(case=case, agent=agent, category=_category(payload.category))
    if payload.priority:
        services.change_priority(
            case=case, agent=agent, priority=payload.priority, reason=payload.reason
        )
    if payload.tags is not None:
        services.set_tags(case=case, agent=agent, names=payload.tags)
    if payload.status and payload.status != case.status:
        services.change_status(case=case, agent=agent, status=payload.status, reason=payload.reason)
    return detail(selectors.case_by_reference(case.reference), caller, with_timeline=False)


@router.post("/{reference}/merge", response=CaseOut, summary="Merge this case into another")
def merge_case(request: HttpRequest, reference: str, payload: MergeIn):
    source = _case(request, reference)
    agent = policy.require_agent(_caller(request))
    target = _other_case(request, payload.into, field="into")
    with _field_renamed("target", "into"):
        kept = services.merge_cases(source=source, target=target, agent=agent)
    return detail(
        selectors.case_by_reference(kept.reference), _caller(request), with_timeline=False
    )


@router.post("/{reference}/links", response={201: CaseLinks}, summary="Link a related case")
def link_case(request: HttpRequest, reference: str, payload: LinkIn):
    case = _case(request, reference)
    agent = policy.require_agent(_caller(request))
    other = _other_case(request, payload.reference, field="reference")
    with _field_renamed("other", "reference"):
        services.link_cases(case=case, other=other, agent=agent)
    related = [linked.reference for linked in case.related.order_by("id")]
    return Status(201, {"reference": case.reference, "related": related})


@router.get(
    "/{reference}/attachments/{attachment_id}",
    response={200: None},
    summary="Download an attachment",
    openapi_extra={"responses": {200: {"description": "The file's bytes."}}},
)
def download_attachment(request: HttpRequest, reference: str, attachment_id: int):
    caller = _caller(request)
    case = _case(request, reference)
    files = Attachment.objects.filter(pk=attachment_id, entry__case=case)
    if not policy.sees_internal(caller):
        files = files.filter(entry__public=True)
    attachment = files.first()
    if attachment is None:
        raise Http404(_("No such attachment on case %(ref)s.") % {"ref": case.reference})
    return attachment_response(attachment)
