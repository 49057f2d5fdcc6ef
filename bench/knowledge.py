"""Benchmark of the portal's article suggestions: what a customer waits for while typing.

Run from the repository root: python bench/knowledge.py [--articles N] [--runs R]
[--data DIR]; with DATABASE_URL set it runs on PostgreSQL (an empty database it may fill).
Data (made once per data folder, then reused): N published articles (default 1,000), a fifth
of them internal, each written and published through knowledge.services (so indexed as in
production), with German and English titles of 3-6 words and texts of 80-200 words from a
400-word vocabulary. Measured, after one warm-up, over R runs each (default 200):
- `suggestions`: knowledge.selectors.suggestions for a request as typed so far (subject and
  the first words of the message, 3-20 words, public articles only);
- `GET /portal/help/suggest/`: the whole htmx request the portal page sends (Django test
  client: middleware, the search, the partial rendered);
- `search`: the portal's help search (every word must match), 1-2 words.
Figures are median and p95 in milliseconds; the load average is printed beside each, since
the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import sentence, vocabulary_of  # noqa: E402

STEMS = [
    "router",
    "anschluss",
    "leitung",
    "störung",
    "rechnung",
    "vertrag",
    "kündigung",
    "modem",
    "glasfaser",
    "techniker",
    "termin",
    "gutschrift",
    "mahnung",
    "tarif",
    "umzug",
    "kabel",
    "signal",
    "verbindung",
    "ausfall",
    "lieferung",
    "paket",
    "rücksendung",
    "reklamation",
    "ersatz",
    "gerät",
    "bestellung",
    "zahlung",
    "lastschrift",
    "konto",
    "passwort",
    "invoice",
    "refund",
    "delivery",
    "parcel",
    "outage",
    "connection",
    "contract",
    "cancel",
    "technician",
    "appointment",
    "payment",
    "account",
    "password",
    "replacement",
    "device",
    "order",
    "complaint",
    "credit",
    "speed",
    "upload",
    "wlan",
]
FILLER = [
    "der",
    "die",
    "das",
    "und",
    "ist",
    "nicht",
    "mit",
    "für",
    "auf",
    "bitte",
    "seit",
    "heute",
    "gestern",
    "wieder",
    "mein",
    "meine",
    "ich",
    "the",
    "and",
    "is",
    "not",
    "with",
    "for",
    "on",
    "please",
    "since",
    "today",
    "again",
    "my",
    "i",
    "we",
    "you",
    "can",
    "how",
]


def load(count: int, rng: random.Random, vocabulary: list[str]) -> None:
    from fairdesk.accounts import services as accounts
    from fairdesk.accounts.models import Team
    from fairdesk.knowledge import services

    team, _ = Team.objects.get_or_create(name="Knowledge bench")
    lead = accounts.create_agent(
        username="lead", password="lead-pass-123", name="Lead", email="lead@example.org",
        teams=(team,),
    )  # fmt: skip
    team.lead = lead
    team.save()
    for number in range(count):
        draft = services.save_draft(
            agent=lead,
            title_de=sentence(rng, vocabulary, 3, 6, FILLER),
            body_de=sentence(rng, vocabulary, 80, 200, FILLER),
            title_en=sentence(rng, vocabulary, 3, 6, FILLER),
            body_en=sentence(rng, vocabulary, 80, 200, FILLER),
            visibility="internal" if number % 5 == 0 else "public",
        )
        services.publish(agent=lead, article=draft.article)
        if number % 100 == 99:
            print(f"  published {number + 1:,} articles", end="\r", flush=True)
    print()


def measure(label: str, run, inputs: list[str]) -> None:
    run(inputs[0])  # warm-up
    times, found = [], 0
    for text in inputs:
        started = time.perf_counter()
        found += run(text)
        times.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    load_1, load_5, _ = os.getloadavg()
    print(f"{label:<32} {found / len(inputs):5.1f} found  median {statistics.median(times):7.2f} ms"
          f"  p95 {p95:7.2f} ms  (load {load_1:.2f} / {load_5:.2f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--data", default=None, help="data folder to keep (default: temporary)")
    args = parser.parse_args()
    os.environ["FAIRDESK_DATA"] = args.data or tempfile.mkdtemp(prefix="fairdesk-bench-kb-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from fairdesk.knowledge import selectors
    from fairdesk.knowledge.models import Article

    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    vocabulary = vocabulary_of(rng, STEMS)
    if not Article.objects.exists():
        print(f"publishing {args.articles:,} articles")
        started = time.perf_counter()
        load(args.articles, rng, vocabulary)
        print(f"  in {time.perf_counter() - started:.0f} s")
    print(f"{connection.vendor}: {Article.objects.count():,} articles; {args.runs} runs each")
    typed = [sentence(rng, vocabulary, 3, 20, FILLER) for _ in range(args.runs)]
    words = [sentence(rng, vocabulary[:200], 1, 2, FILLER) for _ in range(args.runs)]
    client = Client(HTTP_ACCEPT_LANGUAGE="de", HTTP_HOST="localhost")

    def suggest(text: str) -> int:
        return len(selectors.suggestions(text, public_only=True, language="de"))

    def page(text: str) -> int:
        subject, _, body = text.partition(" ")
        response = client.get("/portal/help/suggest/", {"subject": subject, "body": body})
        assert response.status_code == 200
        return response.content.count(b"<li>")

    def search(text: str) -> int:
        return len(selectors.search_published(text, public_only=True, language="de"))

    measure("suggestions (selector)", suggest, typed)
    measure("GET /portal/help/suggest/", page, typed)
    measure("help search, 1-2 words", search, words)


if __name__ == "__main__":
    main()
