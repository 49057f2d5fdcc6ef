"""Old timeline rows: the migration completes their facts from the promise, so they too are
said in each reader's language; what cannot be completed keeps its stored text."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils import translation

from fairdesk.cases import services as cases
from fairdesk.cases.models import Entry
from fairdesk.lib import clock
from fairdesk.promises import services
from fairdesk.promises.models import Kind
from fairdesk.texts import entry_text

migration = importlib.import_module("fairdesk.promises.migrations.0007_timeline_facts")


def test_old_promise_rows_get_their_facts_and_are_said_in_each_language(kurt, ada):
    case = cases.open_case(customer=kurt, subject="Leitung", body="…", channel="phone").case
    promise = services.make_promise(
        case=case,
        agent=ada,
        kind=Kind.CUSTOM,
        description="Wir messen die Leitung",
        due_at=clock.now() + timedelta(days=1),
    )
    made = Entry.objects.get(data__promise=promise.pk, data__event="made")
    # The shape rows had before: no description, the sentence stored in one language.
    old = {key: made.data[key] for key in ("promise", "kind", "event", "due_at")}
    Entry.objects.filter(pk=made.pk).update(data=old, body="Promise: Wir messen die Leitung by x.")
    made.refresh_from_db()
    assert entry_text(made) == ""  # not enough facts: the desk shows the stored text

    migration.complete_facts(apps, None)
    made.refresh_from_db()
    with translation.override("de"):
        assert entry_text(made).startswith("Zusage: Wir messen die Leitung bis ")
    with translation.override("en"):
        assert entry_text(made).startswith("Promise: Wir messen die Leitung by ")
    assert made.body == "Promise: Wir messen die Leitung by x."  # kept as it was
