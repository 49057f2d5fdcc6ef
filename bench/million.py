"""p50/p95 of the agent's and the customer's reads on a database that already holds the cases
(PostgreSQL with the generator's million, or any DATABASE_URL): queue, my work, API list,
search with a rare word, a word in about a tenth of the cases, two words, a customer's search.

    DATABASE_URL=postgres://…/copy_of_fairdesk_1m .venv/bin/python bench/million.py \
        [--requests 30] [--sample 5000]

The data, once (from the shared generated million; `createdb -T` refuses while anyone is
connected to the template: retry), then the bench (about 2 minutes):

    PG=/usr/lib/postgresql/15/bin; export FAIRDESK_DATA=/tmp/fairdesk-bench-million
    $PG/createdb -h 127.0.0.1 -p 25432 -U postgres -T fairdesk_1m bench_1m
    export DATABASE_URL=postgres://postgres@127.0.0.1:25432/bench_1m
    .venv/bin/fairdesk manage migrate          # fills Case.next_due_at (about 2 min)
    .venv/bin/fairdesk manage reindex --batch-size 5000   # the search index (~25 min loaded)
    .venv/bin/python bench/million.py
    .venv/bin/python bench/million.py --explain   # where each slow search's time goes
    $PG/dropdb -h 127.0.0.1 -p 25432 -U postgres bench_1m   # when done

Runs in-process through Django's test client (no server: the figures are the view and its
queries). It writes only an agent's and a customer's API token (and their sign-in session)
into the database (and, when it has no agent, one who owns 200 open cases), so point it
at a copy, never at the shared one. The words are chosen from
the index itself: over a sample of `--sample` rows of search_casetext, the rare word is one
found in a single sampled row, the common words those nearest to a tenth of the rows; each
search also prints its match count (exact, or "more than"). `--explain` runs the rare word,
the word in a tenth, the two words and the desk's search once each, then every query of that
request again under EXPLAIN (ANALYZE, BUFFERS): what each query is for, its time in the
request, its planning and execution time, and its plan's nodes with their rows.

Before and after a change, on the same copy and in the same minute (the machine's speed
moves): run this bench from a second checkout of the older commit with the same virtualenv
(`git archive main | tar -x -C /tmp/main-copy`, then `.venv/bin/python
/tmp/main-copy/bench/million.py`: the bench puts its own checkout first on the path).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to the database holding the cases (a copy)")
    os.environ.setdefault("FAIRDESK_DATA", "/tmp/fairdesk-bench-million")
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    import django

    django.setup()


def people():
    """An agent and one customer with many cases, and their clients."""
    from django.contrib.auth.models import User
    from django.db.models import Count
    from django.test import Client

    from fairdesk.accounts.models import Customer
    from fairdesk.accounts.services import create_token
    from fairdesk.cases.models import Case

    agent = User.objects.filter(agent__isnull=False, is_active=True).order_by("id").first()
    if agent is None:  # the generator's data has none: one of the first team, owning 200
        agent = _bench_agent()
    busiest = (
        Case.objects.filter(customer_id__lte=2000)
        .values("customer_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        raise SystemExit("no cases in this database")
    customer = Customer.objects.get(pk=busiest["customer_id"])
    desk = Client(HTTP_HOST="127.0.0.1")
    desk.force_login(agent)
    agent_api = Client(
        HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {create_token(user=agent)}"
    )
    customer_api = Client(
        HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {create_token(customer=customer)}"
    )
    return agent, customer, desk, agent_api, customer_api


def _bench_agent():
    """An agent of the first team who owns 200 of its open cases (written into the copy)."""
    from fairdesk.accounts.models import Team
    from fairdesk.accounts.services import create_agent
    from fairdesk.cases.models import UNRESOLVED, Case

    team = Team.objects.order_by("id").first()
    agent = create_agent(username="bench", password=None, name="Bench Agent", teams=(team,))
    owned = Case.objects.filter(team=team, status__in=UNRESOLVED).order_by("-id")[:200]
    Case.objects.filter(pk__in=list(owned.values_list("pk", flat=True))).update(assignee=agent)
    return agent


def words(sample: int) -> tuple[str, str, str, int]:
    """A rare word, two common ones (about a tenth of the rows each) and the rows sampled."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT max(case_id) FROM search_casetext")
        top = cursor.fetchone()[0] or 0
        ids = random.Random(7).sample(range(1, top + 1), min(sample, top))
        cursor.execute(
            "SELECT title || ' ' || public FROM search_casetext WHERE case_id = ANY(%s)"
            if connection.vendor == "postgresql"
            else "SELECT title || ' ' || public FROM search_casetext WHERE case_id IN"
            " (SELECT value FROM json_each(%s))",
            [ids] if connection.vendor == "postgresql" else [str(ids)],
        )
        rows = [row[0] for row in cursor.fetchall()]
    counts: Counter[str] = Counter()
    for text in rows:
        counts.update({w for w in text.lower().split() if w.isalnum() and len(w) > 3})
    if not counts:
        raise SystemExit("the search index is empty: run `fairdesk manage reindex` first")
    # The generator's texts come from a few hundred sentences: a rare word is a customer's
    # own (the local part of their address), found in their few cases.
    rare = min((w for w in counts if not w.isdigit()), key=lambda w: (counts[w], w))
    tenth = len(rows) / 10
    plain = [w for w in counts if w.isalpha()]
    common = sorted(plain, key=lambda w: (abs(counts[w] - tenth), w))
    return rare, common[0], common[1], len(rows)


