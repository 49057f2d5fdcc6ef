"""Read queries about promises. The promises work fills this in."""

from fairdesk.cases.models import Case


def promises_for(case: Case, *, public_only: bool) -> list[dict]:
    """The case's promises as plain dicts shaped like the API's PromiseOut."""
    return []
