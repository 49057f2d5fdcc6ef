"""Reading feedback: the invitation behind a link, the active survey."""

from django.conf import settings

from fairdesk.feedback.links import invitation_id_from
from fairdesk.feedback.models import Answer, Draw, Invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a signed link names, if it is one that was sent."""
    invitation_id = invitation_id_from(token)
    if invitation_id is None:
        return None
    return (
        Invitation.objects.select_related("case", "customer", "survey")
        .filter(pk=invitation_id, draw=Draw.INVITED)
        .first()
    )


def answer_of(invitation: Invitation) -> Answer | None:
    return Answer.objects.filter(invitation=invitation).first()


def is_closed(invitation: Invitation, now) -> bool:
    """Whether the invitation's link no longer takes answers (FAIRDESK_SURVEY_ANSWER_DAYS)."""
    return (now - invitation.drawn_at).days >= settings.FAIRDESK_SURVEY_ANSWER_DAYS
