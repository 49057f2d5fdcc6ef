"""The case page and the forms on it: each form posts to one action that calls one service."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fairdesk.cases import selectors, services
from fairdesk.cases.models import Case, EntryKind
from fairdesk.channels.email import participants
from fairdesk.channels.email.selectors import QUOTED_TEXT, reply_mail_by_entry
from fairdesk.desk import forms, policy
from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.desk.views import promise_actions
from fairdesk.lib.errors import DomainError
from fairdesk.privacy import services as privacy
from fairdesk.privacy.models import ReadKind
from fairdesk.promises import services as promises
from fairdesk.promises.selectors import promises_for
from fairdesk.queues import services as queues
from fairdesk.replies import selectors as replies
from fairdesk.replies.services import apply_macro


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
    newer = selectors.newer_contacts(case, after_entry=data["seen_entry"] or 0, agent=agent)
    if data["seen_entry"] is not None and newer and not data["send_anyway"]:
        raise DomainError(_stale_warning(newer), field="send_anyway")
    files = _files(data["attachments"])
    if data.get("cc"):
        participants.reply_with_copies(
            case=case, agent=agent, body=data["body"], attachments=files, copies_to=data["cc"]
        )
    else:
        services.reply(case=case, agent=agent, body=data["body"], attachments=files)


def _stale_warning(newer: list) -> str:
    """What arrived since the agent opened the case, for them to read before sending."""
    lines = [f"{entry.author_label}: {(entry.body or '').strip()[:200]}" for entry in newer[-3:]]
    return (
        ngettext(
            "Since you opened this case, %(n)s new message arrived. Read it, then tick "
            "“Send anyway” to send your reply as it is.",
            "Since you opened this case, %(n)s new messages arrived. Read them, then tick "
            "“Send anyway” to send your reply as it is.",
            len(newer),
        )
        % {"n": len(newer)}
        + "\n"
        + "\n".join(lines)
    )


def _note(case: Case, agent: User, data: dict) -> None:
    services.add_note(case=case, agent=agent, body=data["body"])


def _diagnostic(case: Case, agent: User, data: dict) -> None:
    services.record_diagnostic(case=case, agent=agent, **data)


def _status(case: Case, agent: User, data: dict) -> None:
    services.change_status(case=case, agent=agent, **data)


def _priority(case: Case, agent: User, data: dict) -> None:
    services.change_priority(case=case, agent=agent, **data)


def _subject(case: Case, agent: User, data: dict) -> None:
    services.rename_case(case=case, agent=agent, subject=data["subject"])


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


def _other_case(reference: str, field: str, agent: User) -> Case:
    other = selectors.case_by_reference(reference.strip().upper())
    if other is None or not selectors.agent_sees(agent, other):
        raise DomainError(_("No case %(ref)s.") % {"ref": reference.strip()}, field=field)
    return other


def _merge(case: Case, agent: User, data: dict) -> None:
    services.merge_cases(
        source=case, target=_other_case(data["target"], "target", agent), agent=agent
    )


def _link(case: Case, agent: User, data: dict) -> None:
    services.link_cases(case=case, other=_other_case(data["other"], "other", agent), agent=agent)


def _tags(case: Case, agent: User, data: dict) -> None:
    services.set_tags(case=case, agent=agent, names=data["tags"].split(","))


def _macro(case: Case, agent: User, data: dict) -> None:
    reply = replies.visible_to(agent).filter(pk=data["macro"]).first()
    if reply is None:
        raise DomainError(_("That saved reply is not yours to use."))
    apply_macro(reply=reply, case=case, agent=agent)


def _split_off(case: Case, agent: User, data: dict) -> None:
    entry = case.entries.filter(pk=data["entry"]).first()
    if entry is None:
        raise DomainError(_("That message is not on this case."))
    services.split_off(entry=entry, agent=agent)


def _give_address(case: Case, agent: User, data: dict) -> None:
    services.give_address(case=case, other=_other_case(data["other"], "other", agent), agent=agent)


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
    "subject": Action(forms.SubjectForm, _subject),
    "category": Action(forms.CategoryForm, _category),
    "hand_over": Action(forms.HandOverForm, _hand_over),
    "promise": Action(forms.PromiseForm, _promise),
    "expedite": Action(forms.ExpediteForm, _expedite),
    "take": Action(forms.DeskForm, _take),
    "reopen": Action(forms.ReopenForm, _reopen),
    "split_off": Action(forms.SplitOffForm, _split_off),
    "give_address": Action(forms.GiveAddressForm, _give_address),
    "merge": Action(forms.MergeForm, _merge),
    "macro": Action(forms.MacroForm, _macro),
    "link": Action(forms.LinkForm, _link),
    "tags": Action(forms.TagsForm, _tags),
    "keep_promise": Action(forms.KeepPromiseForm, promise_actions.keep_promise),
    "withdraw_promise": Action(forms.WithdrawPromiseForm, promise_actions.withdraw_promise),
    "confirm_credit": Action(forms.ConfirmCreditForm, promise_actions.confirm_credit),
    "reject_credit": Action(forms.RejectCreditForm, promise_actions.reject_credit),
}


# The forms an agent uses on most cases are on the page; the others (each a few widget
# templates and some a query for its choices) come when opened: `case_form`.
EVERYDAY = ("reply", "note", "status", "take", "reopen")
ON_DEMAND: dict[str, Promise] = {
    "diagnostic": gettext_lazy("Record a diagnostic"),
    "promise": gettext_lazy("Make a promise"),
    "expedite": gettext_lazy("Expedite (an earlier promise, with a reason)"),
    "subject": gettext_lazy("Change subject"),
    "priority": gettext_lazy("Change priority"),
    "category": gettext_lazy("Change category"),
    "hand_over": gettext_lazy("Hand over"),
    "tags": gettext_lazy("Tags"),
    "link": gettext_lazy("Link to another case"),
    "merge": gettext_lazy("Merge into another case"),
}


def _blank_form(case: Case, name: str) -> forms.DeskForm:
    """The form `name` as shown before anything is typed, its fields set from the case."""
    initial: dict = {}
    if name in ("status", "priority", "subject"):
        initial = {name: getattr(case, name)}
    elif name == "category":
        initial = {"category": case.category_id}
    elif name == "tags":
        initial = {"tags": ", ".join(sorted(case.tags.values_list("name", flat=True)))}
    return ACTIONS[name].form(prefix=name, initial=initial)


def _everyday_forms(case: Case, last_entry: int) -> dict[str, forms.DeskForm]:
    page_forms = {name: _blank_form(case, name) for name in EVERYDAY}
    page_forms["reply"].initial = {"seen_entry": last_entry}
    return page_forms


def _render_case(
    request: HttpRequest, case: Case, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    # The mail an entry came from rides along in the same statement (its folded quoted text).
    entries = selectors.timeline_page(case, public_only=False, along=QUOTED_TEXT)
    # Each reply shows whether its mail went out, is being retried, or failed.
    mails = reply_mail_by_entry([e.pk for e in entries if e.kind == EntryKind.REPLY])
    for entry in entries:
        entry.reply_mail = mails.get(entry.pk)  # type: ignore[attr-defined]  # for entry.html
    bound = bound or {}
    tags = selectors.tag_names(case)
    page_forms = _everyday_forms(case, max((e.pk for e in entries), default=0)) | bound
    mail_addresses = participants.page_addresses(case)
    page_forms["reply"].offer_copies(mail_addresses.copies)
    context = {
        "case": case,
        "tags": tags,
        "related": selectors.related_cases(case),
        "bouncing": mail_addresses.bouncing,
        "entries": entries,
        "checked": [e for e in entries if e.kind == EntryKind.DIAGNOSTIC],
        "promises": promise_actions.promise_rows(promises_for(case, public_only=False), bound),
        "credits": promise_actions.credit_rows(case, bound),
        "forms": page_forms,
        "legends": ON_DEMAND,
        "open_form": next(iter(bound), "") if bound else "",
    }
    return render(request, "desk/case.html", context, status=status)


@require_GET
@agent_required
def case_detail(request: AgentRequest, reference: str) -> HttpResponse:
    case = policy.case_for(request.user, reference)
    if case.reference != reference:
        return redirect("desk:case", reference=case.reference)  # merged: show where it lives
    privacy.log_read(user=request.user, kind=ReadKind.CASE, case=case)
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


@require_GET
@agent_required
def case_form(request: AgentRequest, reference: str, action: str) -> HttpResponse:
    """One of the forms the case page fetches when opened (htmx: the form alone); without
    script the page's link comes here, and the form is shown on a page of its own."""
    if action not in ON_DEMAND:
        raise Http404("No such form.")
    case = policy.case_for(request.user, reference)
    context = {
        "case": case,
        "name": action,
        "form": _blank_form(case, action),
        "action": reverse("desk:case_action", args=[case.reference, action]),
        "legend": ON_DEMAND[action],
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "desk/partials/action_form_body.html", context)
    return render(request, "desk/case_form.html", context)


def case_url(case: Case) -> str:
    return reverse("desk:case", kwargs={"reference": case.reference})


@require_POST
@agent_required
def presence(request: AgentRequest, reference: str) -> HttpResponse:
    """The case page's poll: note this agent's presence, answer with who else is here."""
    case = policy.case_for(request.user, reference)
    typing = request.POST.get("typing") == "1"  # set by desk-keys.js from the reply box
    services.report_presence(case=case, agent=request.user, typing=typing)
    others = selectors.others_present(case, request.user)
    return render(request, "desk/partials/presence.html", {"others": others})
