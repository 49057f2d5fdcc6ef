"""Why a mail was flagged, stored as facts ("code" or "code|detail", several joined by "; ")
and put into words when read, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from fairdesk.channels.email.model import (
    MessageRejected,
    MessageTooComplex,
    MessageTooLarge,
    MessageTooSlow,
)

SEPARATOR = "; "
_WORDS = {
    "no-sender": gettext_lazy("no usable sender"),
    "no-sender-for": gettext_lazy("no sender for %(detail)s"),
    "not-participant": gettext_lazy("not a participant of %(detail)s"),
    "reused-id": gettext_lazy("reuses the Message-ID of an earlier message"),
    "attachment-too-large": gettext_lazy(
        "attachment %(detail)s over the size limit, kept in the raw mail"
    ),
    "text-cut": gettext_lazy("text cut to the size limit, kept whole in the raw mail"),
    "bounce-untraced": gettext_lazy("a delivery failure report for no message we know"),
    "robot-untraced": gettext_lazy("an automatic mail (%(detail)s) for no known case"),
    "filing-failed": gettext_lazy("could not be filed (%(detail)s)"),
    "parsing-failed": gettext_lazy("could not be read (%(detail)s)"),
    "too-large": gettext_lazy("too large (%(detail)s)"),
    "too-complex": gettext_lazy("too complex (%(detail)s)"),
    "too-slow": gettext_lazy("took too long to read (%(detail)s)"),
}
_REJECTED = {
    MessageTooLarge: "too-large",
    MessageTooComplex: "too-complex",
    MessageTooSlow: "too-slow",
}


def fact(code: str, detail: object = "") -> str:
    """One reason as stored: its code, and a detail (a reference, a file name, a number)."""
    text = str(detail).replace(SEPARATOR, ", ").replace("|", "/")
    return f"{code}|{text}" if text else code


def rejected(error: MessageRejected) -> str:
    return fact(_REJECTED.get(type(error), "parsing-failed"), error.reason)


def joined(reasons: list[str]) -> str:
    return SEPARATOR.join(reasons)[:200]


def describe(stored: str) -> str:
    """The stored reasons in words, in the active language; text from before codes as is."""
    words = []
    for part in filter(None, (stored or "").split(SEPARATOR)):
        code, _bar, detail = part.partition("|")
        template = _WORDS.get(code)
        words.append(str(template) % {"detail": detail} if template else part)
    return SEPARATOR.join(words)
