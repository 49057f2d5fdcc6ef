"""Splitting a mail into what the sender wrote now and what they quoted or signed.

A forwarded mail is no quote: it is what the sender brings to us, so it stays in the shown
text. It starts at a forward marker ("---------- Forwarded message ---------",
"-------- Weitergeleitete Nachricht --------", "Begin forwarded message:"), or, in a mail
whose subject says it is forwarded ("Fwd:", "WG:"), at the header block a reply would quote
under too (Outlook's "From: … Sent: …", "-----Original Message-----"). A forwarded mail that
came from an address this mail was sent to is our own mail coming back: it folds like a quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A line that starts the quoted remainder of a reply (everything after it is folded away).
_REPLY_HEADER = re.compile(
    r"""^\s*(
        On\s.{1,200}\swrote:
      | Am\s.{1,200}\sschrieb\s?.{0,200}:
      | Le\s.{1,200}\sa\s[ée]crit\s?:
      | -{2,}\s*(Original\sMessage|Ursprüngliche\sNachricht|Urspr.ngliche\sNachricht|
                 Message\sd'origine)\s*-{2,}
      | _{10,}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A line that starts a forwarded mail, whatever the subject says.
_FORWARD_HEADER = re.compile(
    r"""^\s*(
        -{2,}\s*(Forwarded\s+message|Weitergeleitete\s+Nachricht|Message\s+transf[ée]r[ée])
            \s*-{2,}
      | Begin\sforwarded\smessage:
      | Anfang\sder\sweitergeleiteten\s(Nachricht|E-Mail):
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# "On Tue, 1 Jan 2024, Ada Lovelace" / "<ada@example.com> wrote:" wrapped over two lines.
_WRAPPED_START = re.compile(r"^\s*(On|Am)\s.{1,200}$", re.IGNORECASE)
_WRAPPED_END = re.compile(r"^.{0,200}\s?(wrote|schrieb\s?.{0,200}):\s*$", re.IGNORECASE)
# Outlook's header block: "From: ..." followed shortly by "Sent:"/"Gesendet:".
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|Von):\*?\s", re.IGNORECASE)
_OUTLOOK_SENT = re.compile(r"^\s*\*?(Sent|Gesendet|Date|Datum):\*?\s", re.IGNORECASE)
_ADDRESS = re.compile(r"[^\s<>()\"',;:]+@[^\s<>()\"',;:]+")
_SIGNATURE = {"-- ", "--"}
# How many lines of a forwarded block's header are read for its sender.
_FORWARD_HEADER_LINES = 8

QUOTE, FORWARD, SIGNATURE = "quote", "forward", "signature"


def _tail_kind(lines: list[str], index: int, forwarded: bool) -> str | None:
    """What starts at `lines[index]`: a quoted tail, a forwarded mail, a signature, or None."""
    line = lines[index]
    if len(line) > 400:  # reply headers are short; skip regex work on long lines
        return None
    if line in _SIGNATURE:
        return SIGNATURE
    if _FORWARD_HEADER.match(line):
        return FORWARD
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if (
        _REPLY_HEADER.match(line)
        or (_WRAPPED_START.match(line) and _WRAPPED_END.match(following))
        or (
            _OUTLOOK_FROM.match(line)
            and any(_OUTLOOK_SENT.match(n) for n in lines[index + 1 : index + 4])
        )
    ):
        return FORWARD if forwarded else QUOTE
    return None


def _from_us(block: list[str], own: set[str]) -> bool:
    """Whether the forwarded `block`'s "From:" line names one of the `own` addresses."""
    for line in block[:_FORWARD_HEADER_LINES]:
        if _OUTLOOK_FROM.match(line):
            return any(a.lower() in own for a in _ADDRESS.findall(line))
    return False


def split_quoted(text: str, *, forwarded: bool = False, own: Iterable[str] = ()) -> tuple[str, str]:
    """Return (visible, quoted): lines starting with ">" and everything from a reply header
    ("On … wrote:", "-----Original Message-----") or signature delimiter on are quoted. A
    forwarded mail (see the module) stays visible, also below a signature; `forwarded` says
    the subject marks the mail as a forward, `own` are the addresses it was sent to."""
    own_addresses = {address.lower() for address in own}
    lines = text.split("\n")
    visible: list[str] = []
    quoted: list[str] = []
    for index, line in enumerate(lines):
        kind = _tail_kind(lines, index, forwarded)
        if kind is None:
            (quoted if line.lstrip().startswith(">") else visible).append(line)
            continue
        start = index
        if kind == SIGNATURE:  # a mailer may put the signature above what it forwards
            start = next(
                (i for i in range(index + 1, len(lines)) if _tail_kind(lines, i, forwarded)),
                len(lines),
            )
            kind = _tail_kind(lines, start, forwarded) if start < len(lines) else None
        if kind == FORWARD and not _from_us(lines[start:], own_addresses):
            quoted.extend(lines[index:start])
            visible.extend(lines[start:])
        else:
            quoted.extend(lines[index:])
        break
    return "\n".join(visible).strip(), "\n".join(quoted).strip()
