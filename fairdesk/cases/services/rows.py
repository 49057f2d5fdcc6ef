"""The rows every case service writes: timeline entries, attachments, audit events."""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from fairdesk.cases.models import (
    Attachment,
    AuditEvent,
    Case,
    Entry,
    EntryKind,
    Status,
)
from fairdesk.lib import clock, joined, sql, transactions
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.files import safe_filename, store_bytes
from fairdesk.lib.html import sanitize_html
from fairdesk.search import index as search_index


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    data: bytes
    content_type: str = "application/octet-stream"
    inline: bool = False
    content_id: str = ""


AUDIT = "cases.audit"


def audit(action: str, *, case: Case | None, agent=None, customer=None, **data) -> None:
    """An audit event, written with the others of this service call in one INSERT at its
    end (in its transaction)."""
    event = AuditEvent(
        at=clock.now(),
        action=action,
        case=case,
        actor_user=agent,
        actor_customer=customer,
        data=data,
    )
    transactions.in_order_at_end(AUDIT, _write_audit, event)


def audit_events(events: list[AuditEvent]) -> None:
    """Several audit events, written at the end of the service call like `audit`'s."""
    for event in events:
        transactions.in_order_at_end(AUDIT, _write_audit, event)


def _write_audit(events: list[AuditEvent]) -> None:
    sql.insert_all(events)  # one INSERT, its statement compiled once per number of rows


def write_pending_audit() -> None:
    """Write this service call's audit events now (a reader in it needs them: an erasure)."""
    transactions.now_instead(AUDIT)


def created_here(case: Case) -> bool:
    """Whether `case` was opened in this service call (nothing else can have touched it)."""
    return created_here_id(case.pk)


def created_here_id(case_id: int) -> bool:
    """Whether the case `case_id` was opened in this service call."""
    return case_id in transactions.memo(CREATED, set[int])


CREATED = "cases.created"


def changed_here(case: Case) -> bool:
    """Whether `case` was opened or stamped (`touch`) in this service call: its updated_at
    is this call's time already (a reply's promise kept need not stamp it again)."""
    return case.pk in transactions.memo(TOUCHED, set[int]) or created_here(case)


TOUCHED = "cases.touched"


def check_text(body: str, *, name: str = "body", required: bool = True) -> str:
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


def touch(case: Case, **changes) -> None:
    """Save `changes` and the new updated_at in one UPDATE."""
    changes["updated_at"] = clock.now()
    transactions.memo(TOUCHED, set[int]).add(case.pk)
    for name, value in changes.items():
        setattr(case, name, value)
    if any(hasattr(value, "resolve_expression") for value in changes.values()):
        Case.objects.filter(pk=case.pk).update(**changes)  # computed by the database
    else:
        sql.update(case, tuple(changes))  # the values just set on the case
    if "subject" in changes or "customer" in changes:
        search_index.case_changed(case.pk)


def arrived(received_at: datetime | None) -> datetime:
    """When a contact arrived: `received_at` for one stored before it was filed (mail taken by
    the LMTP server and filed by the drain a moment later), never later than now."""
    now = clock.now()
    return min(received_at, now) if received_at else now


def write_entry(
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
    at: datetime | None = None,
) -> Entry:
    """A timeline entry, dated now or at `at` (when a contact arrived: see `arrived`)."""
    entry = Entry(
        case=case,
        kind=kind,
        author_user=agent,
        author_customer=customer,
        public=public,
        body=body,
        html=sanitize_html(html) if html else "",
        data=data or {},
        created_at=at or clock.now(),
    )
    sql.insert(entry)
    attach(entry, attachments)
    search_index.entry_written(entry)  # in this transaction: found at once, gone on rollback
    return entry


# A content type goes out again as a response header on every download: no control characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def attach(entry: Entry, attachments: tuple[NewAttachment, ...]) -> None:
    limit = settings.FAIRDESK_MAX_ATTACHMENT_BYTES
    for item in attachments:
        if _CONTROL.search(item.content_type or ""):
            raise DomainError(
                _("The content type of %(name)s is not valid.")
                % {"name": safe_filename(item.filename)},
                field="attachments",
            )
        if len(item.data) > limit:
            raise DomainError(
                _("%(name)s is larger than %(mb)s MB.")
                % {"name": safe_filename(item.filename), "mb": limit // (1024 * 1024)},
                field="attachments",
            )
    written = (
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
        if attachments
        else []
    )
    # Its attachments are known: an answer that shows the entry need not ask for them.
    rows = entry.attachments.all()  # as prefetch_related fills it
    rows._result_cache, rows._prefetch_done = written, True  # type: ignore[attr-defined]
    entry._prefetched_objects_cache = {"attachments": rows}  # type: ignore[attr-defined]


def lock_open(case: Case) -> Case:
    """The case, locked for this transaction; a closed case takes nothing more."""
    found = sql.load(Case, _CASE_FIELDS, _lock_statement(), [case.pk])
    if not found:
        raise Case.DoesNotExist(f"No case {case.pk}.")
    locked = found[0]
    # The rows the caller's copy holds (its team, customer…) are kept while the locked row
    # still names them: read in this request a moment ago, as select_related read them.
    for name in _KEPT:
        field = Case._meta.get_field(name)
        if field.is_cached(case) and getattr(locked, field.attname) == getattr(case, field.attname):
            joined.keep_related(locked, name, field.get_cached_value(case))
    case = locked
    if case.status == Status.CLOSED:
        raise Conflict(_("Case %(ref)s is closed.") % {"ref": case.reference})
    return case


_CASE_FIELDS = joined.fields(Case)
_KEPT = ("team", "assignee", "customer", "category")


@cache
def _lock_statement() -> str:
    """The case by id, locked where the database locks rows (SQLite's write transaction
    holds the whole database already)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    columns = joined.columns(Case, "c")
    return f"SELECT {columns} FROM cases_case c WHERE c.id = %s{lock}"  # noqa: S608


def status_entry(
    case: Case, old: str, new: str, *, agent=None, customer=None, reason: str = ""
) -> Entry:
    return write_entry(
        case,
        EntryKind.STATUS,
        agent=agent,
        customer=customer,
        public=True,
        data={"from": old, "to": new, "reason": reason},
    )
