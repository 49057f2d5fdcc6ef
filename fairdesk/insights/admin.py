"""Admin pages for the per-case report figures, the day counts and the value counts:
read-only, they follow the cases (the reaction and `fairdesk manage backfill_case_figures`
write them)."""

from django.contrib import admin

from fairdesk.insights.models import CaseFigures, DayCount, ValueCount
from fairdesk.lib.admin import ReadOnlyAdmin


@admin.register(CaseFigures)
class CaseFiguresAdmin(ReadOnlyAdmin):
    list_display = [
        "case",
        "created_at",
        "team",
        "contacts",
        "handoffs",
        "reopened",
        "refreshed_at",
    ]
    list_filter = ["reopened", "merged", "channel"]
    search_fields = ["case__reference"]
    raw_id_fields = ["case"]


@admin.register(DayCount)
class DayCountAdmin(ReadOnlyAdmin):
    list_display = ["day", "team", "category_key", "channel", "opened", "finished", "done", "back"]
    list_filter = ["channel", "team"]
    date_hierarchy = "day"


@admin.register(ValueCount)
class ValueCountAdmin(ReadOnlyAdmin):
    list_display = ["span", "day", "measure", "team", "category_key", "channel", "value", "cases"]
    list_filter = ["span", "measure", "channel", "team"]
    date_hierarchy = "day"
