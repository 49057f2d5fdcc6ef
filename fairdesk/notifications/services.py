"""Every change to notifications: made for the agents a case event concerns, read, chosen how
to be heard of. Mailing them in digests is `digest.py` (a periodic job)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.cases.models import Case, Entry
from fairdesk.lib import clock
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
    agents = list(
        User.objects.filter(pk__in=wanted, is_active=True, agent__isnull=False).values_list(
            "pk", flat=True
        )
    )
    if not agents:
        return []
    chosen = dict(
        Preference.objects.filter(agent_id__in=agents, kind=kind).values_list(
            "agent_id", "delivery"
        )
    )
    now = clock.now()
    return Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            kind=kind,
            case=case,
            entry=entry,
            actor=actor,
            data=data or {},
            created_at=now,
            mail_after=_mail_after(chosen.get(pk, DEFAULT_DELIVERY[kind]), now),
        )
        for pk in sorted(agents)
    )


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
