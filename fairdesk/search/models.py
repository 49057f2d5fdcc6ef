"""The search index: one row of searchable text per case.

Only fairdesk.search.index writes it. On SQLite an FTS5 table indexes these rows (written
by fairdesk.search.index in the same transaction, see migration 0002: write these rows
through it, never through the ORM); on PostgreSQL generated tsvector columns with GIN
indexes do. Neither is declared here: the ORM never reads them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fairdesk.cases.models import Case


class CaseText(models.Model):
    """What a search can find in one case, as the database's index wants it.

    On SQLite the text is stored stemmed (see search.text); on PostgreSQL as written.
    """

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="search_text"
    )
    # Reference, subject, customer name and emails: ranked highest.
    title = models.TextField(blank=True)
    # What the customer can read: their messages and public replies.
    public = models.TextField(blank=True)
    # What only agents read: notes, internal diagnostics, handoff notes.
    internal = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search text")
        verbose_name_plural = _("search texts")

    def __str__(self) -> str:
        return f"search text of case {self.case_id}"
