"""Admin pages for calendars, policies and their compensation rows, promises and credits:
read-only. Calendars, policies and compensation rows are made and changed on the desk's
Administration (checked there, and each change an AccountEvent); promises and credits
change only through the services. Contracts come from imports and are repaired here."""

from django.contrib import admin

from fairdesk.lib.admin import ReadOnlyAdmin
from fairdesk.promises.models import (
    Calendar,
    CaseTerms,
    CompensationRule,
    Contract,
    Credit,
    Policy,
    Promise,
    WaitingStep,
)


class CompensationRuleInline(admin.TabularInline):
    model = CompensationRule
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Calendar)
class CalendarAdmin(ReadOnlyAdmin):
    list_display = ["name", "tz", "country", "subdivision", "updated_at"]


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ["name", "calendar", "first_response", "resolution", "is_default"]
    inlines = [CompensationRuleInline]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["number", "customer", "product", "state", "ends_on", "policy"]
    list_filter = ["state"]
    search_fields = ["number", "customer__name"]
    raw_id_fields = ["customer"]


# Promises and credits change only through services (timeline entries, claims): read-only here.
@admin.register(Promise)
class PromiseAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "state", "due_at", "visible"]
    list_filter = ["state", "kind"]
    search_fields = ["case__reference", "description"]
    raw_id_fields = ["case"]


@admin.register(Credit)
class CreditAdmin(ReadOnlyAdmin):
    list_display = ["case", "amount_cents", "state", "created_at"]
    list_filter = ["state"]
    search_fields = ["case__reference"]


@admin.register(CompensationRule)
class CompensationRuleAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "policy",
        "kind",
        "basis",
        "from_day",
        "to_day",
        "fixed_cents",
        "percent_of_fee",
    ]
    list_filter = ["policy", "kind", "basis"]
    search_fields = ["name"]


@admin.register(CaseTerms)
class CaseTermsAdmin(ReadOnlyAdmin):
    list_display = ["case", "policy"]
    search_fields = ["case__reference"]


@admin.register(WaitingStep)
class WaitingStepAdmin(ReadOnlyAdmin):
    list_display = ["case", "step", "waiting_since", "taken_at"]
