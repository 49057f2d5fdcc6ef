"""Who has a case open: the case page reports its viewer every few seconds."""

from django.contrib.auth.models import User

from fairdesk.cases.models import Case, Presence
from fairdesk.lib import clock
from fairdesk.lib.transactions import service


@service
def report_presence(*, case: Case, agent: User, typing: bool) -> None:
    """Note that `agent` has `case` open now (and whether they are writing a reply).

    An upsert on the (case, agent) key, so two tabs or two workers never make two rows. No
    timeline entry or audit event: looking at a case changes nothing on it."""
    Presence.objects.update_or_create(
        case=case, agent=agent, defaults={"typing": typing, "seen_at": clock.now()}
    )
