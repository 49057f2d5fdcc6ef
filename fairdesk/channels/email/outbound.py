"""Mail we send: the acknowledgment of a new case, the "added to your case" notice, agent
replies. Queued in the transaction of the case change (a row with its Message-ID, written at
the end of the outermost service, so it commits with the message or not at all), composed by
the sender on its first attempt and stored (so retries resend the same bytes). sender.py
sends it: a task right after the commit, and a periodic job for whatever that missed."""

from __future__ import annotations

import logging
from datetime import timedelta
from email import policy

from django.conf import settings
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from fairdesk.accounts.selectors import mail_addresses
from fairdesk.cases.events import Event
from fairdesk.cases.models import Case, Entry
from fairdesk.channels.email.compose import (
    compose,
    new_message_id,
    subject_with_reference,
    to_address,
)
from fairdesk.channels.email.loops import is_system_address
from fairdesk.channels.email.model import Attachment
from fairdesk.channels.email.models import (
    InboundMessage,
    OutboundKind,
    OutboundMessage,
    OutboundState,
)
from fairdesk.lib import clock, sql, transactions
from fairdesk.lib.files import stored_path
from fairdesk.lib.transactions import at_end, service
from fairdesk.worker.selectors import tasks_in_database

log = logging.getLogger(__name__)

EVENT_KINDS = {
    Event.OPENED: OutboundKind.ACKNOWLEDGMENT,
    Event.JOINED: OutboundKind.JOINED,
    Event.PUBLIC_REPLY: OutboundKind.REPLY,
    Event.NOTICE: OutboundKind.REPLY,  # written by fairdesk, sent like an agent's answer
}
# A notice (Event.NOTICE) goes out as a reply unless its kind has a mail of its own.
NOTICE_KINDS = {"survey": OutboundKind.SURVEY}
AUTOMATIC = (OutboundKind.ACKNOWLEDGMENT, OutboundKind.JOINED)
# Their words lead a case's subject; a case opened from a reply to them leaves them out
# (`filing._our_phrases`).
ACKNOWLEDGMENT_SUBJECT = gettext_lazy("We received your request: %(subject)s")
JOINED_SUBJECT = gettext_lazy("Added to your case: %(subject)s")
_CRLF = policy.SMTP.clone(max_line_length=78)


def on_case_event(*, case: Case, event: Event, entry: Entry | None = None, **facts: object) -> None:
    """A case reaction, called inside the service's transaction: the mail row is written at
    the end of the outermost service, in its transaction (when the whole change is known:
    ingest has by then recorded whether the message may be answered)."""
    kind = EVENT_KINDS.get(event)
    if event == Event.NOTICE:
        kind = NOTICE_KINDS.get(str(facts.get("notice")), OutboundKind.REPLY)
    if kind is None or entry is None or facts.get("acknowledged_by"):
        return  # acknowledged_by: the service that opened the case sends its own first mail
    at_end("mail.queue", _queue_all, (case, entry, kind))


def _queue_all(items: set[tuple[Case, Entry, str]]) -> None:
    for case, entry, kind in sorted(items, key=lambda item: item[1].pk):
        _queue(case, entry, kind)


def queue_mail(*, case_id: int, entry_id: int, kind: str) -> OutboundMessage | None:
    """Queue the mail for `entry` (composed by the sending task); None when none should go out."""
    case = Case.objects.select_related("customer").get(pk=case_id)
    return _queue(case, Entry.objects.get(pk=entry_id), kind)


