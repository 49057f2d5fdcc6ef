"""The signed link in an invitation: it names the invitation and cannot be guessed."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "fairdesk.feedback.vote"


def token_for(invitation_id: int) -> str:
    return signing.dumps(invitation_id, salt=SALT)


def invitation_id_from(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def vote_url(invitation_id: int) -> str:
    path = reverse("portal:survey", kwargs={"token": token_for(invitation_id)})
    return f"{settings.FAIRDESK_BASE_URL}{path}"
