"""Processes in the admin: read-only, since every change goes through the services (each
writes its timeline entry and audit event). Contracts and orders come from imports and the
API; declarations are never edited."""

from django.contrib import admin

from fairdesk.lib.admin import ReadOnlyAdmin
from fairdesk.processes.models import (
    Declaration,
    Device,
    Order,
    OrderItem,
    Process,
    Return,
    ReturnItem,
    Step,
)


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin):
    list_display = ["name", "serial", "contract", "value_cents"]
    search_fields = ["serial", "contract__number"]


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "customer", "kind", "ordered_on", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["number", "customer__name"]
    inlines = [OrderItemInline]


@admin.register(OrderItem)
class OrderItemAdmin(ReadOnlyAdmin):
    list_display = ["order", "sku", "name", "quantity", "unit_price_cents"]
    search_fields = ["sku", "order__number"]


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    can_delete = False
    fields = ("key", "state", "due_on", "done_at", "delay_reason", "expedite_reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Process)
class ProcessAdmin(ReadOnlyAdmin):
    list_display = ["case", "definition", "state", "started_at"]
    list_filter = ["definition", "state"]
    search_fields = ["case__reference"]
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(ReadOnlyAdmin):
    list_display = ["process", "key", "state", "due_on", "expedited_at"]
    list_filter = ["state"]
    search_fields = ["process__case__reference", "key"]


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "kind", "contract_number", "name", "case", "effective_on"]
    list_filter = ["kind"]
    search_fields = ["contract_number", "name", "email", "case__reference"]


@admin.register(Return)
class ReturnAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "state", "case", "created_at"]
    list_filter = ["kind", "state"]
    search_fields = ["number", "case__reference"]


@admin.register(ReturnItem)
class ReturnItemAdmin(ReadOnlyAdmin):
    list_display = ["parcel", "item", "quantity"]
