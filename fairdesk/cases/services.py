"""Every change to a case: one function per intent, one transaction each, each writing its
timeline entry and audit event. Views, API, commands and tasks all come through here."""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Customer, Team
from fairdesk.cases import rules, selectors
from fairdesk.cases.events import Event, case_event
from fairdesk.cases.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseAlias,
    Category,
    Channel,
    Entry,
    EntryKind,
    Priority,
    Status,
    Tag,
)
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.files import safe_filename, store_bytes
from fairdesk.lib.html import sanitize_html
from fairdesk.lib.references import format_reference
from fairdesk.lib.transactions import service
from fairdesk.search import index as search_index


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    data: bytes
    content_type: str = "application/octet-stream"
    inline: bool = False
    content_id: str = ""


@dataclass(frozen=True)
class Intake:
    """The result of a new contact: the case it opened or joined, and the entry written."""

    case: Case
    entry: Entry
    joined: bool = False
    notices: list[str] = field(default_factory=list)


def _audit(action: str, *, case: Case | None, agent=None, customer=None, **data) -> None:
    AuditEvent.objects.create(
        at=clock.now(),
        action=action,
        case=case,
        actor_user=agent,
        actor_customer=customer,
        data=data,
    )


def _check_text(body: str, *, name: str = "body", required: bool = True) -> str:
    body = (body or "").replace("\x00", "")
    if required and not body.strip():
        raise DomainError(_("Please write a message."), field=name)
    if len(body) > settings.FAIRDESK_MAX_BODY_CHARS:
        raise DomainError(
            _("The text is too long (at most %(n)s characters).")
            % {"n": settings.FAIRDESK_MAX_BODY_CHARS},
            field=name,
        )
    return body


def _touch(case: Case, **changes) -> None:
    """Save `changes` and the new updated_at in one UPDATE."""
    changes["updated_at"] = clock.now()
    for name, value in changes.items():
        setattr(case, name, value)
    Case.objects.filter(pk=case.pk).update(**changes)
    if "subject" in changes or "customer" in changes:
        search_index.case_changed(case.pk)


def _entry(
    case: Case,
    kind: str,
    *,
    agent=None,
    customer=None,
    public: bool,
    body: str = "",
    html: str = "",
    data: dict | None = None,
    attachments: tuple[NewAttachment, ...] = (),
) -> Entry:
    entry = Entry.objects.create(
        case=case,
        kind=kind,
        author_user=agent,
        author_customer=customer,
        public=public,
        body=body,
        html=sanitize_html(html) if html else "",
        data=data or {},
        created_at=clock.now(),
    )
    _attach(entry, attachments)
    search_index.entry_written(entry)  # in this transaction: found at once, gone on rollback
    return entry


