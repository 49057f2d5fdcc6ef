from django.contrib import admin

from fairdesk.lib.admin import ReadOnlyAdmin
from fairdesk.notifications.models import Digest, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "kind", "case", "created_at", "read_at", "digest"]
    list_filter = ["kind"]


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    list_display = ["agent", "kind", "delivery"]


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "slot", "created_at"]