def _queue(case: Case, entry: Entry, kind: str) -> OutboundMessage | None:
    """Decide whether a mail goes out and record it, with its Message-ID, for the task.

    Only the cheap decisions happen here, right after the service committed: the recipient,
    the loop and rate-limit rules (the rate limit counts these rows, so it must see each one
    as soon as it is queued). Writing the message is the task's first attempt.
    """
    recipient = recipient_for(case)
    if recipient is None:
        if kind == OutboundKind.REPLY:
            _note_not_sent(case, None)
        return None
    if kind in AUTOMATIC and (reason := _no_auto_reply(case, entry, recipient)):
        log.info("no %s to %s for %s: %s", kind, recipient, case.reference, reason)
        return None
    try:
        to_address(recipient)
    except ValueError as error:  # e.g. a non-ASCII local part, which needs SMTPUTF8
        log.warning("no %s to %r for %s: %s", kind, recipient, case.reference, error)
        if kind == OutboundKind.REPLY:
            _note_not_sent(case, recipient)
        return None
    # The Message-ID exists from here on: a reply to it finds the case even before it is sent.
    outbound = OutboundMessage(
        cc_addresses=_cc_for(entry, recipient),
        message_id=new_message_id(settings.FAIRDESK_MAIL_DOMAIN),
        case=case,
        entry=entry,
        kind=kind,
        to_address=recipient,
        raw=b"",
        created_at=clock.now(),
    )
    sql.insert(outbound)
    announce(outbound.pk)
    return outbound


def _note_not_sent(case: Case, unusable: str | None) -> None:
    """An answer no mail can carry: the customer's address is one we cannot write to
    (`unusable`), or every address of theirs bounces. The case says so, so nobody waits for
    a mail that never left (a customer without any address reads the answer in the portal,
    and nothing is noted)."""
    from fairdesk.cases import services as cases  # as in mark_failed: imported when used

    if unusable:
        data = {"mail": "not_sent", "to": [unusable], "why": "address"}
    else:
        bouncing = [address for address, bounces in mail_addresses(case.customer_id) if bounces]
        if not bouncing:
            return
        data = {"mail": "not_sent", "to": bouncing, "why": "bouncing"}
    # Facts only: the desk says it in each agent's language (fairdesk.texts).
    cases.record_event(case=case, data=data, audit="mail.not_sent")


def announce(outbound_id: int) -> None:
    """Have a sender take the new row `outbound_id` once the transaction commits.

    Where tasks wait in the database, `fairdesk worker` looks at the queued rows on every
    round (sender.send_queued), so the row is its own announcement: a task row besides it
    would be a second write for every mail, on SQLite a second turn at the write lock after
    every new case. Elsewhere (Redis; the immediate backend) a task sends it at once."""
    if tasks_in_database():
        return
    from fairdesk.channels.email import tasks  # tasks import this module

    # robust: should the task not be queued, the periodic job sends the row all the same.
    transaction.on_commit(lambda: tasks.send_outbound.enqueue(outbound_id), robust=True)


def composed(outbound: OutboundMessage) -> bytes:
    """The bytes of `outbound`: written and stored on the first call, the same ones after
    (so a retry resends the very same message)."""
    if len(outbound.raw):
        return bytes(outbound.raw)
    case, entry = outbound.case, outbound.entry
    if case is None:  # an agent's mail is composed when queued (agent_mail.py)
        raise ValueError(f"mail {outbound.pk} has neither bytes nor a case")
    message = _compose(case, entry, outbound)
    raw = serialise(message)
    subject = str(message["Subject"])[:300]
    OutboundMessage.objects.filter(pk=outbound.pk).update(raw=raw, subject=subject)
    outbound.raw, outbound.subject = raw, subject
    return raw


def _cc_for(entry: Entry, recipient: str) -> list[str]:
    """Further recipients the agent chose for this entry (a reply's "cc" fact), still
    participants of the case."""
    from fairdesk.channels.email.participants import copy_addresses

    chosen = entry.data.get("cc") if isinstance(entry.data, dict) else None
    if not chosen:
        return []
    allowed = set(copy_addresses(entry.case))
    return [a for a in chosen if a in allowed and a != recipient.lower()]


def recipient_for(case: Case) -> str | None:
    """The customer's first address that does not bounce, if any."""
    customer = case.customer if Case.customer.is_cached(case) else None
    if customer is not None and "emails" in getattr(customer, "_prefetched_objects_cache", {}):
        addresses = [(e.address, e.bouncing_since is not None) for e in customer.emails.all()]
    else:  # one fixed statement, without the customer's row (a reply on the hot path)
        addresses = mail_addresses(case.customer_id)
    for address, bounces in addresses:
        if not bounces and not address.endswith(".invalid"):
            return address
    return None


