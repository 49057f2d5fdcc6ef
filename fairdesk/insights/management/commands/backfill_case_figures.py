"""Fill the per-case figures the reports read, for cases written before the reaction kept
them (or around the services, like the bulk generator). Safe to rerun: it recomputes."""

import time

from django.core.management.base import BaseCommand

from fairdesk.insights.services import BACKFILL_BATCH, backfill_case_figures


class Command(BaseCommand):
    help = "Compute the per-case report figures of every case (one transaction per batch)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=BACKFILL_BATCH)

    def handle(self, *args, batch: int, **options) -> None:
        began, total, after = time.perf_counter(), 0, 0
        while True:
            stored, after = backfill_case_figures(after=after, limit=batch)
            if not stored:
                break
            total += stored
            if options["verbosity"] > 1:
                self.stdout.write(f"{total} cases")
        seconds = time.perf_counter() - began
        self.stdout.write(f"figures of {total} cases stored in {seconds:.0f} s")
