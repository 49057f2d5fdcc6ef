"""What a process's timeline entries say, rendered when read from the facts they keep.

Each entry a process writes stores `{"about": "process", "event": ..., ...}`: the definition,
the step, the dates and reasons, never a sentence. `fairdesk.texts` (what the desk, the portal
and the API call for every timeline entry) asks `process_text` for the sentence in the active
language (the reader's). Rows written before the facts were kept lack "about" and return "",
so the interfaces show the text stored with them. The declaration and its confirmation are
documents and stay as issued: they are not rendered here.
"""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from fairdesk.lib.dates import day_text
from fairdesk.processes.definitions import DEFINITIONS
from fairdesk.processes.models import ReturnState

ABOUT = "process"


def facts(event: str, **data: object) -> dict:
    """The data of a process entry: what `process_text` needs to say it later."""
    return {"about": ABOUT, "event": event, **data}


def process_text(data: dict) -> str:
    """The sentence for a process entry's facts, or "" when they are not complete."""
    if data.get("about") != ABOUT:
        return ""
    say = SAYINGS.get(str(data.get("event")))
    try:
        return say(data) if say else ""
    except (KeyError, TypeError, ValueError):
        return ""  # facts from a later or broken writer: the stored text says it


def _process(data: dict) -> str:
    return str(DEFINITIONS[data["definition"]].label)


def _step(data: dict) -> str:
    return str(DEFINITIONS[data["definition"]].step(data["step"]).label)


def _amount(cents: int) -> str:
    return formats.number_format(Decimal(cents) / 100, 2)


def _started(data: dict) -> str:
    return _("Started: %(process)s.") % {"process": _process(data)}


def _done(data: dict) -> str:
    return _("Done: %(step)s.") % {"step": _step(data)}


def _delayed(data: dict) -> str:
    # A step's label is a heading ("Line ordered from the network operator"), so the sentence
    # quotes it rather than making it the subject; the customer reads this in the mail.
    return _(
        "Unfortunately, one step will take longer than we said. “%(step)s” is now planned for"
        " %(date)s. The reason: %(why)s"
    ) % {
        "step": _step(data),
        "date": day_text(data["due_on"]),
        "why": data["reason"],
    }


def _expedited(data: dict) -> str:
    return _("Expedited: %(step)s. Reason: %(why)s") % {
        "step": _step(data),
        "why": data["reason"],
    }


def _return_state(data: dict) -> str:
    return _("Return %(n)s: %(s)s.") % {"n": data["return"], "s": ReturnState(data["state"]).label}


def _label_sent(data: dict) -> str:
    return _("Your return label %(number)s is ready to print.") % {"number": data["return"]}


def _reminded(data: dict) -> str:
    return _("Please send back the device for return %(n)s.") % {"n": data["return"]}


def _charged(data: dict) -> str:
    return _("Charged %(a)s EUR for devices not returned.") % {"a": _amount(data["amount_cents"])}


def _order_confirmed(data: dict) -> str:
    spec = DEFINITIONS[data["definition"]]
    milestones = "; ".join(
        f"{spec.step(key).label}: {day_text(due_on) or '—'}" for key, due_on in data["milestones"]
    )
    return _("Order %(o)s confirmed. Milestones: %(m)s") % {"o": data["order"], "m": milestones}


SAYINGS = {
    "started": _started,
    "step_done": _done,
    "delayed": _delayed,
    "expedited": _expedited,
    "return_state": _return_state,
    "label_sent": _label_sent,
    "reminded": _reminded,
    "charged": _charged,
    "order_confirmed": _order_confirmed,
}
