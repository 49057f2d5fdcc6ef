"""A desk without any calendar or policy gets one of each, so every new case gets a dated
promise: opening hours Mon–Fri 08–18 in FAIRDESK_TIME_ZONE with the public holidays of
FAIRDESK_COUNTRY / FAIRDESK_SUBDIVISION as set when `migrate` runs. Both are ordinary rows
afterwards: edit them, the migration never runs again."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations

HOURS = {"mon-fri": ["08:00-18:00"]}


def calendar_name() -> str:
    region = "-".join(p for p in (settings.FAIRDESK_COUNTRY, settings.FAIRDESK_SUBDIVISION) if p)
    return f"Mo–Fr 08–18 {region}".strip()


def add_defaults(apps, schema_editor):
    if not settings.FAIRDESK_DEFAULTS:
        return
    db = schema_editor.connection.alias
    Calendar = apps.get_model("promises", "Calendar")
    Policy = apps.get_model("promises", "Policy")
    calendar = Calendar.objects.using(db).order_by("id").first()
    if calendar is None:
        calendar = Calendar.objects.using(db).create(
            name=calendar_name(),
            hours=HOURS,
            tz=settings.TIME_ZONE,
            country=settings.FAIRDESK_COUNTRY,
            subdivision=settings.FAIRDESK_SUBDIVISION,
        )
    if not Policy.objects.using(db).exists():
        Policy.objects.using(db).create(
            name="Standard",  # the name the presets use, so loading them reuses this row
            calendar=calendar,
            first_response=timedelta(hours=8),
            next_response=timedelta(hours=8),
            resolution=timedelta(hours=50),  # five working days of ten hours
            is_default=True,
            next_day_status=True,
        )


class Migration(migrations.Migration):
    dependencies = [("promises", "0004_verbose_plurals")]

    # Going back leaves the rows: promises may already refer to them.
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
