"""The one way a message comes in: store it exactly once, then file it on the right case.

Both the MTA pipe (`fairdesk mail-ingest`) and the IMAP poller call `ingest`. It returns only
after the message is committed (or was already stored). It raises only for what a retry can
fix (the database unavailable, the disk full: `is_temporary`); then nothing was committed
and the caller must keep the message. Any other failure stores the raw message flagged for
an agent, so no message is ever stuck in a retry loop.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import zlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import Exists, Q
from django.utils.translation import gettext as _

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Channel, Entry, Status
from fairdesk.channels.email import outbound, participants, reasons, threading
from fairdesk.channels.email.loops import ROBOT_REASONS, auto_reply_allowed
from fairdesk.channels.email.model import (
    HeaderPeek,
    Limits,
    MessageRejected,
    ParsedMessage,
)
from fairdesk.channels.email.models import (
    InboundMessage,
    InboundState,
    OutboundMessage,
    OutboundState,
)
from fairdesk.channels.email.parse import parse_message, peek_headers
from fairdesk.lib import clock, language
from fairdesk.lib.errors import DomainError
from fairdesk.lib.files import store_bytes
from fairdesk.lib.transactions import service

log = logging.getLogger(__name__)
# Mail without a usable sender lands on this customer, for an agent to sort out.
UNKNOWN_SENDER = "unknown-sender@fairdesk.invalid"
# What filing a message sets on its InboundMessage row after the insert.
_FILED_FIELDS = [
    "entry",
    "case",
    "state",
    "reason",
    "quoted_text",
    "auto_reply_allowed",
    "auto_reply_reason",
]


@dataclass(frozen=True)
class IngestResult:
    """The stored message; `created` is False when it had been stored before."""

    inbound: InboundMessage
    created: bool


def raw_folder():
    return settings.DATA_DIR / "mail"


def ingest(raw: bytes, *, source: str = "pipe", limits: Limits | None = None) -> IngestResult:
    """Store `raw` once and file it: on a case it answers, a new case, or flagged for an agent."""
    limits = limits or configured_limits()
    digest = hashlib.sha256(raw).hexdigest()
    peek = peek_headers(raw)
    message_id = _message_key(peek.message_id)
    fingerprint = _fingerprint(peek, message_id)
    if existing := _already_stored(digest, fingerprint, peek):
        return IngestResult(existing, created=False)
    parsed, rejected = _parsed(raw, limits)
    raw_file = _store_raw(raw)
    try:
        inbound = _store_and_file(
            peek, parsed, rejected, raw, raw_file=raw_file, source=source,
            message_id=message_id, digest=digest, fingerprint=fingerprint,
        )  # fmt: skip
    except IntegrityError:
        # Another process stored the same message first (its commit decided the unique key).
        # Caught around our own outermost service call, which rolled back all of its work.
        if existing := _already_stored(digest, fingerprint):
            return IngestResult(existing, created=False)
        raise
    except Exception as error:
        if is_temporary(error):
            raise
        log.exception("message %s could not be filed; kept flagged", digest[:12])
        reason = reasons.fact("filing-failed", type(error).__name__)
        inbound = _keep_flagged(
            peek, raw_file=raw_file, size=len(raw), source=source, reason=reason,
            message_id=message_id, digest=digest, fingerprint=fingerprint,
        )  # fmt: skip
    return IngestResult(inbound, created=True)


def configured_limits() -> Limits:
    """The default limits with the time budget from FAIRDESK_MAIL_PARSE_SECONDS."""
    return Limits(max_seconds=settings.FAIRDESK_MAIL_PARSE_SECONDS)


def is_temporary(error: BaseException) -> bool:
    """Whether a retry can fix `error`: the database unreachable or locked, the disk full."""
    if isinstance(error, OperationalError | InterfaceError | MemoryError):
        return True
    return isinstance(error, OSError) and error.errno in _TEMPORARY_ERRNOS


_TEMPORARY_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EAGAIN, errno.ENOMEM}


def _parsed(raw: bytes, limits: Limits) -> tuple[ParsedMessage | None, str]:
    try:
        return parse_message(raw, limits=limits), ""
    except MessageRejected as error:
        return None, reasons.rejected(error)
    except Exception as error:  # a parser bug: keep the message for an agent, never retry
        if is_temporary(error):
            raise
        log.exception("parsing failed")
        return None, reasons.fact("parsing-failed", type(error).__name__)


def _fingerprint(peek: HeaderPeek, message_id: str | None) -> str | None:
    """What makes a redelivery the same message when its bytes differ (other Received
    lines): the Message-ID with the same sender, date and subject."""
    if not message_id:
        return None
    sender = peek.sender.address.lower() if peek.sender else ""
    facts = "\n".join((message_id, sender, peek.date, peek.subject))
    return hashlib.sha256(facts.encode("utf-8", "replace")).hexdigest()


@service
def _keep_flagged(
    peek: HeaderPeek,
    *,
    message_id: str | None,
    digest: str,
    fingerprint: str | None,
    raw_file: str,
    size: int,
    source: str,
    reason: str,
) -> InboundMessage:
    """The last resort: the row alone, on no case, in the flagged list with the raw kept."""
    return InboundMessage.objects.create(
        message_id=message_id,
        sha256=digest,
        fingerprint=fingerprint,
        raw_file=raw_file,
        size=size,
        state=InboundState.UNPARSED,
        reason=reason[:200],
        sender=peek.sender.address[:320] if peek.sender else "",
        subject=peek.subject[:250],
        source=source[:100],
        received_at=clock.now(),
    )


@service
def _store_and_file(
    peek: HeaderPeek,
    parsed: ParsedMessage | None,
    rejected: str,
    raw: bytes,
    *,
    message_id: str | None,
    digest: str,
    fingerprint: str | None,
    raw_file: str,
    source: str,
) -> InboundMessage:
    """The message's row and its filing in one transaction: the case services it calls share
    it (no savepoints), and each case touched is indexed once at its end."""
    inbound = InboundMessage.objects.create(
        message_id=message_id,
        sha256=digest,
        fingerprint=fingerprint,
        raw_file=raw_file,
        size=len(raw),
        state=InboundState.STORED,
        sender=peek.sender.address[:320] if peek.sender else "",
        subject=peek.subject[:250],
        source=source[:100],
        received_at=clock.now(),
    )
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
    return inbound


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


def raw_message(inbound: InboundMessage) -> bytes:
    """The original bytes of a stored message (for audit and re-parsing)."""
    from fairdesk.lib.files import stored_path

    return zlib.decompress(stored_path(raw_folder(), inbound.raw_file).read_bytes())


def _store_raw(raw: bytes) -> str:
    # Written before the transaction: content-addressed and atomic, so a rollback leaves at
    # most an unreferenced file, never a row without its bytes.
    return store_bytes(raw_folder(), zlib.compress(raw, 5))


def _message_key(message_id: str | None) -> str | None:
    # An id too long for the column would be cut and could collide: the content hash decides.
    return message_id if message_id and len(message_id) <= 255 else None


def _already_stored(
    digest: str, fingerprint: str | None, peek: HeaderPeek | None = None
) -> InboundMessage | None:
    same = Q(sha256=digest) | Q(fingerprint=fingerprint) if fingerprint else Q(sha256=digest)
    if fingerprint and peek is not None and peek.message_id:
        # Rows stored before fingerprints existed: their Message-ID and sender decide.
        sender = peek.sender.address[:320] if peek.sender else ""
        same |= Q(fingerprint__isnull=True, message_id=peek.message_id, sender=sender)
    # No ordering: at most two rows match, each through its unique index.
    return InboundMessage.objects.filter(same).order_by().first()


def _customer_for(address: str | None, name: str = "", language: str = "") -> tuple[Customer, bool]:
    """The sender's customer (created when unknown, speaking `language` when given);
    (unknown-sender customer, False) without a usable address."""
    # Checked before the service call: a service must not catch a nested service's error.
    if address and _is_address(address):
        customer = accounts.get_or_create_customer(email=address, name=name, language=language)
        return customer, True
    return accounts.get_or_create_customer(email=UNKNOWN_SENDER, name=_("Unknown sender")), False


def _is_address(address: str) -> bool:
    try:
        accounts.normalise_email(address)
    except DomainError:
        return False
    return True


def _file_message(
    inbound: InboundMessage, parsed: ParsedMessage, *, allowed: bool, why: str, flag: list[str]
) -> None:
    sender = parsed.sender
    content, problems = _content(parsed)
    customer, known = _customer_for(
        sender.address if sender else None, sender.name if sender else "", _language(parsed)
    )
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
        flag = [*flag, reasons.fact("no-sender")]
    _finish(inbound, entry, state=InboundState.STORED, flag=flag)


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
        subject=content["subject"],
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
    content = {
        "subject": parsed.subject.strip() or _("(no subject)"),
        "body": body,
        "html": parsed.html,
        "channel": Channel.EMAIL,
        "attachments": tuple(attachments),
    }
    return content, problems


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
