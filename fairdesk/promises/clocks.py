"""How case events move promise clocks. The promises work replaces this module's body."""

from fairdesk.cases.models import Case, Entry


def on_case_event(*, case: Case, event: str, entry: Entry | None = None, **facts: object) -> None:
    """Open, keep, pause and resume the case's promises as `event` demands."""
