"""The feedback app's part of a customer's export (registered in FAIRDESK_EXPORT_HOOKS): the
surveys they were invited to, their answers, and whether they asked for no more surveys."""

from fairdesk.feedback.models import Answer, Invitation, OptOut
from fairdesk.privacy.hooks import Export, Sections, exports, rows


@exports("feedback.Invitation", "feedback.Answer", "feedback.OptOut")
def export(*, export: Export) -> Sections:
    invitations = Invitation.objects.filter(customer_id=export.customer_id).order_by("drawn_at")
    return {
        "survey_invitations": rows(invitations, "case__reference", "outcome", "drawn_at"),
        "survey_answers": rows(
            Answer.objects.filter(invitation__in=invitations).order_by("answered_at", "pk"),
            "invitation__case__reference",
            "csat",
            "ces",
            "comment",
            "language",
            "answered_at",
        ),
        "survey_opt_out": rows(OptOut.objects.filter(customer_id=export.customer_id), "at"),
    }
