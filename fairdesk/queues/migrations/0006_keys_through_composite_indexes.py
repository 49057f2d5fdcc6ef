import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from fairdesk.lib.migrations import index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("queues", "0005_waiting_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        index_dropped(
            "absence",
            "user",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="absences",
                to=settings.AUTH_USER_MODEL,
            ),
            table="queues_absence",
            column="user_id",
            indexes=["queues_absence_user_id_bac70a0a"],
        ),
        index_dropped(
            "expedite",
            "agent",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="expedites",
                to=settings.AUTH_USER_MODEL,
            ),
            table="queues_expedite",
            column="agent_id",
            indexes=["queues_expedite_agent_id_bc48f7f2"],
        ),
    ]
