import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from fairdesk.lib.migrations import index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        index_dropped(
            "notification",
            "recipient",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to=settings.AUTH_USER_MODEL,
            ),
            table="notifications_notification",
            column="recipient_id",
            indexes=["notifications_notification_recipient_id_d055f3f0"],
        ),
    ]