def _attach(entry: Entry, attachments: tuple[NewAttachment, ...]) -> None:
    limit = settings.FAIRDESK_MAX_ATTACHMENT_BYTES
    for item in attachments:
        if len(item.data) > limit:
            raise DomainError(
                _("%(name)s is larger than %(mb)s MB.")
                % {"name": safe_filename(item.filename), "mb": limit // (1024 * 1024)},
                field="attachments",
            )
    Attachment.objects.bulk_create(
        Attachment(
            entry=entry,
            sha256=store_bytes(settings.FAIRDESK_ATTACHMENT_DIR, item.data),
            size=len(item.data),
            filename=safe_filename(item.filename),
            content_type=(item.content_type or "application/octet-stream")[:255],
            inline=item.inline,
            content_id=item.content_id[:255],
        )
        for item in attachments
    )


def _default_team(category: Category | None) -> Team:
    node = category
    while node is not None:
        if node.team_id:
            return node.team
        node = node.parent
    team = Team.objects.order_by("id").first()
    if team is None:
        raise DomainError(_("No team exists yet to take the case."))
    return team


@service
def open_case(
    *,
    customer: Customer,
    subject: str,
    body: str,
    channel: str,
    html: str = "",
    category: Category | None = None,
    team: Team | None = None,
    priority: str = Priority.NORMAL,
    attachments: tuple[NewAttachment, ...] = (),
    agent: AbstractBaseUser | None = None,
    named_reference: str | None = None,
    join_existing: bool = True,
) -> Intake:
    """Take a new contact: join the customer's open case it belongs to, or open a new one.

    `agent` is set when an agent records the contact on the customer's behalf (a call).
    """
    subject = " ".join((subject or "").split())[:250]
    body = _check_text(body, required=not attachments)
    if not subject:
        raise DomainError(_("Please give a subject."), field="subject")
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel %(c)r.") % {"c": channel}, field="channel")
    if priority not in Priority.values:
        raise DomainError(_("Unknown priority %(p)r.") % {"p": priority}, field="priority")
    if join_existing:
        joined = selectors.case_to_join(
            customer=customer,
            named_reference=named_reference,
            category_id=category.id if category else None,
            window=timedelta(days=settings.FAIRDESK_REPEAT_CONTACT_DAYS),
        )
        if joined is not None:
            entry = add_customer_message(
                case=joined,
                customer=customer,
                body=body,
                html=html,
                attachments=attachments,
                channel=channel,
                subject=subject,
            )
            case_event(case=joined, event=Event.JOINED, entry=entry)
            notice = _("Your message was added to your open case %(ref)s.") % {
                "ref": joined.reference
            }
            return Intake(case=joined, entry=entry, joined=True, notices=[notice])

    now = clock.now()
    case = Case.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:16]}",  # replaced by the number below
        subject=subject,
        channel=channel,
        priority=priority,
        team=team or _default_team(category),
        customer=customer,
        category=category,
        created_at=now,
        updated_at=now,
    )
    case.reference = format_reference(case.pk)
    Case.objects.filter(pk=case.pk).update(reference=case.reference)
    kind = EntryKind.CALL if channel == Channel.PHONE else EntryKind.MESSAGE_IN
    entry = _entry(
        case,
        kind,
        customer=customer,
        agent=agent,
        public=True,
        body=body,
        html=html,
        data={"channel": channel, "subject": subject},
        attachments=attachments,
    )
    _audit("case.opened", case=case, customer=customer, agent=agent, channel=channel)
    case_event(case=case, event=Event.OPENED, entry=entry)
    return Intake(case=case, entry=entry)


@service
def add_customer_message(
    *,
    case: Case,
    customer: Customer,
    body: str,
    html: str = "",
    channel: str = Channel.PORTAL,
    attachments: tuple[NewAttachment, ...] = (),
    subject: str = "",
) -> Entry:
    """A message from the customer; it reopens a resolved case, and never lands on a closed one."""
    body = _check_text(body, required=not attachments)
    case = _lock_open(case)
    entry = _entry(
        case,
        EntryKind.MESSAGE_IN,
        customer=customer,
        public=True,
        body=body,
        html=html,
        data={"channel": channel, "subject": subject} if subject else {"channel": channel},
        attachments=attachments,
    )
    old = case.status
    new = Status.OPEN if old in (Status.RESOLVED, Status.WAITING_ON_CUSTOMER) else old
    _touch(case, status=new, **({"resolved_at": None} if old == Status.RESOLVED else {}))
    if new != old:
        _status_entry(case, old, new, customer=customer, reason="customer message")
    _audit("case.customer_message", case=case, customer=customer, entry=entry.pk)
    case_event(case=case, event=Event.CUSTOMER_MESSAGE, entry=entry)
    if new != old:
        case_event(case=case, event=Event.STATUS_CHANGED, entry=entry, old=old, new=new)
    return entry


