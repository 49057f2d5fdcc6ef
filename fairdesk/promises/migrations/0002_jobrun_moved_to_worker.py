# JobRun moved to the worker app (next to fairdesk/jobs.py). Only Django's record of the
# models changes: the table keeps its name and its rows (see worker 0001_initial).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("promises", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="JobRun")],
            database_operations=[],
        ),
    ]
