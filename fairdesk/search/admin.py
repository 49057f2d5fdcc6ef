"""The search index, shown for diagnosis: written only by fairdesk.search.index."""

from django.contrib import admin

from fairdesk.lib.admin import ReadOnlyAdmin
from fairdesk.search.models import CaseText


@admin.register(CaseText)
class CaseTextAdmin(ReadOnlyAdmin):
    list_display = ["case"]
    search_fields = ["case__reference"]
    raw_id_fields = ["case"]
