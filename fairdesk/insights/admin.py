"""Admin page for the per-case report figures: read-only, they follow the case (the reaction
and `fairdesk manage backfill_case_figures` write them)."""

from django.contrib import admin

from fairdesk.insights.models import CaseFigures
from fairdesk.lib.admin import ReadOnlyAdmin


@admin.register(CaseFigures)
class CaseFiguresAdmin(ReadOnlyAdmin):
    list_display = ["case", "contacts", "handoffs", "reopened", "refreshed_at"]
    list_filter = ["reopened"]
    search_fields = ["case__reference"]
    raw_id_fields = ["case"]
