"""Admin pages for the queues: read-only. Seats, absences, expedites, predictions and
callback bookings change only through queues.services."""

from django.contrib import admin

from fairdesk.lib.admin import ReadOnlyAdmin
from fairdesk.queues.models import (
    Absence,
    CallbackBooking,
    CallbackSlot,
    Expedite,
    Prediction,
    SavedFilter,
    Seat,
    TeamHour,
    TeamQueue,
    TeamRules,
    Waiting,
)


@admin.register(Seat)
class SeatAdmin(ReadOnlyAdmin):
    list_display = ["user", "presence", "cap", "last_assigned_at"]
    list_filter = ["presence"]


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "starts_at", "ends_at", "note"]


@admin.register(TeamRules)
class TeamRulesAdmin(ReadOnlyAdmin):
    list_display = ["team", "mode", "auto_assign", "expedites_per_week", "callback_seats"]


@admin.register(Expedite)
class ExpediteAdmin(ReadOnlyAdmin):
    list_display = ["case", "agent", "at", "reason"]
    raw_id_fields = ["case"]


@admin.register(Prediction)
class PredictionAdmin(ReadOnlyAdmin):
    list_display = ["case", "made_at", "predicted_at", "target_at", "ahead"]
    raw_id_fields = ["case"]


@admin.register(CallbackSlot)
class CallbackSlotAdmin(ReadOnlyAdmin):
    list_display = ["team", "starts_at", "minutes", "seats"]


@admin.register(CallbackBooking)
class CallbackBookingAdmin(ReadOnlyAdmin):
    list_display = ["slot", "seat", "case", "state", "created_at"]
    list_filter = ["state"]
    raw_id_fields = ["case"]


@admin.register(SavedFilter)
class SavedFilterAdmin(ReadOnlyAdmin):
    list_display = ["name", "view", "owner", "team", "created_at"]


@admin.register(TeamQueue)
class TeamQueueAdmin(ReadOnlyAdmin):
    list_display = ["team", "waiting", "hour", "answered", "low", "last"]


@admin.register(TeamHour)
class TeamHourAdmin(ReadOnlyAdmin):
    list_display = ["team", "hour", "answered", "low", "last"]
    list_filter = ["team"]


@admin.register(Waiting)
class WaitingAdmin(ReadOnlyAdmin):
    list_display = ["case", "team"]
