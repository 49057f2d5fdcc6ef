"""Fill the per-case figures the reports read, for cases written before the reaction kept
them (or around the services, like the bulk generator), then count the backlog's day counts
and the reports' value counts afresh. Safe to rerun: it recomputes, so it also repairs."""

import time

from django.core.management.base import BaseCommand

from fairdesk.insights.services import (
    BACKFILL_BATCH,
    backfill_case_figures,
    rebuild_day_counts,
    rebuild_value_counts,
)


class Command(BaseCommand):
    help = "Compute the per-case report figures of every case (one transaction per batch)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=BACKFILL_BATCH)

    def handle(self, *args, batch: int, **options) -> None:
        began, total, after = time.perf_counter(), 0, 0
        while True:
            stored, after = backfill_case_figures(after=after, limit=max(1, batch))
            if not after:
                break
            total += stored
            if options["verbosity"] > 1:
                rate = total / max(time.perf_counter() - began, 1e-9)
                self.stdout.write(f"{total} cases ({rate:.0f} a second)")
        filled = time.perf_counter() - began
        days = rebuild_day_counts()
        counted = time.perf_counter() - began
        values = rebuild_value_counts()
        seconds = time.perf_counter() - began
        self.stdout.write(
            f"figures of {total} cases stored in {filled:.0f} s; "
            f"{days} day counts in {counted - filled:.0f} s; "
            f"{values} value counts in {seconds - counted:.0f} s"
        )
