"""Why a mail was flagged for an agent, said in the reader's language.

Ingest records its reasons as short English phrases joined by "; " (they also go into the
audit log as they are); the desk reads them through `reason_text`, which says the phrases it
knows in the active language and leaves the rest (parser details) as they came.
"""

import re

from django.utils.translation import gettext_lazy

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


def reason_text(reason: str) -> str:
    """`reason` ("; "-joined phrases) in the active language, phrase by phrase."""
    return "; ".join(_phrase(part) for part in (reason or "").split("; ") if part)


def _phrase(part: str) -> str:
    for pattern, sentence in _KNOWN:
        if found := pattern.fullmatch(part):
            return str(sentence) % found.groupdict()
    return part
