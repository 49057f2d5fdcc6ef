"""Attachment file names from outside are metadata only: made safe to show and to store."""

from __future__ import annotations

import re
import unicodedata

MAX_FILENAME_LENGTH = 120
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Characters Windows forbids in names; replaced so a downloaded file saves anywhere.
_RESERVED = re.compile(r'[<>:"|?*]')
_SPACES = re.compile(r"\s+")


def safe_filename(name: str | None, *, default: str = "attachment") -> str:
    """A file name with no path, no control characters and no leading dots, at most 120 chars.

    `../../x` becomes `x`; an empty result becomes `default` (plus `.bin` when the original
    had no usable name part either).
    """
    if not name:
        return f"{default}.bin"
    name = unicodedata.normalize("NFC", str(name))
    name = _CONTROL.sub("", name)
    # Only the last path component counts, whichever separator the sender's system uses.
    name = re.split(r"[/\\]", name)[-1]
    name = _RESERVED.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" .")
    if not name:
        return f"{default}.bin"
    return _shorten(name)


def _shorten(name: str) -> str:
    """Cut a long name in its stem so the extension (what opens it) survives."""
    if len(name) <= MAX_FILENAME_LENGTH:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 16:
        return name[:MAX_FILENAME_LENGTH].rstrip(" .")
    keep = MAX_FILENAME_LENGTH - len(extension) - 1
    return f"{stem[:keep].rstrip(' .')}.{extension}"
