"""The signed link in the acknowledgment that opens a case's callback page without signing
in: it names the case, nothing else, and expires."""

from django.core import signing

SALT = "fairdesk.queues.callback"
MAX_AGE = 30 * 24 * 3600  # a month: longer than any case waits for its first answer


def callback_token(case_id: int) -> str:
    return signing.dumps(case_id, salt=SALT)


def case_id_from(token: str) -> int | None:
    """The case a token names while it is fresh; else None."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
