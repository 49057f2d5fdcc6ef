"""The words of a survey invitation mail (the email channel composes and sends it)."""

from django.utils.translation import gettext as _

from fairdesk.cases.models import Entry
from fairdesk.feedback.links import vote_url


def invitation_context(entry: Entry) -> dict:
    """Template context for email/survey.*, in the language the mail is being written in."""
    return {
        "survey_url": vote_url(entry.data["invitation"]),
        # %(subject)s is the case's subject, filled in by the composer.
        "survey_subject": _("Two questions about your case: %(subject)s"),
    }
