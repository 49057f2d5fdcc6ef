"""/api/v1/cases: open, list, read, annotate and change cases."""

import base64
import binascii
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.params.functions import Header

from fairdesk.accounts import selectors as accounts
from fairdesk.api import output, policy
from fairdesk.api.schemas import (
    AttachmentIn,
    CaseCreated,
    CaseDetail,
    CaseFilters,
    CaseIn,
    CaseLinks,
    CaseOut,
    CasePage,
    CasePatch,
    EntryIn,
    EntryOut,
    LinkIn,
    MergeIn,
    OwnerIn,
)
from fairdesk.cases import selectors, services
from fairdesk.cases.models import Case, Category, Channel, Entry, EntryKind
from fairdesk.cases.tokens import split_token
from fairdesk.channels.email import participants
from fairdesk.lib import language
from fairdesk.lib.downloads import attachment_response
from fairdesk.lib.errors import DomainError, NotAllowed
from fairdesk.lib.references import find_reference
from fairdesk.promises import case_views
from fairdesk.queues import selectors as queue_selectors
from fairdesk.search.selectors import search_with_total

router = Router(tags=["cases"])

# A client's key for a write it may send again (docs/api.md, "Sending a write again").
IdempotencyKey = Annotated[
    str | None,
    Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Any unique string (e.g. a UUID); a retry with the same key and body "
        "gets the first answer and writes nothing again.",
    ),
]


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
    category = selectors.category_by_path(path)
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


def _once(
    request: HttpRequest,
    response: HttpResponse,
    key: str | None,
    write: Callable[[], services.Intake],
) -> services.Intake:
    """`write()`, done once per Idempotency-Key: a retry is answered from the first time."""
    if key is None:
        return write()
    caller = policy.caller(request)
    holder = f"user:{caller.user.pk}" if caller.user else f"customer:{caller.customer.pk}"
    request_line = f"{request.method} {request.path}\n".encode()
    fingerprint = hashlib.sha256(request_line + request.body).hexdigest()
    intake, replayed = services.write_once(
        caller=holder, key=key, fingerprint=fingerprint, write=write
    )
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return intake


@router.post("", response={201: CaseCreated}, summary="Open a case (or join the open one)")
def create_case(
    request: HttpRequest, response: HttpResponse, payload: CaseIn, key: IdempotencyKey = None
):
    caller = policy.caller(request)
    policy.require_fields(caller, "open", set(payload.dict(exclude_unset=True)))
    contact: dict[str, Any] = {
        "subject": payload.subject,
        "body": payload.body,
        "channel": payload.channel,
        "category": _category(payload.category),
        "priority": payload.priority,
        "attachments": _attachments(payload.attachments),
        "agent": caller.user,
        "named_reference": find_reference(f"{payload.subject}\n{payload.body}"),
    }
    if caller.is_agent:
        email = payload.customer_email
        if not email:
            message = _("An agent must name the customer's email.")
            raise DomainError(message, field="customer_email")
        # A new customer is written to in the language of their first request.
        spoken = language.guess(
            declared=request.headers.get("Content-Language"),
            text=f"{payload.subject}\n{payload.body}",
        )
        with _field_renamed("email", "customer_email"):
            intake = _once(
                request,
                response,
                key,
                lambda: services.open_case_for_address(
                    email=email,
                    name=payload.customer_name,
                    language=spoken or "",
                    **contact,
                ),
            )
    else:
        customer = policy.require_customer(caller)
        intake = _once(
            request, response, key, lambda: services.open_case(customer=customer, **contact)
        )
    out = output.detail(intake.case, caller, with_timeline=False)
    notices = list(intake.notices)
    if intake.joined:
        link = reverse("portal:new_matter", args=[split_token(intake.entry.pk)])
        notices.append(
            _("Not about case %(ref)s? This is a new matter: %(url)s")
            % {"ref": intake.case.reference, "url": f"{settings.FAIRDESK_BASE_URL}{link}"}
        )
    return Status(201, out | {"joined": intake.joined, "notices": notices})


