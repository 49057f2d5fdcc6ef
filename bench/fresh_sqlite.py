"""Django for a bench script on a SQLite data folder of its own, migrated, without the
default team and calendar: whatever DATABASE_URL the shell holds is left alone."""

import os


def setup(data: str) -> None:
    os.environ["FAIRDESK_DATA"] = data
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    os.environ["FAIRDESK_DEFAULTS"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
