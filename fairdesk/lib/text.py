"""Small text helpers shared by services and interfaces."""


def one_line(text: str | None, limit: int | None = None) -> str:
    """`text` squashed to one line (runs of whitespace, newlines included, become one space),
    cut to `limit` characters: for subjects, names, reasons, search words."""
    squashed = " ".join((text or "").split())
    return squashed if limit is None else squashed[:limit]
