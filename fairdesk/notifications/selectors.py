"""What the desk reads about an agent's notifications."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from fairdesk.lib import sql
from fairdesk.notifications.models import DEFAULT_DELIVERY, Kind, Notification, Preference

UNREAD = (
    f"SELECT COUNT(*) FROM {Notification._meta.db_table}"  # noqa: S608
    " WHERE recipient_id = %s AND read_at IS NULL"
)


def unread_count(agent: User) -> int:
    """One query on the partial index: the number in every desk page's header (a fixed
    statement: the ORM took 0.4 ms to build it)."""
    row = sql.one(UNREAD, (agent.pk,))
    return row[0] if row else 0


def recent(agent: User, *, limit: int = 50) -> QuerySet[Notification]:
    """The agent's latest notifications, newest first, with what rendering them reads."""
    return Notification.objects.filter(recipient=agent).select_related("case", "entry", "actor")[
        :limit
    ]


def deliveries(agent: User) -> dict[str, str]:
    """How the agent hears of each kind: their choice, else the default."""
    chosen = dict(Preference.objects.filter(agent=agent).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[Kind(kind)]) for kind in Kind.values}
