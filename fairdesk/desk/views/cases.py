"""The case page and the forms on it: each form posts to one action that calls one service."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fairdesk.cases import selectors, services
from fairdesk.cases.models import Case, EntryKind
from fairdesk.channels.email import participants
from fairdesk.channels.email.selectors import reply_mail_by_entry
from fairdesk.desk import forms, policy
from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.desk.views import promise_actions
from fairdesk.lib.errors import DomainError
from fairdesk.promises import services as promises
from fairdesk.promises.selectors import promises_for
from fairdesk.queues import services as queues


def _files(uploaded: list) -> tuple[services.NewAttachment, ...]:
    return tuple(
        services.NewAttachment(
            filename=item.name,
            data=item.read(),
            content_type=item.content_type or "application/octet-stream",
        )
        for item in uploaded
    )


def _reply(case: Case, agent: User, data: dict) -> None:
    files = _files(data["attachments"])
    if data.get("cc"):
        participants.reply_with_copies(
            case=case, agent=agent, body=data["body"], attachments=files, copies_to=data["cc"]
        )
    else:
        services.reply(case=case, agent=agent, body=data["body"], attachments=files)


def _note(case: Case, agent: User, data: dict) -> None:
    services.add_note(case=case, agent=agent, body=data["body"])


def _diagnostic(case: Case, agent: User, data: dict) -> None:
    services.record_diagnostic(case=case, agent=agent, **data)


def _status(case: Case, agent: User, data: dict) -> None:
    services.change_status(case=case, agent=agent, **data)


def _priority(case: Case, agent: User, data: dict) -> None:
    services.change_priority(case=case, agent=agent, **data)


def _category(case: Case, agent: User, data: dict) -> None:
    services.change_category(case=case, agent=agent, category=data["category"])


def _hand_over(case: Case, agent: User, data: dict) -> None:
    services.hand_over(
        case=case,
        agent=agent,
        note=data["note"],
        to_team=data["to_team"],
        to_agent=data["to_agent"],
    )


def _promise(case: Case, agent: User, data: dict) -> None:
    promises.make_promise(case=case, agent=agent, **data)


def _expedite(case: Case, agent: User, data: dict) -> None:
    queues.expedite(case=case, agent=agent, reason=data["reason"], due_at=data["due_at"])


def _take(case: Case, agent: User, data: dict) -> None:
    services.take(case=case, agent=agent)


def _reopen(case: Case, agent: User, data: dict) -> None:
    services.reopen(case=case, agent=agent, reason=data["reason"])


def _split_off(case: Case, agent: User, data: dict) -> None:
    entry = case.entries.filter(pk=data["entry"]).first()
    if entry is None:
        raise DomainError(_("That message is not on this case."))
    services.split_off(entry=entry, agent=agent)


@dataclass(frozen=True)
class Action:
    form: type[forms.DeskForm]
    run: Callable[[Case, User, dict], None]


ACTIONS: dict[str, Action] = {
    "reply": Action(forms.ReplyForm, _reply),
    "note": Action(forms.NoteForm, _note),
    "diagnostic": Action(forms.DiagnosticForm, _diagnostic),
    "status": Action(forms.StatusForm, _status),
    "priority": Action(forms.PriorityForm, _priority),
    "category": Action(forms.CategoryForm, _category),
    "hand_over": Action(forms.HandOverForm, _hand_over),
    "promise": Action(forms.PromiseForm, _promise),
    "expedite": Action(forms.ExpediteForm, _expedite),
    "take": Action(forms.DeskForm, _take),
    "reopen": Action(forms.ReopenForm, _reopen),
    "split_off": Action(forms.SplitOffForm, _split_off),
    "keep_promise": Action(forms.KeepPromiseForm, promise_actions.keep_promise),
    "withdraw_promise": Action(forms.WithdrawPromiseForm, promise_actions.withdraw_promise),
    "confirm_credit": Action(forms.ConfirmCreditForm, promise_actions.confirm_credit),
    "reject_credit": Action(forms.RejectCreditForm, promise_actions.reject_credit),
}


def _blank_forms(case: Case) -> dict[str, forms.DeskForm]:
    return {
        "reply": forms.ReplyForm(prefix="reply"),
        "note": forms.NoteForm(prefix="note"),
        "diagnostic": forms.DiagnosticForm(prefix="diagnostic"),
        "status": forms.StatusForm(prefix="status", initial={"status": case.status}),
        "priority": forms.PriorityForm(prefix="priority", initial={"priority": case.priority}),
        "category": forms.CategoryForm(prefix="category", initial={"category": case.category_id}),
        "hand_over": forms.HandOverForm(prefix="hand_over"),
        "promise": forms.PromiseForm(prefix="promise"),
        "expedite": forms.ExpediteForm(prefix="expedite"),
        "take": forms.DeskForm(prefix="take"),
        "reopen": forms.ReopenForm(prefix="reopen"),
    }


def _render_case(
    request: HttpRequest, case: Case, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    # The mail an entry came from rides along in the same query (its folded quoted text).
    entries = list(selectors.timeline(case, public_only=False).select_related("inbound_mail"))
    # Each reply shows whether its mail went out, is being retried, or failed.
    mails = reply_mail_by_entry([e.pk for e in entries if e.kind == EntryKind.REPLY])
    for entry in entries:
        entry.reply_mail = mails.get(entry.pk)  # type: ignore[attr-defined]  # for entry.html
    bound = bound or {}
    page_forms = _blank_forms(case) | bound
    page_forms["reply"].offer_copies(participants.copy_addresses(case))
    context = {
        "case": case,
        "entries": entries,
        "checked": [e for e in entries if e.kind == EntryKind.DIAGNOSTIC],
        "promises": promise_actions.promise_rows(promises_for(case, public_only=False), bound),
        "credits": promise_actions.credit_rows(case, bound),
        "forms": page_forms,
        "open_form": next(iter(bound), "") if bound else "",
    }
    return render(request, "desk/case.html", context, status=status)


@require_GET
@agent_required
def case_detail(request: AgentRequest, reference: str) -> HttpResponse:
    case = policy.case_for(request.user, reference)
    if case.reference != reference:
        return redirect("desk:case", reference=case.reference)  # merged: show where it lives
    return _render_case(request, case)


@require_http_methods(["GET", "POST"])
@agent_required
def case_action(request: AgentRequest, reference: str, action: str) -> HttpResponse:
    """Run one form's service; show its refusal next to the field, or go back to the case.

    A GET (the action's address reloaded or bookmarked) goes to the case page."""
    if request.method == "GET":
        case = policy.case_for(request.user, reference)
        return redirect(case_url(case))
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404("No such action.")
    case = policy.case_for(request.user, reference)
    form = chosen.form(request.POST, request.FILES, prefix=action)
    if form.is_valid():
        try:
            chosen.run(case, request.user, form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect(f"{case_url(case)}#timeline-end")
    case.refresh_from_db()
    return _render_case(request, case, bound={action: form}, status=422)


def case_url(case: Case) -> str:
    return reverse("desk:case", kwargs={"reference": case.reference})
