"""Administration: business calendars and service policies (with their compensation rules),
each form with a preview of when a promise made now would be due."""

from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fairdesk.desk.admin_forms import (
    CalendarForm,
    CompensationRuleForm,
    ExceptionFormSet,
    PolicyForm,
    duration_of,
    hours_of,
    posted,
)
from fairdesk.desk.policy import AgentRequest, admin_required
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.promises import places
from fairdesk.promises import services as promises
from fairdesk.promises.models import Calendar, CompensationRule, Policy

DEFAULT_PREVIEW_HOURS = Decimal(8)


def _preview(pure, hours: Decimal | None) -> dict | None:
    """ "A promise of N business hours made now is due …", in the calendar's own zone."""
    hours = hours or DEFAULT_PREVIEW_HOURS
    now = clock.now()
    try:
        due = promises.preview_due(pure, hours, start=now)
    except ValueError:
        return None
    zone = ZoneInfo(pure.tz)
    return {"hours": hours, "now": now.astimezone(zone), "due": due.astimezone(zone), "tz": pure.tz}


@require_http_methods(["GET"])
@admin_required
def calendars(request: AgentRequest) -> HttpResponse:
    rows = [
        (row, places.place_name(row.country, row.subdivision)) for row in Calendar.objects.all()
    ]
    context = {"calendars": rows, "section": "calendars"}
    return render(request, "desk/admin/calendars.html", context)


def _calendar_initial(calendar: Calendar | None) -> tuple[dict, list[dict]]:
    if calendar is None:
        weekdays = {d: "08:00-18:00" for d in ("mon", "tue", "wed", "thu", "fri")}
        return {"tz": "Europe/Berlin", "country": "DE", **weekdays}, []
    spec = promises.spec_of(calendar)
    days = dict(zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), spec.weekly, strict=True))
    initial = {
        "name": spec.name,
        "tz": spec.tz,
        "country": spec.country,
        "subdivision": spec.subdivision,
        **{day: ", ".join(hours) for day, hours in days.items()},
    }
    dated = [{"day": day, "hours": ", ".join(hours)} for day, hours in spec.exceptions]
    return initial, dated


