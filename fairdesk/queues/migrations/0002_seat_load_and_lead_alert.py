"""Each seat keeps its agent's load (the open cases they own and when each is next due), so
an assignment decision reads one row per agent; filled here from the cases already owned.
And a late prediction remembers when the team lead was mailed about it."""

from django.db import migrations, models
from django.db.models import Q

UNRESOLVED = ["new", "open", "waiting_on_customer", "waiting_on_third_party"]


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Promise = apps.get_model("promises", "Promise")
    Seat = apps.get_model("queues", "Seat")
    owners = dict(
        Case.objects.filter(
            assignee__isnull=False, status__in=UNRESOLVED, merged_into__isnull=True
        ).values_list("pk", "assignee_id")
    )
    owed = Q(state="pending") | Q(state="broken", caught_up_at__isnull=True)
    dues: dict[int, float] = {}
    ids = list(owners)
    for start in range(0, len(ids), 500):
        promises = Promise.objects.filter(
            owed, case_id__in=ids[start : start + 500], due_at__isnull=False
        ).values_list("case_id", "due_at")
        for case_id, due in promises:
            epoch = due.timestamp()
            dues[case_id] = min(dues.get(case_id, epoch), epoch)
    owned: dict[int, dict] = {}
    for case_id, agent_id in owners.items():
        owned.setdefault(agent_id, {})[str(case_id)] = dues.get(case_id)
    for agent_id, cases in owned.items():
        dated = sorted(due for due in cases.values() if due is not None)
        Seat.objects.update_or_create(
            user_id=agent_id, defaults={"owned": cases, "open_cases": len(cases), "dues": dated}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("queues", "0001_initial"),
        ("promises", "0010_waiting_on_customer"),
    ]

    operations = [
        migrations.AddField(
            model_name="seat",
            name="owned",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="seat",
            name="open_cases",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="seat",
            name="dues",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddField(
            model_name="prediction",
            name="lead_alerted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
