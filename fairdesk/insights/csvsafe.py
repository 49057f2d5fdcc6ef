"""CSV that spreadsheets cannot be tricked with, pure Python.

A cell starting with =, +, -, @ (or a tab or carriage return, which some programs skip before
them) is read as a formula by Excel and LibreOffice: `=HYPERLINK(...)` in a customer's subject
would run on the manager's machine. Such text cells get a leading apostrophe (the OWASP
advice) and are quoted; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    return "'" + value if value.startswith(DANGEROUS) else value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
