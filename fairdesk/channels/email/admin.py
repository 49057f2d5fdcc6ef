"""Admin views of the mail tables: read-only, since only the email channel writes them."""

from django.contrib import admin

from fairdesk.channels.email.models import InboundMessage, OutboundMessage


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnly):
    list_display = ["received_at", "state", "sender", "subject", "case", "reason"]
    list_filter = ["state", "source"]
    search_fields = ["message_id", "sender", "subject", "sha256"]
    exclude = ["quoted_text"]


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnly):
    list_display = ["created_at", "kind", "state", "to_address", "subject", "case", "attempts"]
    list_filter = ["state", "kind"]
    search_fields = ["message_id", "to_address", "subject"]
    exclude = ["raw"]
