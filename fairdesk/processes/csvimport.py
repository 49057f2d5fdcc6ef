"""CSV files from the company's own systems, read into the services' inputs.

Each row is checked on its own; a bad row is reported with its line number and the others
are still imported (nothing good is dropped because of one typo).

contracts: number, email, name, product, monthly_fee_cents, concluded_on, starts_on,
    minimum_term_months, notice, notice_unit, at_month_end, devices, language
    (devices: "name|serial|value_cents" separated by ";")
orders: one line per item: number, email, name, kind, ordered_on, delivery, delivered_on,
    contract_number, sku, item_name, quantity, unit_price_cents, language
language (optional, "de" or "en"): the customer's, as the API's `language`; empty keeps theirs.
scans: return_number, state (a carrier's scan file: in_transit, received)
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from fairdesk.accounts.models import Language
from fairdesk.lib.errors import DomainError
from fairdesk.processes import services


class RowError(ValueError):
    pass


@dataclass
class Report:
    saved: int = 0
    errors: list[str] = field(default_factory=list)


def _date(value: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _int(value: str, default: int | None = 0) -> int | None:
    value = (value or "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise RowError(f"{value!r} is not a whole number") from None


def _language(value: str) -> str | None:
    """The customer's language as a row gives it; None (keep theirs) when it gives none."""
    language = (value or "").strip().lower()
    if not language:
        return None
    if language not in Language.values:
        raise RowError(f"{value.strip()!r} is not a language (de or en)")
    return language


def _devices(value: str) -> tuple[services.DeviceIn, ...] | None:
    if not (value or "").strip():
        return None
    devices = []
    for part in value.split(";"):
        name, serial, cents = ([*part.split("|"), "", ""])[:3]
        devices.append(services.DeviceIn(name.strip(), serial.strip(), _int(cents) or 0))
    return tuple(devices)


def contract_row(row: dict[str, str]) -> dict[str, Any]:
    return {
        "number": row.get("number", ""),
        "email": row.get("email", ""),
        "name": row.get("name", ""),
        "product": row.get("product", ""),
        "monthly_fee_cents": _int(row.get("monthly_fee_cents", ""), None),
        "concluded_on": _date(row.get("concluded_on", "")),
        "starts_on": _date(row.get("starts_on", "")),
        "minimum_term_months": _int(row.get("minimum_term_months", "")),
        "notice": _int(row.get("notice", ""), 1),
        "notice_unit": (row.get("notice_unit") or "months").strip(),
        "at_month_end": (row.get("at_month_end") or "").strip().lower()
        in ("1", "true", "yes", "ja"),
        "devices": _devices(row.get("devices", "")),
        "language": _language(row.get("language", "")),
    }


def _rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(lines)
    for row in reader:
        yield reader.line_num, {k.strip(): (v or "") for k, v in row.items() if k}


def _each(report: Report, line: int, action: Callable[[], object]) -> None:
    try:
        action()
    except (RowError, DomainError) as error:
        message = error.message if isinstance(error, DomainError) else str(error)
        report.errors.append(f"line {line}: {message}")
    else:
        report.saved += 1


def import_contracts(lines: Iterable[str]) -> Report:
    report = Report()
    for line, row in _rows(lines):
        try:
            fields = contract_row(row)
        except RowError as error:
            report.errors.append(f"line {line}: {error}")
            continue
        _each(report, line, partial(services.save_contract, **fields))
    return report


def import_orders(lines: Iterable[str]) -> Report:
    """Lines of one order (same number) are saved together, as one order."""
    report = Report()
    orders: dict[str, tuple[int, dict[str, Any], list[services.ItemIn]]] = {}
    for line, row in _rows(lines):
        try:
            item = services.ItemIn(
                sku=row.get("sku", ""),
                name=row.get("item_name", ""),
                quantity=_int(row.get("quantity", "")) or 0,
                unit_price_cents=_int(row.get("unit_price_cents", "")) or 0,
            )
            head: dict[str, Any] = {
                "number": row.get("number", "").strip(),
                "email": row.get("email", ""),
                "name": row.get("name", ""),
                "kind": (row.get("kind") or "shop").strip(),
                "ordered_on": _date(row.get("ordered_on", "")),
                "delivery": (row.get("delivery") or "ordered").strip(),
                "delivered_on": _date(row.get("delivered_on", "")),
                "contract_number": row.get("contract_number", "").strip(),
                "language": _language(row.get("language", "")),
            }
        except RowError as error:
            report.errors.append(f"line {line}: {error}")
            continue
        entry = orders.setdefault(head["number"], (line, head, []))
        entry[2].append(item)
    for line, head, items in orders.values():
        if head["ordered_on"] is None:
            report.errors.append(f"line {line}: the order date is missing")
            continue
        _each(report, line, partial(services.save_order, items=tuple(items), **head))
    return report


def import_scans(lines: Iterable[str]) -> Report:
    report = Report()
    for line, row in _rows(lines):
        number, state = row.get("return_number", ""), (row.get("state") or "").strip()

        def move(number: str = number, state: str = state) -> None:
            parcel = services.find_return(number)
            services.move_return(parcel=parcel, state=state, agent=None, via="scan")

        _each(report, line, move)
    return report


IMPORTERS = {"contracts": import_contracts, "orders": import_orders, "scans": import_scans}
