"""A desk without any team gets one, so the first case has somewhere to go (editable later)."""

from django.conf import settings
from django.db import migrations

DEFAULT_TEAM = "Support"


def add_default_team(apps, schema_editor):
    if not settings.FAIRDESK_DEFAULTS:
        return
    Team = apps.get_model("accounts", "Team")
    if not Team.objects.using(schema_editor.connection.alias).exists():
        Team.objects.using(schema_editor.connection.alias).create(name=DEFAULT_TEAM)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_agent_admin_account_events_plurals")]

    # Going back leaves the team: by then it may hold cases and agents.
    operations = [migrations.RunPython(add_default_team, migrations.RunPython.noop)]