def _lock_open(case: Case) -> Case:
    """The case, locked for this transaction; a closed case takes nothing more."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == Status.CLOSED:
        raise Conflict(_("Case %(ref)s is closed.") % {"ref": case.reference})
    return case


def _status_entry(
    case: Case, old: str, new: str, *, agent=None, customer=None, reason: str = ""
) -> Entry:
    return _entry(
        case,
        EntryKind.STATUS,
        agent=agent,
        customer=customer,
        public=True,
        data={"from": old, "to": new, "reason": reason},
    )


@service
def reply(
    *,
    case: Case,
    agent: AbstractBaseUser,
    body: str,
    html: str = "",
    attachments: tuple[NewAttachment, ...] = (),
) -> Entry:
    """A public answer to the customer."""
    body = _check_text(body)
    case = _lock_open(case)
    entry = _entry(
        case,
        EntryKind.REPLY,
        agent=agent,
        public=True,
        body=body,
        html=html,
        attachments=attachments,
    )
    changes: dict = {}
    if case.first_response_at is None:
        changes["first_response_at"] = entry.created_at
    old = case.status
    if old == Status.NEW:
        changes["status"] = Status.OPEN
    _touch(case, **changes)
    if old == Status.NEW:
        _status_entry(case, old, Status.OPEN, agent=agent, reason="reply")
    _audit("case.reply", case=case, agent=agent, entry=entry.pk)
    case_event(case=case, event=Event.PUBLIC_REPLY, entry=entry)
    return entry


@service
def add_note(
    *, case: Case, agent: AbstractBaseUser, body: str, attachments: tuple[NewAttachment, ...] = ()
) -> Entry:
    """An internal note: never shown to the customer."""
    entry = _entry(
        case,
        EntryKind.NOTE,
        agent=agent,
        public=False,
        body=_check_text(body),
        attachments=attachments,
    )
    _touch(case)
    _audit("case.note", case=case, agent=agent, entry=entry.pk)
    return entry


@service
def record_call(
    *, case: Case, agent: AbstractBaseUser, body: str, direction: str = "inbound"
) -> Entry:
    if direction not in ("inbound", "outbound"):
        raise DomainError(_("A call is inbound or outbound."), field="direction")
    entry = _entry(
        case,
        EntryKind.CALL,
        agent=agent,
        public=True,
        body=_check_text(body),
        data={"direction": direction},
    )
    _touch(case)
    _audit("case.call", case=case, agent=agent, entry=entry.pk)
    return entry


@service
def record_diagnostic(
    *,
    case: Case,
    agent: AbstractBaseUser,
    check: str,
    result: str,
    body: str = "",
    public: bool = False,
) -> Entry:
    """A diagnostic step (what was checked, the result): the next agent sees it as done."""
    check = " ".join((check or "").split())[:200]
    result = " ".join((result or "").split())[:500]
    if not check:
        raise DomainError(_("Say what was checked."), field="check")
    if not result:
        raise DomainError(_("Say what the check found."), field="result")
    entry = _entry(
        case,
        EntryKind.DIAGNOSTIC,
        agent=agent,
        public=public,
        body=_check_text(body, required=False),
        data={"check": check, "result": result},
    )
    _touch(case)
    _audit("case.diagnostic", case=case, agent=agent, check=check, result=result)
    return entry


@service
def change_status(*, case: Case, agent: AbstractBaseUser, status: str, reason: str = "") -> Entry:
    if status not in Status.values:
        raise DomainError(_("Unknown status %(s)r.") % {"s": status}, field="status")
    case = Case.objects.select_for_update().get(pk=case.pk)
    old = case.status
    if not rules.can_change_status(old, status):
        raise Conflict(
            _("A case that is %(old)s cannot become %(new)s.") % {"old": old, "new": status},
            field="status",
        )
    now = clock.now()
    changes: dict = {"status": status}
    if status == Status.RESOLVED:
        changes["resolved_at"] = now
    elif old == Status.RESOLVED and status != Status.CLOSED:
        changes["resolved_at"] = None
    _touch(case, **changes)
    entry = _status_entry(case, old, status, agent=agent, reason=reason)
    _audit("case.status", case=case, agent=agent, old=old, new=status)
    case_event(case=case, event=Event.STATUS_CHANGED, entry=entry, old=old, new=status)
    return entry


@service
def resolve_by_customer(*, case: Case, customer: Customer) -> Entry:
    """The customer says "this solved it"."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in rules.TRANSITIONS or not rules.can_change_status(
        case.status, Status.RESOLVED
    ):
        raise Conflict(_("Case %(ref)s is already done.") % {"ref": case.reference})
    old = case.status
    _touch(case, status=Status.RESOLVED, resolved_at=clock.now())
    entry = _status_entry(case, old, Status.RESOLVED, customer=customer, reason="solved")
    _audit("case.status", case=case, customer=customer, old=old, new=Status.RESOLVED)
    case_event(case=case, event=Event.STATUS_CHANGED, entry=entry, old=old, new=Status.RESOLVED)
    return entry


