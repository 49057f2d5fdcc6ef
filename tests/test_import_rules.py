"""The layers of docs/architecture.md, checked over every module's imports.

interfaces (desk, portal, api, demo) → intake channels (channels/*) → domain → lib. A domain app
never imports an interface or a channel (a channel joins through FAIRDESK_CASE_REACTIONS, a
dotted path, not an import), `cases` never imports `promises`, a channel never imports an
interface, and `lib` imports nothing of fairdesk's but itself. Imports inside functions count
too: they hide a dependency, they do not remove it.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

FAIRDESK = Path(__file__).resolve().parent.parent / "fairdesk"

# `texts` says fairdesk's own timeline events in the reader's language for the interfaces.
# `ops` answers an operator's tools (/health, /metrics).
INTERFACES = {"desk", "portal", "api", "demo", "texts", "ops"}
DOMAIN = {
    "accounts",
    "cases",
    "promises",
    "search",
    "processes",
    "feedback",
    "replies",
    "knowledge",
    "insights",
    "privacy",
    "queues",
    "notifications",
}
# What ties the layers together: settings, URLs, the command line, the worker and its jobs.
WIRING = {"settings", "urls", "wsgi", "asgi", "cli", "jobs", "worker", "__init__", "__main__"}
FOLDERS_WITHOUT_CODE = {"locale", "static", "templates"}


def layer_of(module: str) -> str:
    """`fairdesk.cases.models` → "cases"; `fairdesk.channels.email.parse` → "channels"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def broken_rule(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported` (both dotted module names), or None."""
    source, target = layer_of(importer), layer_of(imported)
    if source == target or not imported.startswith("fairdesk."):
        return None
    if source == "lib":
        return "lib imports nothing of fairdesk but lib"
    if source in DOMAIN and target in INTERFACES:
        return (
            f"a domain app ({source}) never imports an interface ({target}); its pages "
            "belong in the interface (desk/views, portal/views, api)"
        )
    if source in DOMAIN and target == "channels":
        return (
            f"a domain app ({source}) never imports a channel; add a case reaction, or reach "
            "the customer with cases.services.tell_customer (Event.NOTICE)"
        )
    if source == "cases" and target == "promises":
        return "cases never imports promises (the clocks react to case events)"
    if source == "channels" and target in INTERFACES:
        return f"a channel never imports an interface ({target})"
    return None


def imports_of(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, imported module) for every import in `source`, at any depth, relative ones
    resolved against `module` (a package's own `__init__` when `is_package`)."""
    found = []
    package = module if is_package else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.append((node.lineno, base))
            # `from fairdesk import promises` imports the package named after `import`.
            if base == "fairdesk":
                found += [(node.lineno, f"fairdesk.{alias.name}") for alias in node.names]
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(FAIRDESK.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def violations() -> list[str]:
    found = []
    for path in sorted(FAIRDESK.rglob("*.py")):
        module = module_name(path)
        source = path.read_text(encoding="utf-8")
        is_package = path.name == "__init__.py"
        for line, imported in imports_of(source, module, is_package=is_package):
            why = broken_rule(module, imported)
            if why:
                where = path.relative_to(FAIRDESK.parent)
                found.append(f"{where}:{line} imports {imported}: {why}")
    return found


def test_no_module_breaks_the_layers():
    # In a process of its own: Python 3.11 keeps the AST builder's recursion count per
    # interpreter, not per thread, so a live server's thread compiling a module at the same
    # moment made this parse fail once ("AST constructor recursion depth mismatch").
    found = subprocess.run(
        [sys.executable, "-c", "from tests.test_import_rules import violations as v; print(*v())"],
        cwd=FAIRDESK.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == ""


def test_every_top_level_package_has_a_layer():
    """A new app is placed in a layer here (and in docs/architecture.md) when it is added."""
    known = INTERFACES | DOMAIN | WIRING | FOLDERS_WITHOUT_CODE | {"lib", "channels"}
    names = {path.stem for path in FAIRDESK.iterdir() if not path.name.startswith((".", "_"))}
    assert names - known == set(), "add the new package to a layer in tests/test_import_rules.py"


@pytest.mark.parametrize(
    "importer,imported,broken",
    [
        ("fairdesk.cases.events", "fairdesk.promises.clocks", True),
        ("fairdesk.cases.services.intake", "fairdesk.channels.email.outbound", True),
        ("fairdesk.promises.services", "fairdesk.desk.views", True),
        ("fairdesk.search.index", "fairdesk.api.output", True),
        ("fairdesk.lib.downloads", "fairdesk.cases.models", True),
        ("fairdesk.lib.clock", "fairdesk.lib.errors", False),
        ("fairdesk.channels.email.ingest", "fairdesk.portal.views", True),
        ("fairdesk.channels.email.ingest", "fairdesk.cases.services", False),
        ("fairdesk.promises.clocks", "fairdesk.cases.events", False),
        ("fairdesk.api.cases", "fairdesk.promises.selectors", False),
        ("fairdesk.processes.services", "fairdesk.cases.services", False),
        ("fairdesk.cases.models", "django.db", False),
    ],
)
def test_the_rules_themselves(importer, imported, broken):
    assert (broken_rule(importer, imported) is not None) is broken


def test_imports_inside_functions_and_relative_ones_are_seen():
    source = (
        "from . import rows\n"
        "from ..promises import clocks\n"
        "def later():\n"
        "    from fairdesk import promises\n"
        "    import fairdesk.channels.email.outbound\n"
    )
    found = [name for _, name in imports_of(source, "fairdesk.cases.services.intake")]
    assert found == [
        "fairdesk.cases.services",
        "fairdesk.cases.promises",
        "fairdesk",
        "fairdesk.promises",
        "fairdesk.channels.email.outbound",
    ]
