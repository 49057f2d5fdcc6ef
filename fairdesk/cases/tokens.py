"""The signed token in an "added to your case" notice that lets the customer split the
contact off as a new matter without signing in: it names the entry, nothing else."""

from django.conf import settings
from django.core import signing

SALT = "fairdesk.cases.split"


def split_token(entry_id: int) -> str:
    return signing.dumps(entry_id, salt=SALT)


def entry_id_from(token: str) -> int | None:
    """The entry a token names, while it is fresh (the repeat-contact window); else None."""
    max_age = max(settings.FAIRDESK_REPEAT_CONTACT_DAYS, 1) * 24 * 3600
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
