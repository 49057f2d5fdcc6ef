"""New contacts: open a case, or add the customer's message to the case it belongs to."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Customer, Team
from fairdesk.accounts.selectors import first_team
from fairdesk.accounts.services import (
    find_or_create_customer,
    get_or_create_customer,
    new_in_this_call,
)
from fairdesk.cases import selectors
from fairdesk.cases.events import Event, case_event, column_fillers
from fairdesk.cases.models import (
    Case,
    Category,
    Channel,
    Entry,
    EntryKind,
    Priority,
    Status,
)
from fairdesk.cases.services.rows import (
    CREATED,
    NewAttachment,
    arrived,
    audit,
    check_text,
    lock_open,
    status_entry,
    touch,
    write_entry,
)
from fairdesk.lib import clock, request_memo, sql, transactions
from fairdesk.lib.errors import DomainError
from fairdesk.lib.references import format_reference
from fairdesk.lib.text import one_line
from fairdesk.lib.transactions import service
from fairdesk.search import index as search_index

# Contacts an agent heard rather than read: their entry is a call, written by the agent.
SPOKEN = (Channel.PHONE, Channel.WALK_IN)
# Contacts an agent records on the customer's behalf from the desk.
RECORDED_BY_AGENT = (Channel.PHONE, Channel.LETTER, Channel.WALK_IN)


@dataclass(frozen=True)
class Intake:
    """The result of a new contact: the case it opened or joined, and the entry written."""

    case: Case
    entry: Entry
    joined: bool = False
    notices: list[str] = field(default_factory=list)


def _default_team(category: Category | None) -> Team:
    node = category
    while node is not None:
        if node.team is not None:
            return node.team
        node = node.parent
    team = first_team()
    if team is None:
        raise DomainError(_("No team exists yet to take the case."))
    return team


def _checked_subject(subject: str, *, channel: str, priority: str) -> str:
    """The subject squashed to one line; refuses an empty one and unknown channel or priority."""
    subject = one_line(subject, 250)
    if not subject:
        raise DomainError(_("Please give a subject."), field="subject")
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel %(c)r.") % {"c": channel}, field="channel")
    if priority not in Priority.values:
        raise DomainError(_("Unknown priority %(p)r.") % {"p": priority}, field="priority")
    return subject


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
    agent: User | None = None,
    named_reference: str | None = None,
    received_at: datetime | None = None,
    mail_subject: str = "",
) -> Intake:
    """Take a new contact: join the customer's open case it belongs to, or open a new one.

    `agent` is set when an agent records the contact on the customer's behalf (a call);
    `received_at` when the contact was stored before it was filed (its time and its promises
    count from then); `mail_subject` is the contact's own subject when `subject`, a new
    case's title, was cleaned from it (a mail's "AW: …"): its entry keeps it as it came.
    """
    body = check_text(body, required=not attachments)
    subject = _checked_subject(subject, channel=channel, priority=priority)
    target = None
    if not new_in_this_call(customer):  # a customer created a moment ago has no cases
        target = selectors.case_to_join(
            customer=customer,
            named_reference=named_reference,
            window=timedelta(days=settings.FAIRDESK_REPEAT_CONTACT_DAYS),
        )
    if target is None:
        return open_new_case(
            customer=customer,
            subject=subject,
            body=body,
            channel=channel,
            html=html,
            category=category,
            team=team,
            priority=priority,
            attachments=attachments,
            agent=agent,
            received_at=received_at,
            mail_subject=mail_subject,
        )
    return _join(
        target,
        customer,
        agent=agent,
        channel=channel,
        subject=one_line(mail_subject, 250) or subject,
        body=body,
        html=html,
        attachments=attachments,
        received_at=received_at,
    )


def _join(target: selectors.JoinTarget, customer: Customer, **contact) -> Intake:
    """Add the contact to the case it joins; flag the choice when other cases were open."""
    case = target.case
    entry = add_customer_message(case=case, customer=customer, **contact)
    if target.confirm:
        write_entry(
            case,
            EntryKind.SYSTEM,
            public=False,
            data={"join_confirm": entry.pk, "others": list(target.others)},
        )
        audit("case.join_to_confirm", case=case, customer=customer, others=list(target.others))
    case_event(case=case, event=Event.JOINED, entry=entry)
    return Intake(case=case, entry=entry, joined=True, notices=[joined_notice(case)])


def joined_notice(case: Case) -> str:
    return _("Your message was added to your open case %(ref)s.") % {"ref": case.reference}


@service
def open_new_case(
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
    agent: User | None = None,
    acknowledged_by: str = "",
    received_at: datetime | None = None,
    mail_subject: str = "",
) -> Intake:
    """Open a new case for the contact, whatever else the customer has open (a stranger
    writing into someone's thread, mail without a sender, a copy to be merged).

    `acknowledged_by` names who acknowledges the case itself (e.g. "process": a
    cancellation's confirmation), so the channels send no acknowledgment of their own;
    `mail_subject` as for `open_case`."""
    body = check_text(body, required=not attachments)
    subject = _checked_subject(subject, channel=channel, priority=priority)
    at = arrived(received_at)
    case = new_case(
        customer=customer,
        subject=subject,
        channel=channel,
        priority=priority,
        team=team or _default_team(category),
        category=category,
        created_at=at,
    )
    kind = EntryKind.CALL if channel in SPOKEN else EntryKind.MESSAGE_IN
    entry = write_entry(
        case,
        kind,
        customer=customer,
        agent=agent,
        public=True,
        body=body,
        html=html,
        data={"channel": channel, "subject": one_line(mail_subject, 250) or subject},
        attachments=attachments,
        at=at,
    )
    audit("case.opened", case=case, customer=customer, agent=agent, channel=channel)
    case_event(case=case, event=Event.OPENED, entry=entry, acknowledged_by=acknowledged_by)
    return Intake(case=case, entry=entry)


def new_case(
    *,
    customer: Customer,
    subject: str,
    channel: str,
    team: Team,
    priority: str = Priority.NORMAL,
    category: Category | None = None,
    created_at: datetime | None = None,
) -> Case:
    """A case row with its reference (the number comes from the row's id)."""
    now = clock.now()
    case = Case(
        reference=f"tmp-{uuid.uuid4().hex[:16]}",  # replaced by the number below
        subject=subject,
        channel=channel,
        priority=priority,
        team=team,
        customer=customer,
        category=category,
        created_at=created_at or now,
        updated_at=now,
    )
    for fill in column_fillers():
        fill(case)
    sql.insert(case)
    case.reference = format_reference(case.pk)
    sql.execute(_SET_REFERENCE, [case.reference, case.pk])
    transactions.memo(CREATED, set[int]).add(case.pk)
    request_memo.note(selectors.TAGS_NOTED % case.pk, ())  # a new case has no tags
    search_index.case_opened(case)
    return case


_SET_REFERENCE = f"UPDATE {Case._meta.db_table} SET reference = %s WHERE id = %s"  # noqa: S608


@service
def open_case_for_address(
    *, email: str, name: str = "", language: str = "", join: bool = True, **contact: Any
) -> Intake:
    """An agent records a contact from an email address: the customer is found or created
    (speaking `language` when given) together with the case (join or open), so a new
    customer never exists without it. `join=False` always opens a case (the public web
    form: whoever typed the address is not known to own it, see open_new_case)."""
    customer = get_or_create_customer(email=email, name=name, language=language)
    if not join:
        return open_new_case(customer=customer, **contact)
    return open_case(customer=customer, **contact)


@service
def open_case_for_caller(
    *,
    agent: User,
    customer: Customer | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    language: str = "",
    channel: str,
    **contact: Any,
) -> Intake:
    """An agent records a call, a letter or a visit: the customer is the one chosen, else
    found or created from name, email and phone; the contact then joins their open case or
    opens one (and the customer gets the acknowledgment like on every other channel)."""
    if channel not in RECORDED_BY_AGENT:
        raise DomainError(_("Choose phone, letter or walk-in."), field="channel")
    if customer is None:
        customer = find_or_create_customer(name=name, email=email, phone=phone, language=language)
    return open_case(customer=customer, channel=channel, agent=agent, **contact)


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
    received_at: datetime | None = None,
    agent: User | None = None,
) -> Entry:
    """A message from the customer; it reopens a resolved case, and never lands on a closed one.
    `received_at` as for `open_case`; `agent` when an agent wrote it down (a call or a visit
    is then a call entry by that agent, as when it opens a case)."""
    body = check_text(body, required=not attachments)
    case = lock_open(case)
    entry = write_entry(
        case,
        EntryKind.CALL if agent is not None and channel in SPOKEN else EntryKind.MESSAGE_IN,
        customer=customer,
        agent=agent,
        public=True,
        body=body,
        html=html,
        data={"channel": channel, "subject": subject} if subject else {"channel": channel},
        attachments=attachments,
        at=arrived(received_at),
    )
    old = case.status
    new = Status.OPEN if old in (Status.RESOLVED, Status.WAITING_ON_CUSTOMER) else old
    touch(case, status=new, **({"resolved_at": None} if old == Status.RESOLVED else {}))
    if new != old:
        status_entry(case, old, new, customer=customer, reason="customer message")
    audit("case.customer_message", case=case, customer=customer, entry=entry.pk)
    case_event(case=case, event=Event.CUSTOMER_MESSAGE, entry=entry)
    if new != old:
        case_event(case=case, event=Event.STATUS_CHANGED, entry=entry, old=old, new=new)
    return entry
