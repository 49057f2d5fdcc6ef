# JobRun, moved here from promises: the table promises_jobrun and its rows stay as they are,
# only Django's record of which app owns the model changes.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("promises", "0001_initial"),  # created the table
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="JobRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("job", models.CharField(max_length=100)),
                        ("slot", models.BigIntegerField()),
                        ("worker", models.CharField(blank=True, max_length=64)),
                        ("started_at", models.DateTimeField()),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("error", models.TextField(blank=True)),
                    ],
                    options={
                        "db_table": "promises_jobrun",
                        "indexes": [
                            models.Index(fields=["job", "-slot"], name="promises_jo_job_6fd598_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("job", "slot"), name="one_run_per_slot"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
