"""Timeline entries of promises and credits written before they kept all their facts get them
now (what was promised, and when it was due), so they too are said in each reader's language.
Their stored text stays as it was."""

from django.db import migrations


def _facts(promise) -> dict:
    facts = {"kind": promise.kind, "due_at": promise.due_at.isoformat() if promise.due_at else None}
    if promise.rule:
        facts["rule"] = promise.rule
    elif promise.description:
        facts["description"] = promise.description
    return facts


def complete_facts(apps, schema_editor):
    Entry = apps.get_model("cases", "Entry")
    Promise = apps.get_model("promises", "Promise")
    entries = Entry.objects.filter(kind__in=["promise", "system"]).only("id", "data")
    changed = []
    for entry in entries.iterator(chunk_size=2000):
        data = entry.data if isinstance(entry.data, dict) else {}
        if "promise" not in data or ("description" in data or "rule" in data):
            continue
        promise = Promise.objects.filter(pk=data["promise"]).first()
        if promise is None:
            continue
        facts = _facts(promise)
        if data.get("event") not in ("warned", "escalated") and "credit" not in data:
            facts.pop("due_at")  # the entry's own due time is the one to show
        entry.data = facts | data
        changed.append(entry)
    Entry.objects.bulk_update(changed, ["data"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_verbose_plurals"),
        ("promises", "0006_promise_caught_up"),
    ]

    operations = [migrations.RunPython(complete_facts, migrations.RunPython.noop)]