def _calendar_spec(form: CalendarForm, dated: BaseFormSet) -> promises.CalendarSpec:
    data = form.cleaned_data
    return promises.CalendarSpec(
        name=data["name"],
        tz=data["tz"],
        weekly=tuple(data[day] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
        country=data["country"],
        subdivision=data["subdivision"],
        exceptions=tuple(
            (row["day"], row["hours"]) for row in dated.cleaned_data if row.get("day")
        ),
    )


@require_http_methods(["GET", "POST"])
@admin_required
def calendar(request: AgentRequest, calendar_id: int | None = None) -> HttpResponse:
    """Create or edit a calendar; "Preview" shows the due time without saving."""
    row = get_object_or_404(Calendar, pk=calendar_id) if calendar_id else None
    initial, dated_initial = _calendar_initial(row)
    data = posted(request)
    form = CalendarForm(data, initial=initial, prefix="cal")
    dated = ExceptionFormSet(data, initial=dated_initial, prefix="exceptions")
    preview, status = None, 200
    if row is not None and data is None:
        preview = _preview(row.business(), None)
    if data is not None:
        status = 422
        if form.is_valid() and dated.is_valid():
            spec = _calendar_spec(form, dated)
            try:
                if "preview" in request.POST:
                    preview, status = (
                        _preview(spec.business(), form.cleaned_data["preview_hours"]),
                        200,
                    )
                else:
                    saved = promises.save_calendar(admin=request.user, spec=spec, calendar=row)
                    messages.success(request, _("Calendar %(name)s saved.") % {"name": saved.name})
                    return redirect("desk:admin_calendar", calendar_id=saved.pk)
            except DomainError as error:
                form.add_domain_error(error)
                status = 422
    context = {"calendar": row, "form": form, "dated": dated, "preview": preview}
    return render(
        request, "desk/admin/calendar.html", context | {"section": "calendars"}, status=status
    )


@require_http_methods(["GET"])
@admin_required
def policies(request: AgentRequest) -> HttpResponse:
    rows = Policy.objects.select_related("calendar", "resolution_calendar", "category")
    return render(request, "desk/admin/policies.html", {"policies": rows, "section": "policies"})


def _policy_initial(policy: Policy | None) -> dict:
    if policy is None:
        return {"calendar": Calendar.objects.values_list("pk", flat=True).first()}
    return {
        "name": policy.name,
        "calendar": policy.calendar_id,
        "resolution_calendar": policy.resolution_calendar_id,
        "first_response": hours_of(policy.first_response),
        "next_response": hours_of(policy.next_response),
        "resolution": hours_of(policy.resolution),
        "category": policy.category_id,
        "priority": policy.priority,
        "channel": policy.channel,
        "is_default": policy.is_default,
        "next_day_status": policy.next_day_status,
    }


def _policy_spec(data: dict) -> promises.PolicySpec:
    durations = {k: duration_of(data[k]) for k in ("first_response", "next_response", "resolution")}
    return promises.PolicySpec(
        name=data["name"],
        calendar=data["calendar"],
        resolution_calendar=data["resolution_calendar"],
        category=data["category"],
        priority=data["priority"],
        channel=data["channel"],
        is_default=data["is_default"],
        next_day_status=data["next_day_status"],
        **durations,
    )


def _saved_spec(policy: Policy) -> promises.PolicySpec:
    return promises.PolicySpec(
        name=policy.name,
        calendar=policy.calendar,
        resolution_calendar=policy.resolution_calendar,
        first_response=policy.first_response,
        next_response=policy.next_response,
        resolution=policy.resolution,
    )


def _policy_previews(spec: promises.PolicySpec) -> list[dict]:
    """One preview per target: when each promise made now would be due."""
    labels = {
        "first_response": _("first response"),
        "next_response": _("next response"),
        "resolution": _("resolution"),
    }
    rows = []
    for field, label in labels.items():
        target = getattr(spec, field)
        if target is None:
            continue
        on = (
            spec.resolution_calendar
            if field == "resolution" and spec.resolution_calendar
            else spec.calendar
        )
        preview = _preview(on.business(), hours_of(target))
        if preview:
            rows.append(preview | {"label": label, "calendar": on.name})
    return rows


@require_http_methods(["GET", "POST"])
@admin_required
def policy(request: AgentRequest, policy_id: int | None = None) -> HttpResponse:
    """Create or edit a policy; "Preview" shows when its promises would be due."""
    row = get_object_or_404(Policy, pk=policy_id) if policy_id else None
    data = posted(request)
    form = PolicyForm(data, initial=_policy_initial(row), prefix="policy")
    previews, status = [], 200
    if row is not None and data is None:
        previews = _policy_previews(_saved_spec(row))
    if data is not None:
        status = 422
        if form.is_valid():
            spec = _policy_spec(form.cleaned_data)
            try:
                if "preview" in request.POST:
                    previews, status = _policy_previews(spec), 200
                else:
                    saved = promises.save_policy(admin=request.user, spec=spec, policy=row)
                    messages.success(request, _("Policy %(name)s saved.") % {"name": saved.name})
                    return redirect("desk:admin_policy", policy_id=saved.pk)
            except DomainError as error:
                form.add_domain_error(error)
                status = 422
    return _render_policy(request, row, form, previews=previews, status=status)


def _render_policy(request, row, form, *, previews=(), rule_form=None, status=200) -> HttpResponse:
    context = {
        "policy": row,
        "form": form,
        "previews": previews,
        "rules": row.compensation.all() if row else [],
        "rule_form": rule_form or CompensationRuleForm(prefix="rule"),
        "section": "policies",
    }
    return render(request, "desk/admin/policy.html", context, status=status)


@require_POST
@admin_required
def add_rule(request: AgentRequest, policy_id: int) -> HttpResponse:
    row = get_object_or_404(Policy, pk=policy_id)
    rule_form = CompensationRuleForm(request.POST, prefix="rule")
    if rule_form.is_valid():
        data = rule_form.cleaned_data
        try:
            rule = promises.compensation_rule(
                name=data["name"],
                kind=data["kind"],
                basis=data["basis"],
                from_day=data["from_day"],
                to_day=data["to_day"],
                fixed_cents=int(data["fixed_eur"] * 100),
                percent_of_fee=data["percent_of_fee"],
            )
            promises.add_compensation_rule(admin=request.user, policy=row, rule=rule)
        except DomainError as error:
            if error.field == "fixed_cents":
                error.field = "fixed_eur"
            rule_form.add_domain_error(error)
        else:
            messages.success(request, _("Compensation rule added."))
            return redirect("desk:admin_policy", policy_id=row.pk)
    form = PolicyForm(initial=_policy_initial(row), prefix="policy")
    return _render_policy(request, row, form, rule_form=rule_form, status=422)


@require_POST
@admin_required
def remove_rule(request: AgentRequest, policy_id: int, rule_id: int) -> HttpResponse:
    rule = get_object_or_404(CompensationRule, pk=rule_id, policy_id=policy_id)
    promises.remove_compensation_rule(admin=request.user, rule=rule)
    messages.success(request, _("Compensation rule removed."))
    return redirect("desk:admin_policy", policy_id=policy_id)
