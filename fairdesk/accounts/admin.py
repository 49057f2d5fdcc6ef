from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from fairdesk.accounts.models import (
    AccountEvent,
    AgentProfile,
    ApiToken,
    Customer,
    CustomerEmail,
    DeskSettings,
    Organisation,
    SignInCounter,
    Team,
    TwoFactor,
)
from fairdesk.lib.admin import ReadOnlyAdmin


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    """Made and changed on the desk's Administration, Teams, which records each change (its
    name, lead, escalation team and members) as an AccountEvent."""

    list_display = ["name", "lead", "escalation_team"]
    search_fields = ["name"]
    list_select_related = ["lead", "escalation_team"]


@admin.register(AgentProfile)
class AgentProfileAdmin(ReadOnlyAdmin):
    """Roles, teams and languages change in the desk (Administration, Agents and Teams; My
    account), which records each change as an AccountEvent; here they would change without
    a trace."""

    list_display = ["user", "languages", "is_admin", "is_auditor"]
    list_filter = ["teams", "user__is_active", "is_admin"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]


admin.site.unregister(User)


@admin.register(User)
class DeskUserAdmin(UserAdmin):
    """Django's user pages, but an account is deactivated and reactivated in the desk
    (Administration, Agents): it revokes the tokens, ends the sessions and records it."""

    readonly_fields = ["is_active", "last_login", "date_joined"]


class CustomerEmailInline(admin.TabularInline):
    model = CustomerEmail
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "primary_email", "organisation", "language", "created_at"]
    list_filter = ["language", "organisation"]
    search_fields = ["name", "emails__address", "phone"]
    inlines = [CustomerEmailInline]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("emails")


@admin.register(CustomerEmail)
class CustomerEmailAdmin(admin.ModelAdmin):
    list_display = ["address", "customer", "is_primary", "bouncing_since"]
    list_filter = ["is_primary", ("bouncing_since", admin.EmptyFieldListFilter)]
    search_fields = ["address", "customer__name"]
    raw_id_fields = ["customer"]
    list_select_related = ["customer"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "user",
        "customer",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "user__username", "customer__name"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
    raw_id_fields = ["user", "customer"]
    list_select_related = ["user", "customer"]

    def has_add_permission(self, request) -> bool:
        return False  # tokens are made by `fairdesk manage create_token`, which shows the key


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor"]
    list_filter = ["action"]
    search_fields = ["action"]


@admin.register(DeskSettings)
class DeskSettingsAdmin(ReadOnlyAdmin):
    """Changed in the desk's administration (which records who changed it)."""

    list_display = ["__str__", "two_factor_roles"]


@admin.register(SignInCounter)
class SignInCounterAdmin(ReadOnlyAdmin):
    list_display = ["key", "failures", "window_ends"]


@admin.register(TwoFactor)
class TwoFactorAdmin(ReadOnlyAdmin):
    list_display = ["user", "confirmed_at"]
    fields = ["user", "confirmed_at"]  # never the secret or the recovery codes
