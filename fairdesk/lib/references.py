"""Human-readable case references such as FD-000123."""

import re

PREFIX = "FD"
_PATTERN = re.compile(rf"\b{PREFIX}-(\d{{6,}})\b", re.IGNORECASE)


def format_reference(number: int) -> str:
    return f"{PREFIX}-{number:06d}"


def find_reference(text: str) -> str | None:
    """Return the first case reference in `text`, normalised to upper case."""
    match = _PATTERN.search(text or "")
    return f"{PREFIX}-{match.group(1)}" if match else None