@service
def change_priority(
    *, case: Case, agent: AbstractBaseUser | None, priority: str, reason: str = ""
) -> Entry | None:
    if priority not in Priority.values:
        raise DomainError(_("Unknown priority %(p)r.") % {"p": priority}, field="priority")
    old = case.priority
    if old == priority:
        return None
    _touch(case, priority=priority)
    entry = _entry(
        case,
        EntryKind.SYSTEM,
        agent=agent,
        public=False,
        data={"field": "priority", "from": old, "to": priority, "reason": reason},
    )
    _audit("case.priority", case=case, agent=agent, old=old, new=priority, reason=reason)
    return entry


@service
def change_category(*, case: Case, agent: AbstractBaseUser, category: Category | None) -> None:
    old = case.category.path if case.category_id else None
    _touch(case, category=category)
    _entry(
        case,
        EntryKind.SYSTEM,
        agent=agent,
        public=False,
        data={"field": "category", "from": old, "to": category.path if category else None},
    )
    _audit(
        "case.category", case=case, agent=agent, old=old, new=category.path if category else None
    )


@service
def set_tags(*, case: Case, agent: AbstractBaseUser, names: list[str]) -> None:
    clean = sorted({" ".join(n.split())[:50].lower() for n in names if n.strip()})
    tags = [Tag.objects.get_or_create(name=name)[0] for name in clean]
    case.tags.set(tags)
    _touch(case)
    _audit("case.tags", case=case, agent=agent, tags=clean)


@service
def hand_over(
    *,
    case: Case,
    agent: AbstractBaseUser | None,
    note: str,
    to_team: Team | None = None,
    to_agent: AbstractBaseUser | None = None,
) -> Entry:
    """Give the case to another agent or team queue, with a note for whoever takes it.

    `agent` is None when fairdesk itself moves the case (an escalation).
    """
    note = (note or "").strip()
    if not note:
        raise DomainError(_("A handoff needs a note for the next person."), field="note")
    if to_team is None and to_agent is None:
        raise DomainError(_("Say who takes the case over."), field="owner")
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("team", "assignee")
        .get(pk=case.pk)
    )
    team = to_team or case.team
    if to_agent is not None:
        profile = getattr(to_agent, "agent", None)
        if profile is None or not to_agent.is_active:
            raise DomainError(
                _("%(name)s is not an active agent.") % {"name": to_agent}, field="owner"
            )
        if to_team is None and not profile.teams.filter(pk=team.pk).exists():
            team = profile.teams.order_by("id").first() or team
    before = {
        "team": case.team.name,
        "agent": case.assignee.get_username() if case.assignee_id else None,
    }
    after = {"team": team.name, "agent": to_agent.get_username() if to_agent else None}
    if before == after:
        raise Conflict(_("The case is already there."), field="owner")
    _touch(case, team=team, assignee=to_agent, handoff_count=F("handoff_count") + 1)
    case.refresh_from_db(fields=["handoff_count"])
    entry = _entry(
        case,
        EntryKind.OWNER,
        agent=agent,
        public=False,
        body=_check_text(note),
        data={"from": before, "to": after},
    )
    _audit("case.handover", case=case, agent=agent, old=before, new=after)
    case_event(case=case, event=Event.HANDED_OVER, entry=entry)
    return entry


