"""What the survey's timeline entries say, rendered when read in the reader's language.

The entries keep their facts (`{"survey": "invited" | "excluded" | "answered" | "follow_up",
…}`); their stored text is the one the draw's language wrote, and an erasure empties it."""

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
    if event == "follow_up":
        return _follow_up_text(data.get("to"), str(data.get("team", "")))
    return ""


def _follow_up_text(to: object, team: str) -> str:
    """Who follows up a dissatisfied answer, and why them (services.follow_up_owner)."""
    if to == "lead":
        return _("A dissatisfied survey answer: the team lead follows it up.")
    if to == "admin":
        return _(
            "A dissatisfied survey answer: %(team)s has no team lead, so a desk administrator "
            "follows it up."
        ) % {"team": team}
    return _(
        "A dissatisfied survey answer: %(team)s has no team lead and the desk no administrator, "
        "so nobody was given this follow-up. Name a team lead under Administration, Teams."
    ) % {"team": team}
