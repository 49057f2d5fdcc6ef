"""Removing stored attachment files once no row needs them.

Files are content-addressed: two attachments with the same bytes share one file, so a file
goes only when no Attachment row references its hash any more. The check runs again after
commit, just before the unlink, so a row another request added meanwhile keeps its file.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from fairdesk.cases.models import Attachment
from fairdesk.lib.files import stored_path


def remove_unreferenced_attachments(digests: Iterable[str]) -> None:
    wanted = set(digests)
    if wanted:
        transaction.on_commit(lambda: _remove(wanted))


def _remove(digests: set[str]) -> None:
    still_used = set(Attachment.objects.filter(sha256__in=digests).values_list("sha256", flat=True))
    for digest in digests - still_used:
        stored_path(settings.FAIRDESK_ATTACHMENT_DIR, digest).unlink(missing_ok=True)
