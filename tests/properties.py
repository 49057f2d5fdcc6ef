"""How hard the property tests and the random walks try.

`make test` (and CI) runs every property with the number of examples its test asks for.
`make check` sets HYPOTHESIS_PROFILE=check: a fifth of that number (at least ten), and
twenty for the properties that keep Hypothesis's default of a hundred, so the quick loop
stays under a minute while still running every property.
"""

import os

from hypothesis import settings

QUICK = os.environ.get("HYPOTHESIS_PROFILE") == "check"


def use_profile() -> None:
    """Called by tests/conftest.py before any test module is imported.

    No deadline: Hypothesis fails an example that takes over 200 ms, which on a loaded
    machine says nothing about the code (speed is measured in bench/, not in tests)."""
    settings.register_profile("full", deadline=None)
    settings.register_profile("check", max_examples=20, deadline=None)
    settings.load_profile("check" if QUICK else "full")


def examples(wanted: int) -> int:
    """The examples a property runs: `wanted` in the full suite, fewer in `make check`."""
    return max(10, wanted // 5) if QUICK else wanted


def seeds(*every: int) -> list[int]:
    """The seeds a random walk through the services runs: all of them in the full suite, the
    first in `make check`."""
    return list(every[:1] if QUICK else every)
