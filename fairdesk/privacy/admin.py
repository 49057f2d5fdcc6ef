"""Admin pages for privacy: read-only. Holds, rules and records change only through
privacy.services; admins work on the desk's Privacy and Audit log pages."""

from django.contrib import admin

from fairdesk.lib.admin import ReadOnlyAdmin
from fairdesk.privacy.models import LegalHold, PrivacyRecord, ReadEvent, RetentionRule


@admin.register(LegalHold)
class LegalHoldAdmin(ReadOnlyAdmin):
    list_display = ["case", "reason", "placed_at", "placed_by", "released_at"]
    raw_id_fields = ["case"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(ReadOnlyAdmin):
    list_display = ["category", "months"]


@admin.register(PrivacyRecord)
class PrivacyRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "customer_id_at", "actor_user", "by_customer"]
    list_filter = ["kind"]


@admin.register(ReadEvent)
class ReadEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "kind", "case_reference", "customer_id_at"]
    list_filter = ["kind"]
    search_fields = ["case_reference", "user__username"]
