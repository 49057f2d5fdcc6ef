"""Admin pages for calendars, policies and their compensation rows (read-mostly for promises)."""

from django.contrib import admin

from fairdesk.promises.models import Calendar, CompensationRule, Contract, Credit, Policy, Promise


class CompensationRuleInline(admin.TabularInline):
    model = CompensationRule
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "tz", "country", "subdivision", "updated_at"]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "calendar", "first_response", "resolution", "is_default"]
    inlines = [CompensationRuleInline]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["customer", "policy", "monthly_fee_cents"]
    raw_id_fields = ["customer"]


# Promises and credits change only through services (timeline entries, claims): read-only here.
@admin.register(Promise)
class PromiseAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "state", "due_at", "visible"]
    list_filter = ["state", "kind"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["case", "amount_cents", "state", "created_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