def timed(label: str, client, url: str, requests: int, **params) -> list[float]:
    first = client.get(url, params)  # warm-up, and a wrong answer shows here
    if first.status_code != 200:
        raise SystemExit(f"{label}: {first.status_code} {first.content[:300]!r}")
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, params)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200
    cuts = statistics.quantiles(seconds, n=20)
    extra = ""
    if first.headers.get("Content-Type", "").startswith("application/json"):
        total = first.json().get("total")
        if total:
            extra = f"  matches {'' if total['exact'] else 'more than '}{total['count']:,}"
    print(
        f"{label:<34} p50 {statistics.median(seconds) * 1000:7.1f} ms"
        f"  p95 {cuts[18] * 1000:7.1f} ms{extra}"
    )
    return seconds


# What each query of a search is for, by a piece of its SQL (first match wins).
_PARTS = (
    ("EXPLAIN (FORMAT JSON)", "frequency estimate"),
    ("::jsonb ->>", "the page, in ranked order"),
    ("AS MATERIALIZED", "walk: newest matches, ranked"),
    ("ORDER BY 1 DESC LIMIT 1", "newest case id"),
    ("SELECT COUNT(*)", "reader's cases: few or many"),
    ("accounts_apitoken", "API token"),
    ("django_session", "desk session"),
)


def part_of(sql: str) -> str:
    return next((name for piece, name in _PARTS if piece in sql), "page and the rest")


def explained(label: str, client, url: str, **params) -> None:
    """One request's queries, each run again under EXPLAIN (ANALYZE, BUFFERS): what each
    part of the search costs inside PostgreSQL, and what is left for Python."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm, as the timed requests are
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(url, params)
        wall = (time.perf_counter() - started) * 1000
    print(
        f"{label}: {wall:.1f} ms in all, {len(captured)} queries"
        f" ({sum(float(q['time']) for q in captured) * 1000:.1f} ms by Django's clock)"
    )
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            # Not a read (or the estimate, an EXPLAIN already): its time as Django saw it.
            print(f"  {part_of(sql):<30} {float(query['time']) * 1000:6.1f} ms  {sql[:60]}")
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        top = plan[0]["Plan"]
        print(
            f"  {part_of(sql):<30} in the request {float(query['time']) * 1000:5.0f} ms,"
            f" again: plan {plan[0]['Planning Time']:5.1f} ms"
            f"  run {plan[0]['Execution Time']:6.1f} ms  rows {top['Actual Rows']:>6}"
            f"  buffers hit {top.get('Shared Hit Blocks', 0)} read {top.get('Shared Read Blocks', 0)}"
            f"  {_nodes(top)}"
        )


def _nodes(node: dict, depth: int = 0) -> str:
    """The plan's node types, nested, with the rows each returned."""
    name = node["Node Type"]
    if node.get("Index Name"):
        name += f" {node['Index Name']}"
    inner = ", ".join(_nodes(child, depth + 1) for child in node.get("Plans", []))
    here = f"{name}[{node['Actual Rows']}]"
    return f"{here}({inner})" if inner else here


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--sample", type=int, default=5000)
    parser.add_argument(
        "--explain", action="store_true", help="each slow search's queries under EXPLAIN ANALYZE"
    )
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.urls import reverse

    from fairdesk.cases.models import Case

    cases = Case.objects.count()
    indexed = Case.objects.filter(search_text__isnull=False).count()
    agent, customer, desk, agent_api, customer_api = people()
    rare, common, other, sampled = words(args.sample)
    load_1, load_5, _ = os.getloadavg()
    print(
        f"{connection.vendor}, {cases:,} cases ({indexed:,} indexed); agent {agent.username},"
        f" customer {customer.pk} with {Case.objects.filter(customer=customer).count()} cases;"
        f" load average {load_1:.1f} (1 min) {load_5:.1f} (5 min), {os.cpu_count()} CPUs"
    )
    print(f"words from {sampled:,} sampled rows: rare {rare!r}, common {common!r} and {other!r}")
    if args.explain:
        explained("api: search, rare word", agent_api, "/api/v1/cases", q=rare)
        explained("api: search, word in ~10%", agent_api, "/api/v1/cases", q=common)
        explained("api: search, two words", agent_api, "/api/v1/cases", q=f"{common} {other}")
        explained("desk: search, word in ~10%", desk, reverse("desk:search"), q=common)
        return
    n = args.requests
    timed("desk: team queue", desk, reverse("desk:team_queue"), n)
    timed("desk: my work", desk, reverse("desk:my_work"), n)
    timed("api: list (open)", agent_api, "/api/v1/cases", n, status="open")
    timed("api: list (all)", agent_api, "/api/v1/cases", n)
    timed("api: search, rare word", agent_api, "/api/v1/cases", n, q=rare)
    timed("api: search, word in ~10%", agent_api, "/api/v1/cases", n, q=common)
    timed("api: search, two words", agent_api, "/api/v1/cases", n, q=f"{common} {other}")
    timed("api: customer's search", customer_api, "/api/v1/cases", n, q=common)
    timed("desk: search, word in ~10%", desk, reverse("desk:search"), n, q=common)
    load_1, load_5, _ = os.getloadavg()
    print(f"load average after: {load_1:.1f} (1 min) {load_5:.1f} (5 min)")


if __name__ == "__main__":
    main()
