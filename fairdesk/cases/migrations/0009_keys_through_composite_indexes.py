import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from fairdesk.lib.migrations import index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_customeremail_address_upper"),
        ("cases", "0008_list_order_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        index_dropped(
            "case",
            "assignee",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assigned_cases",
                to=settings.AUTH_USER_MODEL,
            ),
            table="cases_case",
            column="assignee_id",
            indexes=["cases_case_assignee_id_28343c2e"],
        ),
        index_dropped(
            "case",
            "customer",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="accounts.customer",
            ),
            table="cases_case",
            column="customer_id",
            indexes=["cases_case_customer_id_3e0cf925"],
        ),
        index_dropped(
            "case",
            "team",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="accounts.team",
            ),
            table="cases_case",
            column="team_id",
            indexes=["cases_case_team_id_60679476"],
        ),
        index_dropped(
            "entry",
            "case",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="entries",
                to="cases.case",
            ),
            table="cases_entry",
            column="case_id",
            indexes=["cases_entry_case_id_b12f1eb1"],
        ),
        index_dropped(
            "mention",
            "agent",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="mentions",
                to=settings.AUTH_USER_MODEL,
            ),
            table="cases_mention",
            column="agent_id",
            indexes=["cases_mention_agent_id_406f21f9"],
        ),
    ]
