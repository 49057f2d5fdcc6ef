"""Fill Case.next_due_at (cases/0007) from the promises already made: the earliest owed
(pending, or broken and not made up for) dated promise of each case. From here on the
promises services keep it."""

from django.db import migrations
from django.db.models import Min, OuterRef, Q, Subquery


def fill(apps, schema_editor) -> None:
    Case = apps.get_model("cases", "Case")
    Promise = apps.get_model("promises", "Promise")
    owed = Q(state="pending") | Q(state="broken", caught_up_at__isnull=True)
    dated = Promise.objects.filter(owed, due_at__isnull=False)
    earliest = (
        dated.filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(earliest=Min("due_at"))
        .values("earliest")
    )
    Case.objects.filter(pk__in=dated.values("case_id")).update(next_due_at=Subquery(earliest))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_next_due"),
        ("promises", "0011_view_counts"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
