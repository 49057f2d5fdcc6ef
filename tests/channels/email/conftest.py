"""Where the third-party email corpus lives; tests that need it skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .servers import dovecot, dovecot_tls, file_db, migrated_data, race_db  # noqa: F401  (fixtures for the Django-side tests)

REPO_ROOT = Path(__file__).resolve().parents[3]
NOT_MESSAGES = {"README.md", "MANIFEST.tsv", "SHA256SUMS"}


def corpus_root() -> Path:
    override = os.environ.get("FAIRDESK_CORPUS")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "corpus" / "email"


def corpus_messages() -> list[Path]:
    """Every message file of the corpus (not the zbateson attachment originals)."""
    root = corpus_root()
    if not root.is_dir():
        return []
    originals = root / "zbateson-mmp" / "files"
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.name not in NOT_MESSAGES and originals not in path.parents
    )


@pytest.fixture
def corpus() -> Path:
    root = corpus_root()
    if not root.is_dir():
        pytest.skip(f"email corpus not found at {root} (set FAIRDESK_CORPUS to its folder)")
    return root


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise `corpus_message` over every corpus file (one skipped case when absent)."""
    if "corpus_message" not in metafunc.fixturenames:
        return
    root = corpus_root()
    messages = corpus_messages()
    if messages:
        ids = [str(path.relative_to(root)) for path in messages]
        metafunc.parametrize("corpus_message", messages, ids=ids)
    else:
        skipped = pytest.param(None, marks=pytest.mark.skip(reason=f"email corpus not at {root}"))
        metafunc.parametrize("corpus_message", [skipped])
