"""What the survey's timeline entries say, rendered when read in the reader's language.

The entries keep their facts (`{"survey": "invited" | "excluded" | "answered", …}`); their
stored text is the one the draw's language wrote, and an erasure empties it."""

from django.utils.translation import gettext as _

from fairdesk.feedback.models import Exclusion


def survey_text(data: dict) -> str:
    event = data.get("survey")
    if event == "invited":
        return _("Survey invitation sent (drawn by the system).")
    if event == "excluded" and data.get("reason") in Exclusion.values:
        return _("No survey invitation: %(reason)s.") % {"reason": Exclusion(data["reason"]).label}
    if event == "answered" and isinstance(data.get("csat"), int):
        return _("Survey answered: satisfaction %(csat)d of 5.") % {"csat": data["csat"]}
    return ""
