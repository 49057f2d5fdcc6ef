"""Content-addressed file storage and safe display names for files from outside."""

import hashlib
import os
import re
import unicodedata
from pathlib import Path

MAX_FILENAME_LENGTH = 120
# Controls, and the bidirectional overrides that make "invoice\u202efdp.exe" look like a PDF.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Characters Windows forbids in names; replaced so a downloaded file saves anywhere.
_RESERVED = re.compile(r'[<>:"|?*]')
_SPACES = re.compile(r"\s+")


def safe_filename(name: str | None, default: str = "attachment") -> str:
    """A file name with no path, no control characters and no leading dots, at most 120 chars.

    The one rule for names from outside (uploads, mail attachments): `../../x` becomes `x`;
    an empty result becomes `default` plus `.bin`.
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


def store_bytes(folder: Path, data: bytes) -> str:
    """Write `data` under its SHA-256 (once) and return the hash."""
    digest = hashlib.sha256(data).hexdigest()
    path = folder / digest[:2] / digest
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # atomic: a reader never sees half a file
    return digest


def stored_path(folder: Path, digest: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ValueError("not a SHA-256 hex digest")
    return folder / digest[:2] / digest
