import django.db.models.deletion
from django.db import migrations, models

from fairdesk.lib.migrations import index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_customeremail_address_upper"),
        ("feedback", "0003_verbose_plurals"),
    ]

    operations = [
        index_dropped(
            "invitation",
            "customer",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.customer",
            ),
            table="feedback_invitation",
            column="customer_id",
            indexes=["feedback_invitation_customer_id_a0dead80"],
        ),
    ]
