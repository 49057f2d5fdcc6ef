"""Find and blank a person's identifiers inside stored values (pure: no Django).

Used on the rows an erasure keeps (audit data, timeline facts, process records): a string
that mentions the person, anywhere inside a JSON value, is replaced as a whole, since a
sentence that names someone usually says more about them than the name.
"""

from collections.abc import Iterable

ERASED = "[erased]"


def needles_of(*, name: str, emails: Iterable[str], phone: str) -> tuple[str, ...]:
    """What identifies a customer in text, lower-cased; too-short fragments are left out
    (an empty phone must not match every string)."""
    found = [name, phone, *emails]
    return tuple(sorted({item.strip().lower() for item in found if len(item.strip()) >= 3}))


def mentions(text: str, needles: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(needle in lowered for needle in needles)


def scrub(value: object, needles: tuple[str, ...]) -> object:
    """`value` with every string mentioning a needle replaced by ERASED, at any depth."""
    if isinstance(value, str):
        return ERASED if mentions(value, needles) else value
    if isinstance(value, bytes):
        return b"" if mentions(value.decode("utf-8", "replace"), needles) else value
    if isinstance(value, dict):
        return {key: scrub(item, needles) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item, needles) for item in value]
    return value
