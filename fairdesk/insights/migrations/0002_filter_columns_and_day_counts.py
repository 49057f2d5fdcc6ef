"""The figures rows carry the case's filter columns (the reports stop joining the case
table), and the backlog reads day counts. Existing rows get the columns from their cases in
one UPDATE and the day counts are counted from them, so the reports stay right at once."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Case as When_, Exists, OuterRef, Subquery, When
from django.db.models.functions import Coalesce


def copy_filter_columns(apps, schema_editor):
    CaseFigures = apps.get_model("insights", "CaseFigures")
    DayCount = apps.get_model("insights", "DayCount")
    Case = apps.get_model("cases", "Case")
    if not CaseFigures.objects.exists():
        return
    case = Case.objects.filter(pk=OuterRef("case_id"))

    def column(name):
        return Subquery(case.values(name)[:1])

    closed_at = When_(When(status="closed", then="updated_at"), default=None)
    CaseFigures.objects.update(
        created_at=column("created_at"),
        team_id=column("team_id"),
        category_id=column("category_id"),
        channel=column("channel"),
        merged=Exists(case.filter(merged_into__isnull=False)),
        finished_at=Subquery(case.annotate(done=Coalesce("resolved_at", closed_at)).values("done")[:1]),
    )
    from fairdesk.insights import daycounts

    daycounts.rebuild(CaseFigures, DayCount)
    if schema_editor.connection.vendor == "postgresql":
        # The foreign keys just written are checked at commit; the ALTER TABLE below needs
        # them checked now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


# On PostgreSQL the reports read a period's rows from this index alone (an index-only scan
# of the period's range instead of heap pages spread over the whole table).
COVER = (
    "CREATE INDEX figures_report_cover ON insights_casefigures (created_at) INCLUDE "
    "(team_id, category_id, channel, merged, first_response_seconds, resolution_seconds, "
    "contacts, handoffs, reopened, finished_at)"
)


def add_cover(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COVER)


def drop_cover(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS figures_report_cover")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_security"),
        ("cases", "0004_presence"),
        ("insights", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="casefigures",
            name="created_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="casefigures",
            name="team",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.team",
            ),
        ),
        migrations.AddField(
            model_name="casefigures",
            name="category",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.category",
            ),
        ),
        migrations.AddField(
            model_name="casefigures",
            name="channel",
            field=models.CharField(
                default="",
                choices=[
                    ("email", "email"),
                    ("web", "web form"),
                    ("portal", "portal"),
                    ("api", "API"),
                    ("phone", "phone"),
                    ("letter", "letter"),
                    ("walk_in", "walk-in"),
                ],
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="casefigures",
            name="merged",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="casefigures",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="DayCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("category_key", models.PositiveIntegerField(default=0)),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("email", "email"),
                            ("web", "web form"),
                            ("portal", "portal"),
                            ("api", "API"),
                            ("phone", "phone"),
                            ("letter", "letter"),
                            ("walk_in", "walk-in"),
                        ],
                        max_length=10,
                    ),
                ),
                ("opened", models.IntegerField(default=0)),
                ("finished", models.IntegerField(default=0)),
                ("done", models.IntegerField(default=0)),
                ("back", models.IntegerField(default=0)),
                (
                    "team",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.team",
                    ),
                ),
            ],
            options={
                "verbose_name": "cases per day",
                "verbose_name_plural": "cases per day",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("day", "team", "category_key", "channel"), name="day_count_once"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_filter_columns, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="casefigures",
            name="created_at",
            field=models.DateTimeField(),
        ),
        migrations.AlterField(
            model_name="casefigures",
            name="team",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.team"
            ),
        ),
        migrations.AddIndex(
            model_name="casefigures",
            index=models.Index(fields=["created_at", "team"], name="figures_created_team"),
        ),
        migrations.RunPython(add_cover, drop_cover),
    ]