def _filter_ids(filters: CaseFilters) -> dict[str, int] | None:
    """The ids of the team, owner and customer named in `filters`; None when one names nobody
    (then no case matches)."""
    named: dict[str, Any] = {}
    if filters.team:
        named["team_id"] = accounts.team_by_name(filters.team)
    if filters.owner:
        named["assignee_id"] = accounts.agent_by_username(filters.owner)
    if filters.customer:
        named["customer_id"] = accounts.customer_by_email(filters.customer)
    if any(found is None for found in named.values()):
        return None
    return {key: found.pk for key, found in named.items()}


def _view_lookups(caller: policy.Caller, filters: CaseFilters) -> dict[str, Any]:
    """The desk's view (agents only) and the filters the desk's views share."""
    narrowed = case_views.CaseFilter(
        category_id=_category(filters.category).pk if filters.category else None,
        priority=filters.priority or "",
        tag=(filters.tag or "").strip().lower(),
        channel=filters.channel or "",
        language=filters.language or "",
    )
    lookups = narrowed.lookups()
    if filters.view:
        agent = policy.require_agent(caller)
        lookups |= case_views.view_lookups(filters.view, agent=agent)
    return lookups


@router.get("", response=CasePage, summary="List cases, newest activity first")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]):
    caller = policy.caller(request)
    if filters.customer:
        policy.require_agent(caller)
    ids = _filter_ids(filters)
    if ids is None:
        return {"items": [], "page": filters.page, "next_page": None}
    cases = selectors.case_list(
        base=policy.visible_cases(caller),
        status=filters.status,
        updated_since=filters.updated_since,
        **ids,
    ).filter(**_view_lookups(caller, filters))
    start = (filters.page - 1) * filters.page_size
    # (-updated_at, id) walks the (status, -updated_at) index as stored (SQLite appends the rowid
    # ascending), so a page needs no sort; one extra row tells whether a next page exists,
    # so no COUNT(*) over a big table.
    wanted = filters.page_size + 1
    total = None
    if filters.q:
        public_only = not policy.sees_internal(caller)
        cases, total = search_with_total(filters.q, within=cases, public_only=public_only)
        page = list(cases.values_list("id", flat=True)[start : start + wanted])
    elif filters.order == "queue":  # what is next first: the one queue order
        page = queue_selectors.next_case_ids_within(cases, wanted, skip=start)
    else:
        cases = cases.order_by("-updated_at", "id")
        page = list(cases.values_list("id", flat=True)[start : start + wanted])
    more = len(page) > filters.page_size
    return {
        "items": output.summaries(output.rows_in_order(page[: filters.page_size])),
        "page": filters.page,
        "next_page": filters.page + 1 if more else None,
        "total": total and {"count": total.count, "exact": total.exact},
    }


@router.get("/{reference}", response=CaseDetail, summary="A case with its timeline")
def get_case(request: HttpRequest, reference: str):
    case = policy.case_or_404(request, reference)
    return output.detail(case, policy.caller(request), with_timeline=True)


@router.post("/{reference}/entries", response={201: EntryOut}, summary="Add to the timeline")
def add_entry(
    request: HttpRequest,
    response: HttpResponse,
    reference: str,
    payload: EntryIn,
    key: IdempotencyKey = None,
):
    caller = policy.caller(request)
    case = policy.case_or_404(request, reference)
    files = _attachments(payload.attachments)
    if payload.kind == "message":
        policy.require_fields(caller, "write", set(payload.dict(exclude_unset=True)))
        if caller.is_agent:
            raise NotAllowed(_("Agents reply or write notes; messages come from the customer."))
        customer = policy.require_customer(caller)

        def write() -> services.Intake:
            entry = services.add_customer_message(
                case=case,
                customer=customer,
                body=payload.body,
                channel=Channel.API,
                attachments=files,
            )
            return services.Intake(case=case, entry=entry)

        entry = _once(request, response, key, write).entry
        return Status(201, output.entry_out(entry, for_customer=True))
    agent = policy.require_agent(caller)
    entry = _once(
        request,
        response,
        key,
        lambda: services.Intake(case=case, entry=_agent_entry(case, agent, payload, files)),
    ).entry
    return Status(201, output.entry_out(entry))


