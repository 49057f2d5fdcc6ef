"""Writes a client may send twice: under a client's key, a contact is written once.

A client that loses the answer to a write (a timeout, a dropped connection) cannot know
whether it was done; sent again, the same message would join the case a second time and
the customer be mailed twice. With a key, the second request gets the first one's result.
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from fairdesk.cases.models import RequestKey
from fairdesk.cases.services.intake import Intake, joined_notice
from fairdesk.lib import clock, sql
from fairdesk.lib.errors import DomainError
from fairdesk.lib.transactions import service

_TABLE = RequestKey._meta.db_table
# Claimed before the work, so a second request with the key waits for the first one's
# transaction (SQLite's write lock; PostgreSQL's unique index) and then finds its row.
_CLAIM = (
    f'INSERT INTO {_TABLE} (caller, "key", fingerprint, joined, created_at) '  # noqa: S608
    'VALUES (%s, %s, %s, FALSE, %s) ON CONFLICT (caller, "key") DO NOTHING RETURNING id'
)
_FILL = f"UPDATE {_TABLE} SET entry_id = %s, joined = %s WHERE id = %s"  # noqa: S608


@service
def write_once(
    *, caller: str, key: str, fingerprint: str, write: Callable[[], Intake]
) -> tuple[Intake, bool]:
    """`write()`'s result, or, when `caller` already sent `key`, the first write's result
    and True (nothing is written again). A key sent with another request is refused."""
    claimed = sql.one(_CLAIM, [caller, key, fingerprint, clock.now()])
    if claimed is None:
        return _first(caller, key, fingerprint), True
    intake = write()
    sql.execute(_FILL, [intake.entry.pk, intake.joined, claimed[0]])
    return intake, False


def _first(caller: str, key: str, fingerprint: str) -> Intake:
    row = RequestKey.objects.select_related("entry__case").get(caller=caller, key=key)
    if row.fingerprint != fingerprint:
        message = _("This Idempotency-Key was already used for a different request.")
        raise DomainError(message, field="Idempotency-Key")
    entry = row.entry
    assert entry is not None  # filled in the transaction that claimed the key
    notices = [joined_notice(entry.case)] if row.joined else []
    return Intake(case=entry.case, entry=entry, joined=row.joined, notices=notices)


def forget_expired() -> int:
    """Remove keys older than FAIRDESK_REQUEST_KEY_HOURS (a periodic job)."""
    cutoff = clock.now() - timedelta(hours=settings.FAIRDESK_REQUEST_KEY_HOURS)
    return RequestKey.objects.filter(created_at__lt=cutoff).delete()[0]
