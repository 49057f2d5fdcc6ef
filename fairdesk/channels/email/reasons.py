"""Why a mail was flagged, stored as facts ("code" or "code|detail", several joined by "; ")
and put into words when read, in the reader's language (`describe`, alias `reason_text`).

Rows flagged before the codes carry short English phrases; the known ones are said in the
reader's language too, anything else (parser details) as it came.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
    "encoded-sender": gettext_lazy(
        "no usable sender: the address %(detail)s holds an encoded word, "
        "which RFC 2047 does not allow there"
    ),
    "no-sender-for": gettext_lazy("no sender for %(detail)s"),
    "not-participant": gettext_lazy("the sender is not part of %(detail)s"),
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


def _facts(stored: str) -> Iterator[tuple[str, str, str]]:
    """Each stored reason as (the part as stored, its code, its detail)."""
    for part in filter(None, (stored or "").split(SEPARATOR)):
        code, _bar, detail = part.partition("|")
        yield part, code, detail


def describe(stored: str) -> str:
    """The stored reasons in words, in the active language; text from before codes as is."""
    words = []
    for part, code, detail in _facts(stored):
        template = _WORDS.get(code)
        words.append(str(template) % {"detail": detail} if template else _phrase(part))
    return SEPARATOR.join(words)


reason_text = describe


def not_part_of(stored: str) -> str:
    """The reference of the case a stranger wrote into ("not-participant"), or ""."""
    return next((detail for _part, code, detail in _facts(stored) if code == "not-participant"), "")


# The English phrases ingest recorded before the codes.
_KNOWN = [
    (re.compile(r"no sender for (?P<ref>\S+)"), gettext_lazy("no usable sender for %(ref)s")),
    (
        re.compile(r"not a participant of (?P<ref>\S+) \((?P<how>[^)]*)\)"),
        gettext_lazy("the sender is not part of %(ref)s (found by %(how)s)"),
    ),
    (re.compile(r"no usable sender"), gettext_lazy("no usable sender")),
    (re.compile(r"bounce for no known message"), gettext_lazy("a bounce for no mail we know")),
    (
        re.compile(r"attachment (?P<name>.+) over (?P<bytes>\d+) bytes, kept in the raw mail"),
        gettext_lazy("attachment %(name)s is larger than %(bytes)s bytes; kept in the raw mail"),
    ),
    (
        re.compile(r"text cut to the size limit, kept whole in the raw mail"),
        gettext_lazy("text cut to the size limit; kept whole in the raw mail"),
    ),
]


def _phrase(part: str) -> str:
    for pattern, sentence in _KNOWN:
        if found := pattern.fullmatch(part):
            return str(sentence) % found.groupdict()
    return part
