"""Mailing notifications: the periodic job `notifications.mail` (fairdesk/jobs.py).

Each run mails every agent who has a notification due (one chosen "at once" since the last
run, or a digest's gathering time over) one mail with everything not mailed yet: a busy
agent gets at most one mail per run, never a storm. An agent's mail is claimed per slot by a
unique key (of any number of workers one wins), its notifications by a conditional UPDATE in
the same transaction as the outbound mail row, so each is mailed exactly once.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from fairdesk.lib import clock
from fairdesk.lib.transactions import service
from fairdesk.notifications.models import Digest, Notification
from fairdesk.notifications.texts import notification_excerpt, notification_text
from fairdesk.promises.notices import language_of

log = logging.getLogger(__name__)
SLOT_SECONDS = 60  # the job's period: at most one mail per agent in it
BATCH = 500  # agents mailed per run at most; the next run goes on


def run() -> int:
    """The periodic job: one mail to each agent with a notification due; how many mails."""
    now = clock.now()
    slot = int(now.timestamp() // SLOT_SECONDS)
    due = (
        Notification.objects.filter(digest__isnull=True, mail_after__lte=now)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    mailed = 0
    for recipient_id in list(due[:BATCH]):
        digest = claim(recipient_id=recipient_id, slot=slot, now=now)
        if digest is not None:
            mailed += send_digest(digest=digest)
    return mailed


def claim(*, recipient_id: int, slot: int, now: datetime) -> Digest | None:
    """This worker's digest for the agent in `slot`, or None when another worker has it."""
    try:
        with transaction.atomic():
            return Digest.objects.create(recipient_id=recipient_id, slot=slot, created_at=now)
    except IntegrityError:
        return None


@service
def send_digest(*, digest: Digest) -> int:
    """Take every notification of the digest's agent still waiting for mail and queue one
    mail listing them, in the agent's language; 1 when a mail was queued."""
    waiting = Notification.objects.filter(
        recipient_id=digest.recipient_id, digest__isnull=True, mail_after__isnull=False
    )
    if not waiting.update(digest=digest):
        return 0  # another worker's digest took them first
    agent = User.objects.select_related("agent").get(pk=digest.recipient_id)
    if not agent.email or not agent.is_active:
        return 0
    items = list(
        digest.notifications.select_related("case", "entry", "actor").order_by("created_at", "id")
    )
    with translation.override(language_of(agent)):
        subject, body = digest_text(agent, items)
    mailer = import_string(settings.FAIRDESK_NOTIFICATION_MAILER)
    mailer(to_address=agent.email, subject=subject, body=body)
    return 1


def digest_text(agent: User, items: list[Notification]) -> tuple[str, str]:
    """(subject, body) of the mail in the active language: each notification, its note, its
    case's link."""
    count = len(items)
    if count == 1:
        subject = notification_text(items[0])
    else:
        # Two or more (one is said in its own words): no plural forms needed.
        subject = _("%(count)d notifications from fairdesk") % {"count": count}
    lines = [_("Hello %(name)s,") % {"name": agent.get_full_name() or agent.get_username()}, ""]
    for item in items:
        lines.append("- " + notification_text(item))
        if excerpt := notification_excerpt(item):
            lines.append(f"  “{excerpt}”")
        lines.append(
            "  " + settings.FAIRDESK_BASE_URL + reverse("desk:case", args=[item.case.reference])
        )
    lines += ["", _("You choose which of these reach you by mail under Notifications in the desk.")]
    return subject[:250], "\n".join(lines) + "\n"
