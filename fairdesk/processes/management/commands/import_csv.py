"""fairdesk manage import_csv contracts|orders|scans FILE: feed fairdesk from CSV files."""

import sys

from django.core.management.base import BaseCommand, CommandError

from fairdesk.processes.csvimport import IMPORTERS


class Command(BaseCommand):
    help = "Import contracts, orders or carrier scans from a CSV file (UTF-8, with a header)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("file", help="the CSV file, or - for standard input")

    def handle(self, *args, kind: str, file: str, **options) -> None:
        if file == "-":
            report = IMPORTERS[kind](sys.stdin)
        else:
            try:
                with open(file, encoding="utf-8-sig", newline="") as handle:
                    report = IMPORTERS[kind](handle)
            except OSError as error:
                raise CommandError(f"{file}: {error.strerror}") from None
        for message in report.errors:
            self.stderr.write(message)
        self.stdout.write(f"{report.saved} saved, {len(report.errors)} refused")
        if report.errors:
            raise CommandError(f"{len(report.errors)} rows refused", returncode=2)
