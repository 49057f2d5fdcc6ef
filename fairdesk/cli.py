"""The `fairdesk` command: demo, serve, and Django's own commands under `manage`."""

import argparse
import os
import sys

# Commands that live as Django management commands in the apps, by their CLI name.
APP_COMMANDS: dict[str, str] = {}
APP_COMMANDS["worker"] = "worker"
APP_COMMANDS["mail-ingest"] = "mail_ingest"
APP_COMMANDS["mail-lmtp"] = "mail_lmtp"
APP_COMMANDS["mail-poll"] = "mail_poll"
APP_COMMANDS["simulate"] = "simulate"
# Exit codes for a configuration error; an MTA keeps the mail on 75 (EX_TEMPFAIL) and retries.
CONFIG_ERROR_EXIT: dict[str, int] = {"mail-ingest": 75}


def _setup(*, demo: bool = False, config_error_exit: int = 1) -> None:
    """Load settings; a wrong one ends the program (`config_error_exit`) with one line naming it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairdesk.settings")
    if demo:
        os.environ.setdefault("FAIRDESK_DEMO", "1")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        print(f"fairdesk: configuration error: {error}", file=sys.stderr)
        sys.exit(config_error_exit)


def _pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [f"{m.app_label}.{m.name}" for m, _ in executor.migration_plan(targets)]


def _migrate_or_refuse(*, migrate: bool) -> None:
    from django.core.management import call_command
    from django.db.utils import OperationalError

    try:
        pending = _pending_migrations()
    except OperationalError as error:
        sys.exit(f"fairdesk: cannot reach the database: {error}")
    if pending and not migrate:
        sys.exit(
            f"fairdesk: {len(pending)} database migrations are pending ({pending[0]} …); "
            "run `fairdesk manage migrate` or start without --no-migrate"
        )
    if pending:
        call_command("migrate", interactive=False, verbosity=0)


def _refresh_statistics() -> None:
    """Give SQLite's planner fresh table statistics (about 0.5 s per 100,000 cases).

    Without them it reads "merged_into IS NULL" through its index, though nearly every case
    matches, and sorts all cases for the first page of the unfiltered list. A sampled
    ANALYZE (analysis_limit) is faster but misjudges exactly that index, so it is a full one.
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        connection.close()  # gunicorn forks: no worker may inherit this connection


def _shared_metrics_folder() -> None:
    """Before prometheus_client is imported: gunicorn's workers write their request counts to
    one fresh folder, so a scrape of any worker adds up all of them (fairdesk.ops.metrics)."""
    import atexit
    import shutil
    import tempfile

    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        folder = tempfile.mkdtemp(prefix="fairdesk-metrics-")
        owner = os.getpid()

        def remove() -> None:
            # gunicorn's workers are forks that end with sys.exit: only the server removes it.
            if os.getpid() == owner:
                shutil.rmtree(folder, ignore_errors=True)

        atexit.register(remove)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder


