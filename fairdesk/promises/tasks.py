"""Background work of the promises app, run by `fairdesk worker` through the Django Tasks API."""

from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_datetime
from django_tasks import task

from fairdesk.lib import direct_mail
from fairdesk.promises import notices
from fairdesk.promises.models import Promise


@task()
def notify_people(
    *,
    user_ids: list[int],
    event: str = "",
    promise_id: int | None = None,
    due_at: str | None = None,
    subject: str = "",
    body: str = "",
) -> int:
    """Mail a warning or an escalation about a promise to the agents named, each in their own
    language; returns how many mails were sent. (`subject` and `body`: tasks queued before
    mails were translated per reader, sent as they are.)"""
    users = list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .select_related("agent")
    )
    if not users:
        return 0
    promise = None
    if promise_id is not None:
        promise = Promise.objects.select_related("case").filter(pk=promise_id).first()
    if promise is None:
        if not subject:
            return 0  # the promise is gone with its case: nothing left to tell
        return direct_mail.send(subject=subject, body=body, to=sorted(u.email for u in users))
    mails = notices.by_language(
        users,
        event,
        promise=promise,
        reference=promise.case.reference,
        due_at=parse_datetime(due_at) if due_at else None,
    )
    return sum(
        direct_mail.send(subject=subject, body=body, to=addresses)
        for addresses, subject, body in mails
    )
