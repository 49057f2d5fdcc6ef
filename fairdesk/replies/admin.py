from django.contrib import admin

from fairdesk.replies.models import SavedReply


@admin.register(SavedReply)
class SavedReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "scope", "owner", "team", "updated_at"]
    list_filter = ["scope"]
    search_fields = ["title", "body_de", "body_en"]
