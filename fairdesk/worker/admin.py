"""Admin page for the periodic job runs (read-only: only the worker writes them)."""

from django.contrib import admin

from fairdesk.lib.admin import ReadOnlyAdmin
from fairdesk.worker.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ["job", "slot", "worker", "started_at", "finished_at", "error"]
    list_filter = ["job"]
    search_fields = ["job", "worker", "error"]
