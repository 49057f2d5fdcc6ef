"""Sign-in links, shown to see who signed in when; the token's hash is never shown."""

from django.contrib import admin

from fairdesk.lib.admin import ReadOnlyAdmin
from fairdesk.portal.models import SignInLink


@admin.register(SignInLink)
class SignInLinkAdmin(ReadOnlyAdmin):
    list_display = ["customer", "created_at", "expires_at", "used_at"]
    list_filter = ["used_at"]
    search_fields = ["customer__name", "customer__emails__address"]
    exclude = ["token_hash"]
