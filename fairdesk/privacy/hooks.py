"""The erasure hooks: what other apps and channels erase of a customer.

A domain app may not import a channel, so the channels (and the apps that keep personal
data of their own) register a function in `settings.FAIRDESK_ERASURE_HOOKS`; erasure calls
each in order, inside its transaction. A hook takes keyword arguments only and returns how
many rows (or files) it erased, by name, for the erasure's record.
"""

from dataclasses import dataclass

from django.conf import settings
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
