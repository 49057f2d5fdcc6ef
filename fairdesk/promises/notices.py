"""What the warning and escalation mails to agents say, rendered in the reader's language."""

from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from fairdesk.lib.dates import moment_text
from fairdesk.promises.models import Promise

WARNED = "warned"
ESCALATED = "escalated"


def texts(
    event: str, *, promise: Promise, reference: str, due_at: datetime | None
) -> tuple[str, str]:
    """(subject, body) of the mail about `event` in the active language."""
    what = promise.label
    if event == WARNED:
        return (
            _("Promise at risk: %(ref)s") % {"ref": reference},
            _("%(what)s on case %(ref)s is due %(due)s and not kept yet.")
            % {"what": what, "ref": reference, "due": moment_text(due_at)},
        )
    return (
        _("Promise broken: %(ref)s") % {"ref": reference},
        _("Promise broken: %(what)s.") % {"what": what},
    )


def language_of(user) -> str:
    """The agent's first language when the desk speaks it, else the desk's default."""
    profile = getattr(user, "agent", None)
    spoken = profile.languages if profile is not None else []
    known = {code for code, _name in settings.LANGUAGES}
    return next((code for code in spoken if code in known), settings.LANGUAGE_CODE)


def by_language(
    users: list, event: str, *, promise: Promise, reference: str, due_at: datetime | None
) -> list[tuple[list[str], str, str]]:
    """One (addresses, subject, body) per language the readers speak."""
    groups: dict[str, list[str]] = {}
    for user in users:
        groups.setdefault(language_of(user), []).append(user.email)
    mails = []
    for language, addresses in sorted(groups.items()):
        with translation.override(language):
            subject, body = texts(event, promise=promise, reference=reference, due_at=due_at)
        mails.append((sorted(addresses), subject, body))
    return mails
