"""Filing a stored message: on the case it answers, a new case, or flagged for an agent.

Every way in comes here with the message's row already written (and, for LMTP's received
mail, claimed) inside the caller's one transaction: the pipe and IMAP through `ingest`, the
drain of received mail through `drain.process`. So the parsing, loop, threading and
acknowledgment rules are one code path whatever the transport.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db.models import Exists, Q
from django.utils import translation
from django.utils.translation import gettext as _

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Channel, Entry, Status
from fairdesk.channels.email import headers as hdr
from fairdesk.channels.email import outbound, participants, reasons, subjects, threading
from fairdesk.channels.email.loops import ROBOT_REASONS, auto_reply_allowed
from fairdesk.channels.email.model import HeaderPeek, ParsedMessage
from fairdesk.channels.email.models import (
    InboundMessage,
    InboundState,
    OutboundMessage,
    OutboundState,
)
from fairdesk.lib import clock, language
from fairdesk.lib.errors import DomainError

# Mail without a usable sender lands on this customer, for an agent to sort out.
UNKNOWN_SENDER = "unknown-sender@fairdesk.invalid"
# What filing a message sets on its InboundMessage row.
_FILED_FIELDS = [
    "entry",
    "case",
    "state",
    "reason",
    "quoted_text",
    "auto_reply_allowed",
    "auto_reply_reason",
]


def file_stored(
    inbound: InboundMessage,
    peek: HeaderPeek,
    parsed: ParsedMessage | None,
    rejected: str,
    raw: bytes,
) -> None:
    """File `inbound` (its row written in this transaction) by what the parser made of it:
    `parsed`, or None with the reason it was `rejected`."""
    if parsed is None:
        _file_unparsed(inbound, peek, raw, reason=rejected)
    elif unparsed := [d for d in parsed.defects if d.startswith("Unparsed:")]:
        _file_unparsed(inbound, peek, raw, reason=reasons.fact("parsing-failed", unparsed[0]))
    elif parsed.bounce is not None:
        _file_bounce(inbound, parsed)
    else:
        allowed, why = auto_reply_allowed(parsed, own_addresses=outbound.own_addresses())
        our_own, reused = _ids_seen(inbound, parsed)
        if our_own:
            _file_robot(inbound, parsed, "own-mail")
        elif why in ROBOT_REASONS:
            _file_robot(inbound, parsed, why)
        else:
            flag = [reasons.fact("reused-id")] if reused else []
            _file_message(inbound, parsed, allowed=allowed, why=why, flag=flag)


def _ids_seen(inbound: InboundMessage, parsed: ParsedMessage) -> tuple[bool, bool]:
    """(our own mail fed back, its Message-ID reused), asked in one query.

    Our own: an acknowledgment looped back by a mailbox rule has a Message-ID we wrote (not
    any id on our domain: colleagues' mailers use it too). Reused: another stored message
    has this one's Message-ID (a fixed-id mailer)."""
    checks = {}
    if parsed.message_id:
        checks["own"] = Exists(OutboundMessage.objects.filter(message_id=parsed.message_id))
    if inbound.message_id:
        others = InboundMessage.objects.filter(message_id=inbound.message_id)
        checks["reused"] = Exists(others.exclude(pk=inbound.pk))
    if not checks:
        return False, False
    # One row (the message itself) carries both answers.
    row = InboundMessage.objects.filter(pk=inbound.pk).annotate(**checks).values(*checks).get()
    return bool(row.get("own")), bool(row.get("reused"))


def _customer_for(address: str | None, name: str = "", language: str = "") -> tuple[Customer, bool]:
    """The sender's customer (created when unknown, speaking `language` when given);
    (unknown-sender customer, False) without a usable address."""
    # Checked before the service call: a service must not catch a nested service's error.
    if address and _unusable(address) is None:
        customer = accounts.get_or_create_customer(email=address, name=name, language=language)
        return customer, True
    return accounts.get_or_create_customer(email=UNKNOWN_SENDER, name=_("Unknown sender")), False


def _unusable(address: str | None) -> str | None:
    """Why no mail can go to the sender's `address` (a reason fact), or None when it can."""
    if address and hdr.has_encoded_word(address):
        # RFC 2047 allows none inside an address: decoding it would guess at a mailbox.
        return reasons.fact("encoded-sender", address)
    try:
        accounts.normalise_email(address or "")
    except DomainError:
        return reasons.fact("no-sender")
    return None


def _file_message(
    inbound: InboundMessage, parsed: ParsedMessage, *, allowed: bool, why: str, flag: list[str]
) -> None:
    sender = parsed.sender
    customer, known = _customer_for(
        sender.address if sender else None, sender.name if sender else "", _language(parsed)
    )
    # "(no subject)" is read by the customer (in the acknowledgment's subject, the portal).
    with translation.override(customer.language or settings.LANGUAGE_CODE):
        content, problems = _content(parsed)
    # Stored by the LMTP server a moment (in a burst, minutes) before the drain files it: the
    # case, the message and its promises count from then.
    content["received_at"] = inbound.received_at
    inbound.auto_reply_allowed, inbound.auto_reply_reason = allowed and known, why
    inbound.quoted_text = parsed.quoted_text
    match = threading.match_case(parsed)
    flag = [*flag, *problems]
    if match is not None and not known:
        flag = [*flag, reasons.fact("no-sender-for", match.case.reference)]
        match = None
    if match is not None and not threading.is_participant(match.case, sender.address):
        # Never a silent hijack: the stranger gets their own case, linked for an agent to judge;
        # the original case's customer sees nothing of it.
        entry = cases.open_new_case(customer=customer, **content).entry
        cases.link_cases(case=entry.case, other=match.case, agent=None)
        flag = [*flag, reasons.fact("not-participant", match.case.reference)]
    elif match is not None:
        entry = _add_to(match.case, customer, content)
        _add_copied(entry.case, parsed)
    else:
        # Mail without a usable sender all lands on one placeholder customer: never join those
        # unrelated messages into one case.
        open_it = cases.open_case if known else cases.open_new_case
        entry = open_it(customer=customer, **content).entry
        if known:
            _add_copied(entry.case, parsed)
    if not known:
        flag = [*flag, _unusable(sender.address if sender else None) or reasons.fact("no-sender")]
    elif not accounts.new_in_this_call(customer):  # a new customer's address never bounced
        _clear_bouncing(entry.case, sender.address)
    _finish(inbound, entry, state=InboundState.STORED, flag=flag)


def _clear_bouncing(case: Case, address: str) -> None:
    """Mail from a bouncing address proves mail to it works again: the mark goes, and the
    case says so (the agent saw the warning on the case page)."""
    since = accounts.clear_email_bouncing(address=address)
    if since is not None:
        cases.record_event(
            case=case,
            data={"mail": "bounce_cleared", "address": address, "since": since.isoformat()},
            audit="mail.bounce_cleared",
        )


def _add_copied(case: Case, parsed: ParsedMessage) -> None:
    """Whoever a participant copied (CC, or further To addresses) joins the conversation."""
    participants.add_participants(
        case=case, mailboxes=[*parsed.cc, *parsed.to], own=outbound.own_addresses()
    )


def _add_to(case: Case, customer: Customer, content: dict) -> Entry:
    """Add to the named case; a closed one gets a new case linked to it instead."""
    # Looked at (and locked, as add_customer_message would) before the call rather than its
    # Conflict caught: inside our transaction a failed service leaves no savepoint to go on from.
    if Case.objects.select_for_update().filter(pk=case.pk, status=Status.CLOSED).exists():
        entry = cases.open_new_case(customer=customer, **content).entry
        cases.link_cases(case=entry.case, other=case, agent=None)
        return entry
    return cases.add_customer_message(
        case=case,
        customer=customer,
        body=content["body"],
        html=content["html"],
        channel=Channel.EMAIL,
        attachments=content["attachments"],
        subject=content["mail_subject"],
        received_at=content["received_at"],
    )


def _content(parsed: ParsedMessage) -> tuple[dict, list[str]]:
    """open_case arguments from the message, and what had to be left out (for the agent)."""
    problems: list[str] = []
    limit = settings.FAIRDESK_MAX_ATTACHMENT_BYTES
    attachments = []
    for item in parsed.attachments:
        if len(item.data) > limit:
            problems.append(reasons.fact("attachment-too-large", item.filename))
            continue
        attachments.append(
            cases.NewAttachment(
                filename=item.filename,
                data=item.data,
                content_type=item.content_type,
                inline=item.inline,
                content_id=item.content_id or "",
            )
        )
    body = (parsed.visible_text or parsed.text).strip()
    if len(body) > settings.FAIRDESK_MAX_BODY_CHARS:
        body = body[: settings.FAIRDESK_MAX_BODY_CHARS - 100] + "\n[…]"
        problems.append(reasons.fact("text-cut"))
    if not body and not attachments:
        body = _("(This email has no text.)")
    as_sent = " ".join(parsed.subject.split())
    content = {
        # A new case's title is the customer's words; the entry keeps the mail's subject.
        "subject": subjects.case_title(as_sent, phrases=_our_phrases()) or _("(no subject)"),
        "mail_subject": as_sent or _("(no subject)"),
        "body": body,
        "html": parsed.html,
        "channel": Channel.EMAIL,
        "attachments": tuple(attachments),
    }
    return content, problems


@cache
def _our_phrases() -> tuple[str, ...]:
    """What our own mail puts before a case's subject, in every language we write (the
    catalogues do not change while a process runs: worked out once, not for every mail)."""
    phrases = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for template in (outbound.ACKNOWLEDGMENT_SUBJECT, outbound.JOINED_SUBJECT):
                phrases.append(str(template).partition("%(subject)s")[0])
    return tuple(phrases)


def _language(parsed: ParsedMessage) -> str:
    """What the sender declared, else what the words say: a new customer's first mail
    decides the language fairdesk writes to them in ("" leaves the default)."""
    declared = ",".join(parsed.header_values("Content-Language"))
    text = f"{parsed.subject}\n{parsed.visible_text or parsed.text}"
    return language.guess(declared=declared, text=text) or ""


def _file_unparsed(inbound: InboundMessage, peek: HeaderPeek, raw: bytes, *, reason: str) -> None:
    """Over a limit or unreadable: an "unparsed" case for an agent, the original attached as a
    .eml file the agent can open from the desk (the raw bytes are also kept for audit)."""
    customer, _known = _customer_for(
        peek.sender.address if peek.sender else None, peek.sender.name if peek.sender else ""
    )
    attachments: tuple[cases.NewAttachment, ...]
    if len(raw) <= settings.FAIRDESK_MAX_ATTACHMENT_BYTES:
        original = cases.NewAttachment(
            filename=_("original-email") + ".eml", data=raw, content_type="message/rfc822"
        )
        body = _("This email could not be read (%(reason)s). The original is attached.")
        attachments = (original,)
    else:
        body = _(
            "This email could not be read (%(reason)s). It is too large to attach; the "
            "original is kept in the mail archive for an administrator."
        )
        attachments = ()
    intake = cases.open_new_case(
        customer=customer,
        subject=peek.subject.strip() or _("(unreadable email)"),
        body=body % {"reason": reasons.describe(reason)},
        channel=Channel.EMAIL,
        attachments=attachments,
        received_at=inbound.received_at,
    )
    _finish(inbound, intake.entry, state=InboundState.UNPARSED, flag=[reason])


def _file_bounce(inbound: InboundMessage, parsed: ParsedMessage) -> None:
    """A delivery report: mark the failed addresses as bouncing, note it on the case it concerns."""
    bounce = parsed.bounce
    sent = _bounced_mail(bounce)
    if sent is not None and bounce.failed_recipients:
        OutboundMessage.objects.filter(pk=sent.pk).update(state=OutboundState.BOUNCED)
    case = sent.case if sent else getattr(threading.match_case(parsed), "case", None)
    inbound.auto_reply_reason = "bounce"
    if case is None:
        # Nothing we sent: a forged or misdirected report marks no customer's address.
        inbound.state, inbound.reason = InboundState.FLAGGED, reasons.fact("bounce-untraced")
        inbound.save(update_fields=_FILED_FIELDS)
        return
    now = clock.now()
    for address in bounce.failed_recipients:
        accounts.mark_email_bouncing(address=address, since=now)
    entry = cases.record_event(
        case=case,
        data={
            "mail": "bounce",
            "failed": list(bounce.failed_recipients),
            "statuses": [r.status for r in bounce.recipients],
        },
        audit="mail.bounce",
    )
    _finish(inbound, entry, state=InboundState.STORED, flag=[])


def _file_robot(inbound: InboundMessage, parsed: ParsedMessage, why: str) -> None:
    """An auto-reply, or our own mail come back: no case of its own, so no promises. It
    joins the case it answers as a timeline event (no clock starts), else waits flagged."""
    inbound.auto_reply_allowed, inbound.auto_reply_reason = False, why
    sent = None
    if parsed.message_id:
        sent = OutboundMessage.objects.filter(message_id=parsed.message_id).first()
    match = threading.match_case(parsed)
    case = sent.case if sent else (match.case if match else None)
    if case is None:
        inbound.state = InboundState.FLAGGED
        inbound.reason = reasons.fact("robot-untraced", why)
        inbound.save(update_fields=_FILED_FIELDS)
        return
    text = (parsed.visible_text or parsed.text).strip()[:4000]
    entry = cases.record_event(
        case=case,
        data={
            "mail": "own_mail" if why == "own-mail" else "auto_reply",
            "from": parsed.sender.address if parsed.sender else "",
            "subject": parsed.subject[:250],
            "reason": why,
        },
        body=text,
        audit="mail.auto_reply",
    )
    _finish(inbound, entry, state=InboundState.STORED, flag=[])


def _bounced_mail(bounce) -> OutboundMessage | None:  # noqa: ANN001  (model.Bounce)
    """The mail of ours a report is about: by the Message-ID it quotes, else the latest we
    sent in the last week to an address it names as failed."""
    if bounce.original_message_id:
        sent = OutboundMessage.objects.filter(message_id=bounce.original_message_id).first()
        if sent is not None:
            return sent
    failed = Q()
    for address in bounce.failed_recipients[:10]:
        failed |= Q(to_address__iexact=address)
    if not failed:
        return None
    since = clock.now() - timedelta(days=7)
    recent = OutboundMessage.objects.filter(failed, created_at__gte=since)
    return recent.order_by("-created_at", "-id").first()


def _finish(inbound: InboundMessage, entry: Entry, *, state: str, flag: list[str]) -> None:
    inbound.entry, inbound.case, inbound.state = entry, entry.case, state
    if flag:
        reason = reasons.joined(flag)
        cases.record_event(
            case=entry.case,
            data={"mail": "flagged", "reason": reason, "inbound": inbound.pk},
            audit="mail.flagged",
        )
        inbound.reason = reason
        if state == InboundState.STORED:
            inbound.state = InboundState.FLAGGED
    inbound.save(update_fields=_FILED_FIELDS)
    # What the acknowledgment asks of this row at the end of the call, known without a query.
    outbound.filed_here(entry, allowed=inbound.auto_reply_allowed, reason=inbound.auto_reply_reason)