def _forget_worker_metrics(server, worker) -> None:
    """gunicorn's child_exit hook: a dead worker's live gauges leave the sums."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def _serve(host: str, port: int, workers: int, application=None) -> None:
    """gunicorn with fairdesk's settings, serving fairdesk (or `application`: the speed
    floor bench/api_ingest.py measures under the very same settings)."""
    from gunicorn.app.base import BaseApplication

    if application is None:
        from fairdesk.wsgi import application

    _quiet_collector()

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)
            # gunicorn's largest request line: a long pasted search reaches the app, which
            # shortens it and says so, instead of gunicorn's bare 414 page.
            self.cfg.set("limit_request_line", 8190)
            self.cfg.set("child_exit", _forget_worker_metrics)
            # gunicorn's control socket ($HOME/.gunicorn/gunicorn.ctl): unused here, and one
            # path for every server of the user, so a second server took the first's.
            self.cfg.set("control_socket_disable", True)

        def load(self):
            return application

    Server().run()


def _quiet_collector() -> None:
    """Keep Python's garbage collector off the request path where it costs most: what the
    server loaded before forking its workers is frozen (the collector no longer walks it, and
    the workers keep sharing its pages), and no worker collects while it holds SQLite's write
    lock (fairdesk.lib.sqlite.base)."""
    import gc

    from fairdesk.lib.sqlite import base

    base.COLLECT_WHILE_WRITING = False
    gc.collect()
    gc.freeze()


def cmd_serve(args: argparse.Namespace) -> None:
    _shared_metrics_folder()
    _setup()
    _migrate_or_refuse(migrate=not args.no_migrate)
    _refresh_statistics()
    _serve(args.host, args.port, args.workers)


def cmd_demo(args: argparse.Namespace) -> None:
    # Links in the demo's mail (sign-in links, the portal) must reach this server.
    link_host = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host  # noqa: S104
    os.environ.setdefault("FAIRDESK_BASE_URL", f"http://{link_host}:{args.port}")
    # The demo brings its own teams, calendars and policies (demo.staff, promises.presets).
    os.environ.setdefault("FAIRDESK_DEFAULTS", "false")
    _shared_metrics_folder()
    _setup(demo=True)
    _print_demo_logins(args)
    _migrate_or_refuse(migrate=True)
    from fairdesk.demo import load_demo

    load_demo(cases=args.cases)
    print("  The demo is ready.", flush=True)
    worker = _start_worker()
    try:
        _serve(args.host, args.port, args.workers)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def _print_demo_logins(args: argparse.Namespace) -> None:
    """The desk's address and the logins, before the (slow) loading, so they come first."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from fairdesk.demo.staff import logins

    base = settings.FAIRDESK_BASE_URL
    print(f"\nfairdesk demo at {base}/desk/ (the portal: {base}/portal/)")
    for role, username, password in logins():
        print(f"  {role:<10} {username:<28} password: {password}")
    print(_("  These passwords are for the demo only: never keep real data behind them."))
    print(_("  Mail the demo sends is not sent: read it in the desk under Demo mailbox."))
    print(_("  An API token for an agent: fairdesk manage create_token USERNAME"))
    print(_("  Loading the demo data …"), flush=True)  # before any log line, also into a pipe


def _start_worker():
    """`fairdesk worker` beside the server: it sends the mail and runs the promise watch."""
    import subprocess

    # Same process group: Ctrl-C stops it with the server; the server's exit stops it too.
    return subprocess.Popen([sys.executable, "-m", "fairdesk.cli", "worker"])


def cmd_manage(args: argparse.Namespace, *, config_error_exit: int = 1) -> None:
    _setup(config_error_exit=config_error_exit)
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    from fairdesk.lib.errors import first_line

    try:
        execute_from_command_line(["fairdesk manage", *args.rest])
    except OperationalError as error:  # not reachable, or not migrated (SQLite: no such table)
        reason = first_line(error)
        sys.exit(
            f"fairdesk: the database cannot be used: {reason} "
            "(is it running, and migrated with `fairdesk manage migrate`?)"
        )


def _throwaway_database() -> None:
    """`fairdesk simulate` never touches real data: a new data folder and SQLite database,
    removed when the process ends."""
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="fairdesk-simulate-")  # TMPDIR may point at memory
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["FAIRDESK_DATA"] = folder
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/simulation.sqlite3"
    os.environ["FAIRDESK_SIMULATION"] = "1"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="fairdesk", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the desk with gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 8))
    serve.add_argument(
        "--no-migrate", action="store_true", help="refuse to start when migrations are pending"
    )
    serve.set_defaults(run=cmd_serve)

    demo = sub.add_parser("demo", help="load demo data and serve it (SQLite, debug on)")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--workers", type=int, default=3)
    demo.add_argument("--cases", type=int, default=300)
    demo.set_defaults(run=cmd_demo)

    manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(run=cmd_manage)

    for name, command in APP_COMMANDS.items():
        app = sub.add_parser(name, help=f"see `fairdesk {name} --help`", add_help=False)
        app.add_argument("rest", nargs=argparse.REMAINDER)
        app.set_defaults(
            run=lambda a, command=command: cmd_manage(argparse.Namespace(rest=[command, *a.rest]))
        )

    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "simulate":
        _throwaway_database()
    # argparse's REMAINDER loses leading options ("worker --once", "manage --help"): pass
    # app commands and Django's own on whole.
    if argv and argv[0] == "manage":
        cmd_manage(argparse.Namespace(rest=argv[1:]))
        return
    if argv and argv[0] in APP_COMMANDS:
        cmd_manage(
            argparse.Namespace(rest=[APP_COMMANDS[argv[0]], *argv[1:]]),
            config_error_exit=CONFIG_ERROR_EXIT.get(argv[0], 1),
        )
        return
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