def _agent_entry(
    case: Case, agent: User, payload: EntryIn, files: tuple[services.NewAttachment, ...]
) -> Entry:
    if payload.kind == EntryKind.REPLY and payload.cc:
        return participants.reply_with_copies(
            case=case, agent=agent, body=payload.body, attachments=files, copies_to=payload.cc
        )
    if payload.kind == EntryKind.REPLY:
        return services.reply(case=case, agent=agent, body=payload.body, attachments=files)
    if payload.kind == EntryKind.NOTE:
        return services.add_note(case=case, agent=agent, body=payload.body, attachments=files)
    if payload.kind == EntryKind.CALL:
        return services.record_call(case=case, agent=agent, body=payload.body)
    return services.record_diagnostic(
        case=case,
        agent=agent,
        check=payload.check,
        result=payload.result,
        body=payload.body,
        public=payload.public,
    )


def _handover(owner: OwnerIn) -> services.Handover:
    """The handover asked for, its team and agent looked up by name."""
    to_team = to_agent = None
    if owner.team:
        to_team = accounts.team_by_name(owner.team)
        if to_team is None:
            raise DomainError(
                _("Unknown team %(name)r.") % {"name": owner.team}, field="owner.team"
            )
    if owner.agent:
        to_agent = accounts.agent_by_username(owner.agent)
        if to_agent is None:
            raise DomainError(
                _("Unknown agent %(name)r.") % {"name": owner.agent}, field="owner.agent"
            )
    return services.Handover(note=owner.note, to_team=to_team, to_agent=to_agent)


def _changes(payload: CasePatch, given: set[str]) -> services.CaseChanges:
    return services.CaseChanges(
        handover=_handover(payload.owner) if payload.owner is not None else None,
        subject=payload.subject,
        category=_category(payload.category) if "category" in given else services.UNCHANGED,
        priority=payload.priority,
        tags=payload.tags,
        status=payload.status,
        reason=payload.reason,
    )


@router.patch(
    "/{reference}",
    response=CaseOut,
    summary="Change subject, status, owner, priority, category, tags",
)
def change_case(request: HttpRequest, reference: str, payload: CasePatch):
    case = policy.case_or_404(request, reference)
    caller = policy.caller(request)
    given = set(payload.dict(exclude_unset=True))
    policy.require_case_change(caller, fields=given, status=payload.status)
    if caller.user is not None:
        # All requested changes, or none: change_case is one transaction.
        services.change_case(case=case, agent=caller.user, changes=_changes(payload, given))
    else:
        services.resolve_by_customer(case=case, customer=policy.require_customer(caller))
    changed = policy.case_or_404(request, case.reference)
    return output.detail(changed, caller, with_timeline=False)


@router.post("/{reference}/merge", response=CaseOut, summary="Merge this case into another")
def merge_case(request: HttpRequest, reference: str, payload: MergeIn):
    source = policy.case_or_404(request, reference)
    agent = policy.require_agent(policy.caller(request))
    target = policy.other_case(request, payload.into, field="into")
    with _field_renamed("target", "into"):
        kept = services.merge_cases(source=source, target=target, agent=agent)
    kept = policy.case_or_404(request, kept.reference)
    return output.detail(kept, policy.caller(request), with_timeline=False)


@router.post("/{reference}/links", response={201: CaseLinks}, summary="Link a related case")
def link_case(request: HttpRequest, reference: str, payload: LinkIn):
    case = policy.case_or_404(request, reference)
    agent = policy.require_agent(policy.caller(request))
    other = policy.other_case(request, payload.reference, field="reference")
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
    case = policy.case_or_404(request, reference)
    public_only = not policy.sees_internal(policy.caller(request))
    attachment = selectors.attachment_on_case(case, attachment_id, public_only=public_only)
    if attachment is None:
        raise Http404(_("No such attachment on case %(ref)s.") % {"ref": case.reference})
    return attachment_response(attachment)
