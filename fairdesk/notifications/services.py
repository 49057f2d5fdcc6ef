"""Every change to notifications: made for the agents a case event concerns, read, chosen how
to be heard of. Mailing them in digests is `digest.py` (a periodic job)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts.models import AgentProfile
from fairdesk.cases.models import Case, Entry
from fairdesk.lib import clock, sql
from fairdesk.lib.errors import DomainError
from fairdesk.lib.transactions import service
from fairdesk.notifications.models import (
    DEFAULT_DELIVERY,
    Delivery,
    Kind,
    Notification,
    Preference,
)


def _mail_after(delivery: str, now: datetime) -> datetime | None:
    """When a notification may be mailed: at the next run of the job, after the digest's
    gathering time, or never (the desk only)."""
    if delivery == Delivery.NOW:
        return now
    if delivery == Delivery.DIGEST:
        return now + timedelta(minutes=settings.FAIRDESK_NOTIFY_DIGEST_MINUTES)
    return None


@service
def notify(
    *,
    recipients: list[int],
    kind: str,
    case: Case,
    entry: Entry | None = None,
    actor: User | None = None,
    data: dict | None = None,
) -> list[Notification]:
    """Tell each active agent in `recipients` (user ids) about `kind` on `case`, never the
    agent who caused it; each gets it the way they chose for that kind."""
    kind = Kind(kind)
    wanted = {pk for pk in recipients if pk is not None} - {actor.pk if actor else None}
    chosen = _deliveries(sorted(wanted), kind) if wanted else {}
    if not chosen:
        return []
    now = clock.now()
    made = [
        Notification(
            recipient_id=pk,
            kind=kind,
            case=case,
            entry=entry,
            actor=actor,
            data=data or {},
            created_at=now,
            mail_after=_mail_after(chosen[pk] or DEFAULT_DELIVERY[kind], now),
        )
        for pk in sorted(chosen)
    ]
    sql.insert_all(made)
    return made


def _deliveries(user_ids: list[int], kind: str) -> dict[int, str | None]:
    """Each active agent among `user_ids` with how they chose to hear of `kind` (None: they
    did not choose), in one fixed statement (an assignment notifies every time)."""
    marks = sql.marks(len(user_ids))
    statement = (
        f"SELECT u.id, p.delivery FROM {User._meta.db_table} u"  # noqa: S608
        f" JOIN {AgentProfile._meta.db_table} a ON a.user_id = u.id"
        f" LEFT JOIN {Preference._meta.db_table} p ON p.agent_id = u.id AND p.kind = %s"
        f" WHERE u.is_active AND u.id IN ({marks})"
    )
    return dict(sql.rows(statement, [kind, *user_ids]))


@service
def mark_read(*, agent: User, notification_id: int) -> Notification:
    """The agent has seen it (again: no change). Another agent's notification is not theirs."""
    notification = (
        Notification.objects.filter(pk=notification_id, recipient=agent)
        .select_related("case")
        .first()
    )
    if notification is None:
        raise DomainError(_("No such notification."), field="notification")
    if notification.read_at is None:
        notification.read_at = clock.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@service
def mark_all_read(*, agent: User) -> int:
    """Everything the agent has not read yet, read now; how many that were."""
    unread = Notification.objects.filter(recipient=agent, read_at__isnull=True)
    return unread.update(read_at=clock.now())


@service
def set_preferences(*, agent: User, deliveries: dict[str, str]) -> None:
    """How the agent hears of each kind; kinds not named keep their choice."""
    for kind, delivery in deliveries.items():
        if kind not in Kind.values:
            raise DomainError(_("Unknown kind of notification."), field=kind)
        if delivery not in Delivery.values:
            raise DomainError(_("Choose desk, mail at once or digest."), field=kind)
        Preference.objects.update_or_create(agent=agent, kind=kind, defaults={"delivery": delivery})
