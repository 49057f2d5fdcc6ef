"""What agents and other apps add to a case's timeline: replies, notes, calls, checks, events."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from fairdesk.cases.events import Event, case_event
from fairdesk.cases.mentions import mentioned_names
from fairdesk.cases.models import (
    AuditEvent,
    Case,
    Entry,
    EntryKind,
    Mention,
    Status,
)
from fairdesk.cases.services.rows import (
    NewAttachment,
    audit,
    audit_events,
    changed_here,
    check_text,
    lock_open,
    status_entry,
    touch,
    write_entry,
)
from fairdesk.lib import clock, sql
from fairdesk.lib.errors import DomainError
from fairdesk.lib.text import one_line
from fairdesk.lib.transactions import service
from fairdesk.search import index as search_index


@service
def reply(
    *,
    case: Case,
    agent: User,
    body: str,
    html: str = "",
    attachments: tuple[NewAttachment, ...] = (),
    copies_to: tuple[str, ...] = (),
) -> Entry:
    """A public answer to the customer (and a copy to `copies_to`, addresses a channel has
    checked: the email channel's participants)."""
    body = check_text(body)
    case = lock_open(case)
    entry = write_entry(
        case,
        EntryKind.REPLY,
        agent=agent,
        public=True,
        body=body,
        html=html,
        attachments=attachments,
        data={"cc": list(copies_to)} if copies_to else None,
    )
    changes: dict = {}
    if case.first_response_at is None:
        changes["first_response_at"] = entry.created_at
    old = case.status
    if old == Status.NEW:
        changes["status"] = Status.OPEN
    touch(case, **changes)
    if old == Status.NEW:
        status_entry(case, old, Status.OPEN, agent=agent, reason="reply")
    audit("case.reply", case=case, agent=agent, entry=entry.pk)
    case_event(case=case, event=Event.PUBLIC_REPLY, entry=entry)
    return entry


@service
def add_note(
    *, case: Case, agent: User, body: str, attachments: tuple[NewAttachment, ...] = ()
) -> Entry:
    """An internal note: never shown to the customer. Agents it names with `@username` are
    recorded as mentioned (a Mention row each) and told (Event.MENTIONED)."""
    entry = write_entry(
        case,
        EntryKind.NOTE,
        agent=agent,
        public=False,
        body=check_text(body),
        attachments=attachments,
    )
    touch(case)
    audit("case.note", case=case, agent=agent, entry=entry.pk)
    mentioned = _record_mentions(case, entry)
    if mentioned:
        case_event(case=case, event=Event.MENTIONED, entry=entry, agents=mentioned)
    return entry


def _record_mentions(case: Case, entry: Entry) -> list[int]:
    """The ids of the active agents the note names, each stored as a Mention (unknown names
    are plain text: a note may well contain an `@` that names nobody)."""
    names = mentioned_names(entry.body)
    if not names:
        return []
    agents = list(
        User.objects.annotate(lower_name=Lower("username"))
        .filter(lower_name__in=names, is_active=True, agent__isnull=False)
        .order_by("pk")
    )
    Mention.objects.bulk_create(
        Mention(case=case, agent=agent, entry=entry, created_at=entry.created_at)
        for agent in agents
    )
    return [agent.pk for agent in agents]


@service
def record_call(
    *,
    case: Case,
    agent: User,
    body: str,
    direction: str = "inbound",
    facts: dict | None = None,
) -> Entry:
    """A call with the customer, as the agent sums it up; `facts` keeps what another app
    knows of it (a callback's attempt and whether the customer was reached)."""
    if direction not in ("inbound", "outbound"):
        raise DomainError(_("A call is inbound or outbound."), field="direction")
    entry = write_entry(
        case,
        EntryKind.CALL,
        agent=agent,
        public=True,
        body=check_text(body),
        data={"direction": direction} | (facts or {}),
    )
    touch(case)
    audit("case.call", case=case, agent=agent, entry=entry.pk)
    case_event(case=case, event=Event.CALL_RECORDED, entry=entry)
    return entry


@service
def record_diagnostic(
    *,
    case: Case,
    agent: User,
    check: str,
    result: str,
    body: str = "",
    public: bool = False,
) -> Entry:
    """A diagnostic step (what was checked, the result): the next agent sees it as done."""
    check, result = one_line(check, 200), one_line(result, 500)
    if not check:
        raise DomainError(_("Say what was checked."), field="check")
    if not result:
        raise DomainError(_("Say what the check found."), field="result")
    entry = write_entry(
        case,
        EntryKind.DIAGNOSTIC,
        agent=agent,
        public=public,
        body=check_text(body, required=False),
        data={"check": check, "result": result},
    )
    touch(case)
    audit("case.diagnostic", case=case, agent=agent, check=check, result=result)
    return entry


@dataclass(frozen=True)
class NewEvent:
    """One timeline entry another app writes through `record_events`."""

    data: dict
    kind: str = EntryKind.SYSTEM
    public: bool = False
    body: str = ""
    agent: User | None = None
    audit: str = ""


@service
def record_event(
    *,
    case: Case,
    kind: str = EntryKind.SYSTEM,
    data: dict,
    public: bool = False,
    body: str = "",
    agent: User | None = None,
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
    entries = [
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
    ]
    sql.insert_all(entries)  # one INSERT, compiled once per number of rows (a new case: two)
    for entry in entries:
        search_index.entry_written(entry)
    if not changed_here(case):  # a case opened or stamped in this call has its time
        touch(case)
    audit_events(
        [
            AuditEvent(
                at=now, action=event.audit, case=case, actor_user=event.agent, data=event.data
            )
            for event in events
            if event.audit
        ]
    )
    return entries


@service
def tell_customer(
    *,
    case: Case,
    data: dict,
    body: str = "",
    notice: str = "notice",
    agent: User | None = None,
    audit: str = "",
) -> Entry:
    """A public entry that the customer is also sent, by whichever channels react to
    `Event.NOTICE` (mail today): how a domain app reaches the customer without importing
    a channel. `notice` names the kind (e.g. "survey"), for the channel to choose its form."""
    event = NewEvent(data=data, public=True, body=body, agent=agent, audit=audit)
    entry = record_events(case=case, events=[event])[0]
    case_event(case=case, event=Event.NOTICE, entry=entry, notice=notice)
    return entry
