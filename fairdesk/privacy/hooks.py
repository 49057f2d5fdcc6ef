"""The hooks: what other apps and channels erase of a customer, and add to their export.

A domain app may not import a channel, so the channels (and the apps that keep personal
data of their own) register functions in settings: `FAIRDESK_ERASURE_HOOKS` (called in
order inside the erasure's transaction; each returns how many rows or files it erased, by
name, for the erasure's record) and `FAIRDESK_EXPORT_HOOKS` (each returns its sections of
the export's `data.json`). A hook takes keyword arguments only.

An export hook names the models it exports (`@exports("processes.Order", …)`), so a test
can check that every model holding a customer's or a case's key is exported by some hook
or said to hold nothing of the person's own (tests/privacy/test_export.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Erasure:
    """What a hook needs to know. `customer_id` is None when only cases are erased (the
    retention rule), since the customer may still have cases that are kept."""

    customer_id: int | None
    case_ids: tuple[int, ...]
    needles: tuple[str, ...]  # the person's identifiers, lower-cased (see scrub.py)


def run_hooks(erasure: Erasure) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in settings.FAIRDESK_ERASURE_HOOKS:
        for key, value in (import_string(path)(erasure=erasure) or {}).items():
            counts[key] = counts.get(key, 0) + value
    return counts


@dataclass(frozen=True)
class Export:
    """Whose data an export hook adds: the customer and every case of theirs."""

    customer_id: int
    case_ids: tuple[int, ...]


Sections = dict[str, list[dict[str, Any]]]
ExportHook = Callable[..., Sections]


def exports(*labels: str) -> Callable[[ExportHook], ExportHook]:
    """Mark an export hook with the models ("app_label.Model") whose rows it exports."""

    def mark(hook: ExportHook) -> ExportHook:
        hook.exports = labels  # type: ignore[attr-defined]
        return hook

    return mark


def export_sections(export: Export) -> Sections:
    """Every hook's sections, in the settings' order; two hooks may not name one section."""
    sections: Sections = {}
    for path in settings.FAIRDESK_EXPORT_HOOKS:
        for name, rows in import_string(path)(export=export).items():
            if name in sections:
                raise ValueError(f"two export hooks write the section {name!r}")
            sections[name] = rows
    return sections


def rows(queryset: QuerySet, *fields: str) -> list[dict[str, Any]]:
    """The rows as plain values, a related field's path as its name ("case__reference" as
    "case_reference"); export.py writes dates and times as ISO text."""
    names = {field: field.replace("__", "_") for field in fields}
    return [{names[key]: value for key, value in row.items()} for row in queryset.values(*fields)]
