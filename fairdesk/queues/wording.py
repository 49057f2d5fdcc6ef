"""How the queues' facts read on the timeline, in the reader's language (rendered when read)."""

from django.utils.translation import gettext as _


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
