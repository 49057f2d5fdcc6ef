"""Blank a person's identifiers in the text, JSON and binary fields of stored rows.

The one helper every erasure hook uses, so apps and channels erase the same way: fields
named in `blank` are emptied outright; every other text-like field keeps its value unless it
mentions the person (see scrub.py).
"""

from django.db import models

from fairdesk.privacy.scrub import ERASED, scrub

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


def scrub_rows(
    queryset: models.QuerySet,
    needles: tuple[str, ...],
    *,
    blank: tuple[str, ...] = (),
    only: tuple[str, ...] = (),
) -> int:
    """Rewrite the rows of `queryset` that change (in the fields `only` names, if any); the
    number rewritten."""
    fields = [
        field
        for field in queryset.model._meta.concrete_fields
        if isinstance(field, TEXT_FIELDS)
        and not field.primary_key
        and (not only or field.name in only)
    ]
    changed = 0
    for row in queryset.only("pk", *(field.attname for field in fields)).iterator():
        updates = {}
        for field in fields:
            old = getattr(row, field.attname)
            if isinstance(old, memoryview):
                old = bytes(old)
            new = _blank(field) if field.name in blank and old else scrub(old, needles)
            if new != old:
                updates[field.attname] = _fit(field, new, row.pk)
        if updates:
            queryset.model._default_manager.filter(pk=row.pk).update(**updates)
            changed += 1
    return changed


def _blank(field: models.Field) -> object:
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BinaryField):
        return b""
    return "" if not field.unique else ERASED


def _fit(field: models.Field, value: object, pk: object) -> object:
    """A unique column cannot hold the same marker twice: the row's key keeps it apart."""
    if value == ERASED and field.unique:
        value = f"{ERASED}{pk}"
    if value == ERASED and field.null and not isinstance(field, models.JSONField):
        return None if field.unique else value
    return value
