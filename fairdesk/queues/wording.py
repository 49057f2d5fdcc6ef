"""How the queues' facts read on the timeline, in the reader's language (rendered when read)."""

from django.utils.translation import gettext as _

from fairdesk.lib.dates import moment_text


def _language(code: str) -> str:
    names = {"de": _("German"), "en": _("English")}
    return names.get(code, code)


def why_assigned(facts: dict) -> str:
    """'least load among 4 agents with German on shift', from an owner entry's `auto` facts."""
    why = facts.get("why", "")
    if why == "take_next":
        return _("taken with “Take next”")
    among = int(facts.get("among") or 0)
    language = facts.get("language") or ""
    if language:
        pool = _("%(n)s agents with %(language)s on shift") % {
            "n": among,
            "language": _language(language),
        }
    else:
        pool = _("%(n)s agents on shift") % {"n": among}
    if why == "previous_owner":
        return _("back to the agent who worked on it before, on shift")
    if why == "round_robin":
        return _("next in turn among %(pool)s") % {"pool": pool}
    return _("least load among %(pool)s") % {"pool": pool}


def lead_alert(prediction) -> tuple[str, str]:
    """(subject, body) of the team lead's mail about a late prediction, in the active
    language: what was promised instead of the target, and the staff it would take."""
    case = prediction.case
    facts = {
        "team": case.team.name,
        "ref": case.reference,
        "ahead": prediction.ahead,
        "due": moment_text(prediction.predicted_at),
        "target": moment_text(prediction.target_at),
        "staff": prediction.staff_needed,
    }
    subject = _("Queue too long for the targets: %(team)s") % facts
    body = "\n\n".join(
        [
            _(
                "%(ahead)s requests were ahead of case %(ref)s when it came in, so its first "
                "answer is promised by %(due)s instead of the target %(target)s."
            )
            % facts,
            _("To meet the target the team needs %(staff)s more agents.") % facts,
            _(
                "New requests are promised the later date, and told why, until the queue is "
                "short enough again. This mail comes at most once an hour."
            ),
        ]
    )
    return subject, body
