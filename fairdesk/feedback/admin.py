"""Admin pages for feedback: read-only. The draw, answers and survey versions change only
through feedback.services (answers never change at all); leads edit the survey in the desk."""

from django.contrib import admin

from fairdesk.feedback.models import Answer, Invitation, OptOut, Stratum, Survey
from fairdesk.lib.admin import ReadOnlyAdmin


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["pk", "csat_question_en", "active", "created_at"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["case", "draw", "exclusion", "outcome", "drawn_at"]
    list_filter = ["draw", "exclusion", "outcome"]
    search_fields = ["case__reference"]
    raw_id_fields = ["case", "customer"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["invitation", "csat", "ces", "answered_at", "follow_up"]
    list_filter = ["csat"]


@admin.register(Stratum)
class StratumAdmin(ReadOnlyAdmin):
    list_display = ["key", "seen", "invited"]


@admin.register(OptOut)
class OptOutAdmin(ReadOnlyAdmin):
    list_display = ["customer", "at"]
    raw_id_fields = ["customer"]
