"""Desk pages for processes: the warehouse's receive page (one action per parcel, no page
reload) and the step and return actions on the case page."""

from datetime import date

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.lib.errors import DomainError
from fairdesk.processes import selectors, services
from fairdesk.processes.models import Return, Step


class ReceiveForm(forms.Form):
    number = forms.CharField(label=_("Return number"), max_length=40)


@require_http_methods(["GET", "POST"])
@agent_required
def receive(request: AgentRequest) -> HttpResponse:
    """Scan or type a return number: one POST, answered with one line for the list above
    the field and a fresh, focused field (htmx swaps both; without htmx, the whole page)."""
    if request.method == "GET":
        context = {"form": ReceiveForm(), "received": selectors.received_today()}
        return render(request, "desk/returns/receive.html", context)
    form = ReceiveForm(request.POST)
    parcel, error = None, ""
    if form.is_valid():
        try:
            parcel = services.receive_parcel(number=form.cleaned_data["number"], agent=request.user)
        except DomainError as refused:
            error = refused.message
    else:
        error = _("Type or scan a return number.")
    context = {
        "form": ReceiveForm(),
        "parcel": parcel,
        "error": error,
        "typed": request.POST.get("number", ""),
    }
    if request.htmx:
        return render(request, "desk/returns/_received_line.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Received: %(n)s") % {"n": parcel.number})
    return redirect("desk:receive")


def _step(step_id: int) -> Step:
    step = Step.objects.select_related("process__case").filter(pk=step_id).first()
    if step is None:
        raise Http404("No such step.")
    return step


@require_POST
@agent_required
def step_action(request: AgentRequest, step_id: int, action: str) -> HttpResponse:
    step = _step(step_id)
    process, key = step.process, step.key
    try:
        if action == "done":
            services.complete_step(process=process, key=key, agent=request.user)
        elif action == "delay":
            due_on = date.fromisoformat(request.POST.get("due_on") or "")
            services.delay_step(
                process=process,
                key=key,
                due_on=due_on,
                reason=request.POST.get("reason", ""),
                agent=request.user,
            )
        elif action == "expedite":
            services.expedite_step(
                process=process, key=key, agent=request.user, reason=request.POST.get("reason", "")
            )
        else:
            raise Http404("No such action.")
    except ValueError:
        messages.error(request, _("Give the new date."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("desk:case", process.case.reference)


@require_POST
@agent_required
def return_action(request: AgentRequest, number: str, action: str) -> HttpResponse:
    """Settle a shop return (the refund in euros) or grant goodwill on it, remind about a
    device, or charge for it."""
    found = Return.objects.select_related("case__customer", "process").filter(number=number)
    parcel = found.first()
    if parcel is None or action not in ("settle", "remind", "charge", "goodwill"):
        raise Http404("No such return.")
    try:
        if action == "remind":
            services.remind_return(parcel=parcel)
        else:
            cents = _cents(request.POST.get("amount") or "0")
            if action == "settle":
                services.settle_return(parcel=parcel, agent=request.user, refund_cents=cents)
            elif action == "goodwill":
                reason = request.POST.get("reason", "")
                services.grant_goodwill(
                    parcel=parcel, agent=request.user, amount_cents=cents, reason=reason
                )
            else:
                services.charge_unreturned(parcel=parcel, agent=request.user, requested_cents=cents)
    except ValueError:
        messages.error(request, _("Give the amount in euros, e.g. 49.90."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("desk:case", parcel.case.reference)


def _cents(text: str) -> int:
    return round(float(text.strip().replace(",", ".")) * 100)
