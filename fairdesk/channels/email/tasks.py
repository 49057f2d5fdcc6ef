"""Background work of the email channel: one task per queued message, sent at once.

The task is only the fast path: sender.send_due (a periodic job) sends whatever a task did
not, so a lost or orphaned task never loses a mail.
"""

from __future__ import annotations

from django_tasks import task

from fairdesk.channels.email import sender

# Kept here for callers that imported them from tasks.
ComposedMail = sender.ComposedMail
retry_delay = sender.retry_delay


@task()
def send_outbound(outbound_id: int) -> str:
    """Write (on the first attempt) and send one queued message; its state after."""
    return sender.send_one(outbound_id)
