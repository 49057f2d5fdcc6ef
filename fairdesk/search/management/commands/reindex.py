"""`fairdesk manage reindex`: build the search index again from the cases."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fairdesk.search import index


class Command(BaseCommand):
    help = "Index every case again for search (after a bulk load or a restore)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=index.BATCH_SIZE, help="cases per transaction"
        )

    def handle(self, *args, batch_size: int, **options) -> None:
        started = time.monotonic()
        count = index.reindex_all(batch_size=max(1, batch_size))
        seconds = time.monotonic() - started
        self.stdout.write(
            _("Indexed %(count)s cases in %(seconds).1f s.") % {"count": count, "seconds": seconds}
        )
