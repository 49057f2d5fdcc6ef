"""Background work of the queues app, run by `fairdesk worker` through the Django Tasks API."""

from django.contrib.auth import get_user_model
from django.utils import translation
from django_tasks import task

from fairdesk.lib import direct_mail
from fairdesk.promises.notices import language_of
from fairdesk.queues import wording
from fairdesk.queues.models import Prediction


@task()
def alert_lead(*, case_id: int, lead_id: int) -> int:
    """Mail the team lead that the queue is longer than the targets allow, with the staff it
    would take, written from the stored prediction in the lead's language. How many mails."""
    lead = get_user_model().objects.filter(pk=lead_id, is_active=True).exclude(email="").first()
    prediction = Prediction.objects.select_related("case__team").filter(case_id=case_id).first()
    if lead is None or prediction is None:
        return 0
    with translation.override(language_of(lead)):
        subject, body = wording.lead_alert(prediction)
    return direct_mail.send(subject=subject, body=body, to=[lead.email])
