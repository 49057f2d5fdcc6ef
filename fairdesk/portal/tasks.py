"""Background work of the portal: sending a sign-in link, retried a few times while it is
still worth having (a link lives 20 minutes)."""

import logging
from datetime import timedelta

from django.core.mail import get_connection
from django_tasks import task

from fairdesk.lib import clock
from fairdesk.portal import services

log = logging.getLogger(__name__)

# Try again after 1 and 4 minutes; a later link would come after the person gave up.
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=4))


@task()
def send_sign_in_link(*, address: str, attempt: int = 1) -> str:
    """Mail a fresh sign-in link to `address` if a customer owns it (each try makes its own
    link: one that never arrived is never used, and expires)."""
    mail = services.sign_in_mail(address=address)
    if mail is None:
        return "unknown"
    try:
        get_connection(fail_silently=False).send_messages([mail])
    except Exception as error:  # any failure of the network or server means: try again later
        log.warning("sign-in link (try %s) not sent: %s: %s", attempt, type(error).__name__, error)
        if attempt > len(RETRY_AFTER):
            return "failed"
        queued = send_sign_in_link
        if queued.get_backend().supports_defer:
            queued = queued.using(run_after=clock.now() + RETRY_AFTER[attempt - 1])
        queued.enqueue(address=address, attempt=attempt + 1)
        return "retrying"
    return "sent"