def own_addresses() -> set[str]:
    own = {settings.FAIRDESK_MAIL_FROM, *settings.FAIRDESK_MAIL_OWN_ADDRESSES}
    own.update(mailbox.username for mailbox in settings.FAIRDESK_IMAP_MAILBOXES)
    return {address.lower() for address in own if "@" in address}


def _no_auto_reply(case: Case, entry: Entry, recipient: str) -> str:
    """Why no automatic mail may answer this entry ("" when one may)."""
    inbound = _inbound_verdict(case, entry)
    if inbound is not None and not inbound[0]:
        return inbound[1] or "not allowed"
    if is_system_address(recipient) or recipient.lower() in own_addresses():
        return "system-address"
    since = clock.now() - timedelta(hours=1)
    # Exact match, so the (to_address, kind, created_at) index answers: `recipient` is always
    # the customer's address as stored (recipient_for), not a spelling from a mail header.
    since_value = connection.ops.adapt_datetimefield_value(since)
    found = sql.one(_RECENT_AUTOMATIC, [recipient, *AUTOMATIC, since_value])
    recent = found[0] if found else 0
    if recent >= settings.FAIRDESK_AUTOREPLY_PER_HOUR:
        return "rate-limit"
    return ""


_RECENT_AUTOMATIC = (
    "SELECT COUNT(*) FROM mail_outboundmessage"
    " WHERE to_address = %s AND kind IN (%s, %s) AND created_at >= %s"
)
assert len(AUTOMATIC) == 2, "_RECENT_AUTOMATIC names each kind"


# Entries this service call filed a received mail under (ingest's last step), per call:
# entry id -> (may it be answered, why not).
FILED_HERE = "mail.filed_here"


def filed_here(entry: Entry, *, allowed: bool, reason: str) -> None:
    """Note that this call filed a received mail under `entry`, and whether it may be
    answered (ingest calls it as it links the two)."""
    transactions.memo(FILED_HERE, dict[int, tuple[bool, str]])[entry.pk] = (allowed, reason)


def _inbound_verdict(case: Case, entry: Entry) -> tuple[bool, str] | None:
    """(may be answered, why not) of the mail `entry` was written from; None if none was.

    A mail this call filed is known without a query; a case opened in this service call
    holds only entries written in it, so only such a mail can be theirs: a request from the
    API or the portal reads nothing."""
    from fairdesk.cases import services as cases  # as in mark_failed: imported when used

    filed = transactions.memo(FILED_HERE, dict[int, tuple[bool, str]])
    if entry.pk in filed:
        return filed[entry.pk]
    if cases.created_here(case):
        return None
    return (
        InboundMessage.objects.filter(entry=entry)
        .order_by()
        .values_list("auto_reply_allowed", "auto_reply_reason")
        .first()
    )


def _compose(case: Case, entry: Entry | None, outbound: OutboundMessage):
    kind = outbound.kind
    with translation.override(case.customer.language or settings.LANGUAGE_CODE):
        context = _context(case, entry)
        if kind == OutboundKind.SURVEY:  # the feedback app writes its invitation's words
            from fairdesk.feedback.mail import invitation_context

            assert entry is not None  # an invitation is sent for its timeline entry
            context.update(invitation_context(entry))
        text = render_to_string(f"email/{kind}.txt", context)
        html = render_to_string(f"email/{kind}.html", context)
        subjects: dict[str, str] = {
            OutboundKind.ACKNOWLEDGMENT: str(ACKNOWLEDGMENT_SUBJECT),
            OutboundKind.JOINED: str(JOINED_SUBJECT),
            OutboundKind.REPLY: "%(subject)s",
            OutboundKind.SURVEY: context.get("survey_subject", "%(subject)s"),
        }
        subject = subjects[kind] % {"subject": case.subject}
    thread = _thread_ids(case, outbound)
    return compose(
        from_addr=(settings.FAIRDESK_MAIL_FROM_NAME, settings.FAIRDESK_MAIL_FROM),
        to_addrs=[outbound.to_address],
        cc_addrs=outbound.cc_addresses,
        subject=subject_with_reference(subject, case.reference),
        text=text,
        html=html,
        message_id_domain=settings.FAIRDESK_MAIL_DOMAIN,
        in_reply_to=thread[-1] if thread else None,
        references=thread,
        attachments=_attachments(entry) if entry and kind == OutboundKind.REPLY else (),
        auto_submitted="auto-replied" if kind in AUTOMATIC else None,
        date=clock.now(),
        message_id=outbound.message_id,
    )


