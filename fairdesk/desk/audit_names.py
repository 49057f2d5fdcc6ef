"""What the audit log and the fairness report show for the codes the services store: the
name of each audit action and of each detail, in the reader's language.

Services write codes (`case.expedite`, `agent.invited`) with their facts as data; this is the
one table that names them when read (`tests/desk/test_audit_names.py` checks that every code
a service writes is here)."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIONS = {
    "agent.admin_role": gettext_lazy("Admin role changed"),
    "agent.auditor_role": gettext_lazy("Auditor role changed"),
    "agent.deactivated": gettext_lazy("Agent deactivated"),
    "agent.invitation_accepted": gettext_lazy("Invitation accepted"),
    "agent.invited": gettext_lazy("Agent invited"),
    "agent.language": gettext_lazy("Agent's language changed"),
    "agent.reactivated": gettext_lazy("Agent reactivated"),
    "agent.recovery_code_used": gettext_lazy("Recovery code used"),
    "agent.two_factor_enrolled": gettext_lazy("Second factor set up"),
    "calendar.changed": gettext_lazy("Calendar changed"),
    "calendar.created": gettext_lazy("Calendar created"),
    "case.assign": gettext_lazy("Case assigned"),
    "case.call": gettext_lazy("Call recorded"),
    "case.category": gettext_lazy("Category changed"),
    "case.customer_changed": gettext_lazy("Case moved to another customer"),
    "case.customer_message": gettext_lazy("Message from the customer"),
    "case.diagnostic": gettext_lazy("Diagnostic check"),
    "case.expedite": gettext_lazy("Case expedited"),
    "case.handover": gettext_lazy("Case handed over"),
    "case.join_to_confirm": gettext_lazy("Joining cases to be confirmed"),
    "case.linked": gettext_lazy("Cases linked"),
    "case.merged": gettext_lazy("Case merged in"),
    "case.note": gettext_lazy("Internal note"),
    "case.opened": gettext_lazy("Case opened"),
    "case.priority": gettext_lazy("Priority changed"),
    "case.reopened": gettext_lazy("Case reopened"),
    "case.reply": gettext_lazy("Reply"),
    "case.split": gettext_lazy("Case split"),
    "case.status": gettext_lazy("Status changed"),
    "case.subject": gettext_lazy("Subject changed"),
    "case.tags": gettext_lazy("Tags changed"),
    "case.take": gettext_lazy("Case taken"),
    "case.waiting_reminded": gettext_lazy("Waiting customer reminded"),
    "case.waiting_resolved": gettext_lazy("Resolved after waiting for the customer"),
    "category.changed": gettext_lazy("Category edited"),
    "category.created": gettext_lazy("Category created"),
    "compensation.added": gettext_lazy("Compensation rule added"),
    "compensation.removed": gettext_lazy("Compensation rule removed"),
    "credit.confirmed": gettext_lazy("Credit confirmed"),
    "credit.goodwill": gettext_lazy("Goodwill credit"),
    "credit.proposed": gettext_lazy("Credit proposed"),
    "credit.rejected": gettext_lazy("Credit rejected"),
    "customer.address_moved": gettext_lazy("Address moved to another customer"),
    "customer.bounce_cleared": gettext_lazy("Bounce mark cleared by an agent"),
    "knowledge.category_saved": gettext_lazy("Help category saved"),
    "knowledge.draft_discarded": gettext_lazy("Article draft discarded"),
    "knowledge.draft_saved": gettext_lazy("Article draft saved"),
    "knowledge.file_added": gettext_lazy("Article file added"),
    "knowledge.file_removed": gettext_lazy("Article file removed"),
    "knowledge.published": gettext_lazy("Article published"),
    "knowledge.unpublished": gettext_lazy("Article unpublished"),
    "mail.auto_reply": gettext_lazy("Automatic reply received"),
    "mail.bounce": gettext_lazy("Mail bounced"),
    "mail.bounce_cleared": gettext_lazy("Bounce mark cleared"),
    "mail.flagged": gettext_lazy("Mail held for review"),
    "mail.not_sent": gettext_lazy("Mail not sent"),
    "mail.participants": gettext_lazy("Participants added"),
    "mail.reviewed": gettext_lazy("Held mail reviewed"),
    "mail.send_failed": gettext_lazy("Sending failed"),
    "policy.changed": gettext_lazy("Policy changed"),
    "policy.created": gettext_lazy("Policy created"),
    "privacy.erased": gettext_lazy("Personal data erased"),
    "privacy.hold": gettext_lazy("Legal hold placed"),
    "privacy.hold_released": gettext_lazy("Legal hold released"),
    "process.declaration_confirmed": gettext_lazy("Cancellation confirmed"),
    "process.device_charged": gettext_lazy("Device charged"),
    "process.expedited": gettext_lazy("Process step expedited"),
    "process.label_sent": gettext_lazy("Return label sent"),
    "process.order_confirmed": gettext_lazy("Order confirmed"),
    "process.return_reminded": gettext_lazy("Return reminder sent"),
    "process.return_state": gettext_lazy("Return state changed"),
    "process.started": gettext_lazy("Process started"),
    "process.step_delayed": gettext_lazy("Process step delayed"),
    "process.step_done": gettext_lazy("Process step done"),
    "promise.broken": gettext_lazy("Promise broken"),
    "promise.caught_up": gettext_lazy("Made up for a late promise"),
    "promise.escalated": gettext_lazy("Promise escalated"),
    "promise.kept": gettext_lazy("Promise kept"),
    "promise.made": gettext_lazy("Promise made"),
    "promise.moved": gettext_lazy("Promise moved"),
    "promise.paused": gettext_lazy("Promise paused"),
    "promise.resumed": gettext_lazy("Promise resumed"),
    "promise.status_notice": gettext_lazy("Status notice"),
    "promise.warned": gettext_lazy("Promise at risk"),
    "promise.withdrawn": gettext_lazy("Promise withdrawn"),
    "queues.absence": gettext_lazy("Absence entered"),
    "queues.callback_seats": gettext_lazy("Callback seats set"),
    "queues.eta_late": gettext_lazy("Predicted date missed"),
    "queues.presence": gettext_lazy("Presence changed"),
    "queues.seat": gettext_lazy("Seat changed"),
    "queues.window_seats": gettext_lazy("Window seats set"),
    "retention_set": gettext_lazy("Retention rule set"),
    "settings.case_visibility": gettext_lazy("Case visibility set"),
    "settings.two_factor_roles": gettext_lazy("Second factor roles set"),
    "survey.answered": gettext_lazy("Survey answered"),
    "survey.excluded": gettext_lazy("Left out of the survey"),
    "survey.follow_up": gettext_lazy("Survey follow-up given to its owner"),
    "survey.follow_up_unowned": gettext_lazy("Survey follow-up without an owner"),
    "survey.invited": gettext_lazy("Invited to the survey"),
    "team.changed": gettext_lazy("Team changed"),
    "team.created": gettext_lazy("Team created"),
    "token.created": gettext_lazy("API token created"),
    "token.revoked": gettext_lazy("API token revoked"),
}

# The details worth reading, in this order; other facts (row numbers, internal keys) are
# left out of the log's reading (they stay in the record and in the Django admin).
DETAILS = {
    "username": gettext_lazy("user name"),
    "address": gettext_lazy("address"),
    "agent": gettext_lazy("agent"),
    "name": gettext_lazy("name"),
    "path": gettext_lazy("path"),
    "old_path": gettext_lazy("before"),
    "expedite": gettext_lazy("reason"),
    "reason": gettext_lazy("reason"),
    "why": gettext_lazy("why"),
    "to": gettext_lazy("to"),
    "old": gettext_lazy("before"),
    "new": gettext_lazy("after"),
    "source": gettext_lazy("merged case"),
    "other": gettext_lazy("other case"),
    "due_before": gettext_lazy("due before"),
    "due_after": gettext_lazy("due after"),
    "tags": gettext_lazy("tags"),
    "channel": gettext_lazy("channel"),
    "admin": gettext_lazy("admin role"),
    "is_admin": gettext_lazy("admin role"),
    "is_auditor": gettext_lazy("auditor role"),
    "tokens_revoked": gettext_lazy("API tokens revoked"),
    "visibility": gettext_lazy("visibility"),
    "roles": gettext_lazy("roles"),
    "months": gettext_lazy("months"),
    "language": gettext_lazy("language"),
    "languages": gettext_lazy("languages"),
    "state": gettext_lazy("state"),
    "amount_cents": gettext_lazy("amount in cents"),
    "note": gettext_lazy("note"),
    "check": gettext_lazy("check"),
    "result": gettext_lazy("result"),
    "presence": gettext_lazy("presence"),
    "cap": gettext_lazy("cap"),
    "skills": gettext_lazy("skills"),
    "starts_at": gettext_lazy("from"),
    "ends_at": gettext_lazy("until"),
    "prefix": gettext_lazy("token"),
    "days": gettext_lazy("days"),
    "filename": gettext_lazy("file"),
    "left": gettext_lazy("codes left"),
}


def action_name(code: str) -> str:
    """The action's name in the active language (a code unknown here shows as itself)."""
    return str(ACTIONS.get(code, code))


def codes_named(words: str) -> list[str]:
    """The codes whose name in the active language, or the code itself, holds `words` (case
    aside): what a search of the log for them should find."""
    wanted = words.strip().casefold()
    if not wanted:
        return []
    return [code for code, name in ACTIONS.items() if wanted in f"{name}\n{code}".casefold()]


def _value(value: object, people: Mapping[int, str]) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(_value(item, people) for item in value)
    return str(value)


def details(data: Mapping[str, object], people: Mapping[int, str] | None = None) -> str:
    """The action's key details as "name: value" in the active language; `people` names
    the agents the data points to by number."""
    people = people or {}
    shown = []
    for key, label in DETAILS.items():
        value = data.get(key)
        if value is None or value == "" or isinstance(value, dict):
            continue
        if key == "agent" and isinstance(value, int):
            value = people.get(value, f"#{value}")
        shown.append(f"{label}: {_value(value, people)}")
    return "; ".join(shown)
