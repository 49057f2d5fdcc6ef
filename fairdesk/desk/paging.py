"""Pages without COUNT(*): fetch one row more than shown to know whether a next page exists.

Counting a 100,000-case queue on every view costs more than showing it.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_number(raw_number: str | None) -> int:
    try:
        return max(1, min(int(raw_number or 1), 10_000))
    except ValueError:
        return 1


def page_of(rows: QuerySet, raw_number: str | None, *, size: int = PAGE_SIZE) -> Page:
    number = page_number(raw_number)
    start = (number - 1) * size
    fetched = list(rows[start : start + size + 1])
    return Page(rows=fetched[:size], number=number, has_next=len(fetched) > size)
