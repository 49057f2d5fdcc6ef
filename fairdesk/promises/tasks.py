"""Background work of the promises app, run by `fairdesk worker` through the Django Tasks API."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django_tasks import task


@task()
def notify_people(*, user_ids: list[int], subject: str, body: str) -> int:
    """Mail a warning or an escalation to the agents named; returns how many were sent."""
    addresses = list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not addresses:
        return 0
    return send_mail(subject, body, None, addresses)
