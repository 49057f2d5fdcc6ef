"""Admin views of the mail tables: read-only, since only the email channel writes them."""

from django.contrib import admin

from fairdesk.channels.email.models import InboundMessage, OutboundMessage, Participant
from fairdesk.lib.admin import ReadOnlyAdmin


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "state", "sender", "subject", "case", "reason"]
    list_filter = ["state", "source"]
    search_fields = ["message_id", "sender", "subject", "sha256"]
    exclude = ["quoted_text"]


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "state", "to_address", "subject", "case", "attempts"]
    list_filter = ["state", "kind"]
    search_fields = ["message_id", "to_address", "subject"]
    exclude = ["raw"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["added_at", "address", "name", "case"]
    search_fields = ["address", "name"]
