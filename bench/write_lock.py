"""New cases per second from several processes writing one SQLite database at once, with
writers queued on fairdesk's file lock and without it (SQLite's busy handler alone).

No HTTP: each process calls `open_case_for_address` (a new customer each time, as the API
does) in a loop, so the figure is the write path and its lock alone. The two ways run in
turns (`--rounds`), so a busy machine weighs on both alike; each line carries the load.

    .venv/bin/python bench/write_lock.py [--processes 1 4] [--cases 100] [--rounds 2]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import locktimes  # noqa: E402


def setup(data: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    os.environ["FAIRDESK_DATA"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def prepare(data: Path) -> None:
    setup(data)
    from django.core.management import call_command

    from fairdesk.promises.presets import ensure_presets

    call_command("migrate", verbosity=0)
    ensure_presets()


def writer(data: Path, name: str, cases: int, start_at: float, locks: Path) -> None:
    """One process: wait for the common start, then open `cases` cases."""
    setup(data)
    from fairdesk.cases import services

    locktimes.install(locks)
    body = "Die DSL-Lampe blinkt, der Router wurde neu gestartet. " * 5
    services.open_case_for_address(
        email=f"warm-{name}@bench.example", subject="x", body=body, channel="api"
    )
    time.sleep(max(0.0, start_at - time.time()))
    for number in range(cases):
        services.open_case_for_address(
            email=f"{name}-{number}@bench.example",
            subject="Kein Internet seit heute früh",
            body=body,
            channel="api",
        )
    locktimes.flush()


def race(data: Path, processes: int, cases: int, queue: bool, label: str) -> None:
    env = os.environ | {"FAIRDESK_SQLITE_WRITE_QUEUE": "true" if queue else "false"}
    with tempfile.TemporaryDirectory(prefix="fairdesk-locks-") as locks:
        start_at = time.time() + 4  # after every process has loaded Django
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--writer",
                    str(data),
                    f"{label}p{n}",
                    str(cases),
                    str(start_at),
                    locks,
                ],
                env=env,
            )
            for n in range(processes)
        ]
        for child in children:
            child.wait()
        seconds = time.time() - start_at
        way = "file lock " if queue else "busy sleep"
        print(
            f"{processes} process(es), {way}: {processes * cases / seconds:6.1f} cases/s,"
            f" load {os.getloadavg()[0]:.1f}; {locktimes.summary(Path(locks))}",
            flush=True,
        )


def main() -> None:
    if sys.argv[1:2] == ["--writer"]:
        data, name, cases, start_at, locks = sys.argv[2:7]
        writer(Path(data), name, int(cases), float(start_at), Path(locks))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--cases", type=int, default=100, help="cases per process")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="fairdesk-bench-") as folder:
        prepare(Path(folder))
        from django.db import connections

        connections.close_all()
        for round_number in range(args.rounds):
            for processes in args.processes:
                for queue in (True, False):
                    race(Path(folder), processes, args.cases, queue, f"r{round_number}{queue:d}")


if __name__ == "__main__":
    main()
