"""Repairing a message's top-level header block before the stdlib parser reads it.

The stdlib ends the header block at the first line that is neither a header nor a
continuation, so one malformed line loses sender, subject and threading, and the rest shows
as body. Here a leading non-header line ("---- Original email message ----") is dropped,
and a stray line inside the block (a continuation that lost its leading whitespace) is
indented; what was repaired is returned for the record. Pure and linear in the input.
"""

from __future__ import annotations

import re

# What the stdlib (compat32) accepts as a header line, and as a continuation.
_HEADER = re.compile(rb"[\x21-\x39\x3b-\x7e]+:")
_SPACED_NAME = re.compile(rb"([\x21-\x39\x3b-\x7e]+)[ \t]+:")
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\n|\r|$)")
# Only the start of a message can be its header block; a longer "block" is a body without one.
MAX_HEADER_LINES = 2000
MAX_LEADING_JUNK = 3
_DECLARED = re.compile(
    rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})|=\?([A-Za-z0-9_.:-]{1,40})[?*]""", re.I
)
_NOT_HINTS = {"utf-8", "utf8", "us-ascii", "ascii"}


def repair_header_block(raw: bytes) -> tuple[bytes, tuple[str, ...]]:
    """(`raw` with its header block repaired, what was repaired: "" items when nothing)."""
    lines = _header_lines(raw)
    kinds = [_kind(line) for line in lines]
    if "header" not in kinds:
        return raw, ()
    last_header = len(kinds) - 1 - kinds[::-1].index("header")
    repaired: list[bytes] = []
    notes: list[str] = []
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind == "other" and index < last_header:
            if not repaired and index < MAX_LEADING_JUNK:
                notes.append("HeaderRepair:dropped-leading-line")
                continue
            if spaced := _SPACED_NAME.match(line):
                line = spaced.group(1) + b":" + line[spaced.end() :]
                notes.append("HeaderRepair:space-before-colon")
            else:
                line = b" " + line
                notes.append("HeaderRepair:continuation")
        repaired.append(line)
    if not notes:
        return raw, ()
    head = sum(len(line) for line in lines)
    return b"".join(repaired) + raw[head:], tuple(dict.fromkeys(notes))


def charsets_named(raw: bytes, *, limit: int = 8) -> tuple[str, ...]:
    """The charsets a message names (parameters and encoded-words), in order of appearance."""
    found: dict[str, None] = {}
    for match in _DECLARED.finditer(raw):
        label = (match.group(1) or match.group(2)).decode("ascii").lower()
        if label not in _NOT_HINTS:
            found[label] = None
            if len(found) >= limit:
                break
    return tuple(found)


def _header_lines(raw: bytes) -> list[bytes]:
    """The lines of the header block: up to (not including) the first empty line."""
    lines: list[bytes] = []
    for match in _LINE.finditer(raw):
        line = match.group()
        if not line or line in (b"\r\n", b"\n", b"\r") or len(lines) >= MAX_HEADER_LINES:
            break
        lines.append(line)
    return lines


def _kind(line: bytes) -> str:
    if line[:1] in (b" ", b"\t"):
        return "continuation"
    if line.startswith(b"From ") or _HEADER.match(line):
        return "header"
    return "other"
