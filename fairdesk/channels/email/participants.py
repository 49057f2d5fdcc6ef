"""Who takes part in a case's conversation by email: the customer, and the colleagues the
customer put on CC. They may write to the case, and an agent may copy them on a reply."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts.models import CustomerEmail
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Entry
from fairdesk.channels.email.loops import is_system_address
from fairdesk.channels.email.model import Mailbox
from fairdesk.channels.email.models import Participant
from fairdesk.lib import clock, sql
from fairdesk.lib.errors import DomainError
from fairdesk.lib.transactions import service

# A mail with more on CC than this is a circular, not a conversation: none are added.
MAX_ADDED = 20


def customer_addresses(case: Case) -> set[str]:
    addresses = CustomerEmail.objects.filter(customer_id=case.customer_id)
    return {a.lower() for a in addresses.values_list("address", flat=True)}


def copy_addresses(case: Case) -> list[str]:
    """The addresses an agent may copy on a reply (the participants), oldest first: a fixed
    statement, as the desk's case page asks on every view."""
    return [address for (address,) in sql.rows(COPY_ADDRESSES, [case.pk])]


# Participant's addresses in its own order (added_at, id).
COPY_ADDRESSES = "SELECT address FROM mail_participant WHERE case_id = %s ORDER BY added_at, id"


class PageAddresses(NamedTuple):
    """What the desk's case page shows of the case's mail addresses."""

    copies: list[str]  # the participants, as `copy_addresses`
    bouncing: list[tuple[str, datetime]]  # the customer's bouncing addresses, and since when


def page_addresses(case: Case) -> PageAddresses:
    """The participants and the customer's bouncing addresses, in one fixed statement (the
    case page asks on every view)."""
    copies: list[str] = []
    bouncing: list[tuple[str, datetime]] = []
    for address, since, is_bouncing, _id in sql.rows(PAGE_ADDRESSES, [case.pk, case.customer_id]):
        if is_bouncing:
            [address, since] = sql.values(
                CustomerEmail, ("address", "bouncing_since"), (address, since)
            )
            bouncing.append((address, since))
        else:
            copies.append(address)
    return PageAddresses(copies, bouncing)


# The participants in their own order, then the customer's bouncing addresses (oldest mark
# first); the times of both are timestamps, so the union has one column type.
PAGE_ADDRESSES = (
    "SELECT address, added_at, 0, id FROM mail_participant WHERE case_id = %s"
    " UNION ALL SELECT address, bouncing_since, 1, id FROM accounts_customeremail"
    " WHERE customer_id = %s AND bouncing_since IS NOT NULL ORDER BY 3, 2, 4"
)


def addresses(case: Case) -> set[str]:
    """Every address that may add to `case` by email (lower case)."""
    return customer_addresses(case) | set(copy_addresses(case))


@service
def add_participants(*, case: Case, mailboxes: Iterable[Mailbox], own: set[str]) -> list[str]:
    """Add the new addresses among `mailboxes` (not ours, not a system address, not already
    in); a timeline event and audit record say who was added. The addresses added."""
    offered: dict[str, str] = {}
    for mailbox in mailboxes:
        address = mailbox.address.strip().lower()
        if "@" in address and address not in own and not is_system_address(address):
            offered.setdefault(address, mailbox.name[:200])
    if not offered:
        return []  # only our own addresses (a plain mail to us): nothing to read
    known = addresses(case)
    new = {address: name for address, name in offered.items() if address not in known}
    if not new or len(new) > MAX_ADDED:
        return []
    now = clock.now()
    Participant.objects.bulk_create(
        [Participant(case=case, address=a, name=n, added_at=now) for a, n in new.items()],
        ignore_conflicts=True,  # another message added one of them in the meantime
    )
    cases.record_event(
        case=case, data={"mail": "participants", "added": sorted(new)}, audit="mail.participants"
    )
    return sorted(new)


@service
def reply_with_copies(
    *,
    case: Case,
    agent: User,
    body: str,
    copies_to: Iterable[str],
    attachments: tuple[cases.NewAttachment, ...] = (),
) -> Entry:
    """An agent's reply that also goes to the participants the agent chose."""
    chosen = list(dict.fromkeys(a.strip().lower() for a in copies_to if a.strip()))
    allowed = set(copy_addresses(case))
    if strangers := [a for a in chosen if a not in allowed]:
        raise DomainError(
            _("%(addresses)s is not a participant of this case.")
            % {"addresses": ", ".join(strangers)},
            field="cc",
        )
    return cases.reply(
        case=case, agent=agent, body=body, attachments=attachments, copies_to=tuple(chosen)
    )
