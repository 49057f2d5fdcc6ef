"""Splitting a reply into what the sender wrote now and what they quoted or signed."""

from __future__ import annotations

import re

# A line that starts the quoted remainder of a reply (everything after it is folded away).
_REPLY_HEADER = re.compile(
    r"""^\s*(
        On\s.{1,200}\swrote:
      | Am\s.{1,200}\sschrieb\s?.{0,200}:
      | Le\s.{1,200}\sa\s[ée]crit\s?:
      | -{2,}\s*(Original\sMessage|Ursprüngliche\sNachricht|Urspr.ngliche\sNachricht|
                 Forwarded\smessage|Weitergeleitete\sNachricht|Message\sd'origine)\s*-{2,}
      | _{10,}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# "On Tue, 1 Jan 2024, Ada Lovelace" / "<ada@example.com> wrote:" wrapped over two lines.
_WRAPPED_START = re.compile(r"^\s*(On|Am)\s.{1,200}$", re.IGNORECASE)
_WRAPPED_END = re.compile(r"^.{0,200}\s?(wrote|schrieb\s?.{0,200}):\s*$", re.IGNORECASE)
# Outlook's header block: "From: ..." followed shortly by "Sent:"/"Gesendet:".
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|Von):\*?\s", re.IGNORECASE)
_OUTLOOK_SENT = re.compile(r"^\s*\*?(Sent|Gesendet|Date|Datum):\*?\s", re.IGNORECASE)
_SIGNATURE = {"-- ", "--"}


def _starts_quoted_tail(lines: list[str], index: int) -> bool:
    line = lines[index]
    if len(line) > 400:  # reply headers are short; skip regex work on long lines
        return False
    if line in _SIGNATURE or _REPLY_HEADER.match(line):
        return True
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if _WRAPPED_START.match(line) and _WRAPPED_END.match(following):
        return True
    if _OUTLOOK_FROM.match(line):
        return any(_OUTLOOK_SENT.match(n) for n in lines[index + 1 : index + 4])
    return False


def split_quoted(text: str) -> tuple[str, str]:
    """Return (visible, quoted): lines starting with ">" and everything from a reply header
    ("On … wrote:", "-----Original Message-----") or signature delimiter on are quoted."""
    lines = text.split("\n")
    visible: list[str] = []
    quoted: list[str] = []
    for index, line in enumerate(lines):
        if _starts_quoted_tail(lines, index):
            quoted.extend(lines[index:])
            break
        (quoted if line.lstrip().startswith(">") else visible).append(line)
    return "\n".join(visible).strip(), "\n".join(quoted).strip()