@service
def take(*, case: Case, agent: AbstractBaseUser) -> None:
    """An agent takes a case from their team's queue (no note needed: nothing is handed on)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.assignee_id:
        raise Conflict(_("The case already has an owner; hand it over instead."), field="owner")
    _touch(case, assignee=agent)
    _entry(
        case,
        EntryKind.OWNER,
        agent=agent,
        public=False,
        data={
            "from": {"team": case.team.name, "agent": None},
            "to": {"team": case.team.name, "agent": agent.get_username()},
        },
    )
    _audit("case.take", case=case, agent=agent)


@service
def merge_cases(*, source: Case, target: Case, agent: AbstractBaseUser) -> Case:
    """Move `source`'s timeline into `target`; `source`'s reference then leads to `target`."""
    if source.pk == target.pk:
        raise DomainError(_("A case cannot be merged into itself."), field="target")
    if source.customer_id != target.customer_id:
        raise DomainError(_("Only cases of the same customer can be merged."), field="target")
    if target.merged_into_id or target.status == Status.CLOSED:
        raise Conflict(_("Merge into an open case."), field="target")
    Entry.objects.filter(case=source).update(case=target)
    CaseAlias.objects.filter(case=source).update(case=target)
    CaseAlias.objects.create(reference=source.reference, case=target)
    Case.objects.filter(pk=source.pk).update(
        status=Status.CLOSED, merged_into=target, updated_at=clock.now()
    )
    _touch(target)
    _entry(target, EntryKind.SYSTEM, agent=agent, public=True, data={"merged": source.reference})
    _audit("case.merged", case=target, agent=agent, source=source.reference)
    case_event(case=target, event=Event.MERGED, source=source)
    return target


@service
def link_cases(*, case: Case, other: Case, agent: AbstractBaseUser | None = None) -> None:
    """Relate two cases; `agent` is None when fairdesk links them (a mail naming another case)."""
    if case.pk == other.pk:
        raise DomainError(_("A case cannot be linked to itself."), field="other")
    if case.related.filter(pk=other.pk).exists():
        return  # already linked: no second pair of timeline entries
    case.related.add(other)
    for one, two in ((case, other), (other, case)):
        _entry(one, EntryKind.SYSTEM, agent=agent, public=False, data={"linked": two.reference})
    _audit("case.linked", case=case, agent=agent, other=other.reference)


@service
def create_category(
    *, name: str, parent: Category | None = None, team: Team | None = None, is_fault: bool = False
) -> Category:
    name = " ".join((name or "").replace(">", " ").split())[:100]
    if not name:
        raise DomainError(_("A category needs a name."), field="name")
    path = f"{parent.path} > {name}" if parent else name
    return Category.objects.create(
        name=name, parent=parent, path=path, team=team, is_fault=is_fault
    )


@dataclass(frozen=True)
class NewEvent:
    """One timeline entry another app writes through `record_events`."""

    data: dict
    kind: str = EntryKind.SYSTEM
    public: bool = False
    body: str = ""
    agent: AbstractBaseUser | None = None
    audit: str = ""


@service
def record_event(
    *,
    case: Case,
    kind: str = EntryKind.SYSTEM,
    data: dict,
    public: bool = False,
    body: str = "",
    agent: AbstractBaseUser | None = None,
    audit: str = "",
) -> Entry:
    """A timeline entry written on behalf of another app (a promise kept, a mail bounced)."""
    event = NewEvent(data=data, kind=kind, public=public, body=body, agent=agent, audit=audit)
    return record_events(case=case, events=[event])[0]


@service
def record_events(*, case: Case, events: list[NewEvent]) -> list[Entry]:
    """Several timeline entries on behalf of another app, written together (the promises a
    new case gets): one INSERT for the entries and one for their audit events."""
    for event in events:
        if event.kind not in EntryKind.values:
            raise DomainError(_("Unknown entry kind %(k)r.") % {"k": event.kind}, field="kind")
    now = clock.now()
    entries = Entry.objects.bulk_create(
        Entry(
            case=case,
            kind=event.kind,
            author_user=event.agent,
            public=event.public,
            body=event.body,
            data=event.data,
            created_at=now,
        )
        for event in events
    )
    for entry in entries:
        search_index.entry_written(entry)
    _touch(case)
    AuditEvent.objects.bulk_create(
        AuditEvent(at=now, action=event.audit, case=case, actor_user=event.agent, data=event.data)
        for event in events
        if event.audit
    )
    return entries