def serialise(message) -> bytes:
    return message.as_bytes(policy=_CRLF)


def _context(case: Case, entry: Entry | None) -> dict:
    from fairdesk.promises.selectors import next_due
    from fairdesk.queues.selectors import late_prediction
    from fairdesk.queues.tokens import callback_token

    due = next_due([case.pk], public_only=True).get(case.pk)
    return {
        "case": case,
        "entry": entry,
        "customer": case.customer,
        # "We will answer by …" only names a time still ahead.
        "promise": due if due is not None and not due.overdue else None,
        "portal_url": f"{settings.FAIRDESK_BASE_URL}/portal/cases/{case.reference}/",
        # The honest later date the queue predicts, when it misses the policy's target.
        "late": late_prediction(case),
        # Signed: the customer books from the mail without signing in.
        "callback_url": f"{settings.FAIRDESK_BASE_URL}/portal/callback/{callback_token(case.pk)}/",
        # For an "added to your case" notice: one link splits the message off as a new case.
        "new_matter_url": new_matter_url(entry) if entry is not None else "",
    }


def new_matter_url(entry: Entry) -> str:
    """The link that makes `entry` a case of its own (see portal.views.new_matter)."""
    from fairdesk.cases.tokens import split_token

    return f"{settings.FAIRDESK_BASE_URL}/portal/new-matter/{split_token(entry.pk)}/"


def _thread_ids(case: Case, outbound: OutboundMessage) -> list[str]:
    """The case's Message-IDs before `outbound` was queued, oldest first, the customer's
    latest message last (the task may compose later, when more has come and gone)."""
    received = InboundMessage.objects.filter(
        case=case, message_id__isnull=False, received_at__lte=outbound.created_at
    )
    sent = OutboundMessage.objects.filter(case=case, pk__lt=outbound.pk)
    latest_sent = sent.order_by("-created_at", "-id").values_list("message_id", flat=True)
    latest_received = received.order_by("-received_at", "-id").values_list("message_id", flat=True)
    ids = [*reversed(latest_sent[:10]), *reversed(latest_received[:10])]
    return [message_id for message_id in dict.fromkeys(ids) if message_id]


def _attachments(entry: Entry) -> list[Attachment]:
    return [
        Attachment(
            filename=item.filename,
            content_type=item.content_type,
            data=stored_path(settings.FAIRDESK_ATTACHMENT_DIR, item.sha256).read_bytes(),
            content_id=item.content_id or None,
            inline=item.inline,
        )
        for item in entry.attachments.all()
    ]


@service
def mark_failed(outbound: OutboundMessage, error: str) -> None:
    """Give up on a mail: it shows as failed, and the case's timeline says so."""
    from fairdesk.cases import services as cases

    claimed = OutboundMessage.objects.filter(pk=outbound.pk, state=OutboundState.QUEUED)
    if not claimed.update(state=OutboundState.FAILED, last_error=error[:2000]):
        return
    case = outbound.case
    if case is None:
        log.warning("mail %s to %s failed for good: %s", outbound.pk, outbound.to_address, error)
        return  # an agent's digest: no case to note it on
    cases.record_event(
        case=case,
        # Facts only: the desk says it in each agent's language (fairdesk.texts).
        data={
            "mail": "send_failed",
            "to": outbound.to_address,
            "kind": outbound.kind,
            "error": error[:500],
        },
        audit="mail.send_failed",
    )
