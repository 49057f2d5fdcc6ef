"""Forms of the desk's administration pages: they parse what an admin typed into plain values;
the services (accounts, cases, promises) decide what is allowed."""

import zoneinfo
from datetime import timedelta
from decimal import Decimal
from typing import Any, cast

import holidays
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fairdesk.accounts.models import Team
from fairdesk.cases.models import Category, Channel, Priority
from fairdesk.desk.forms import AgentChoiceField, DeskForm
from fairdesk.promises import businesstime, places
from fairdesk.promises.models import Calendar, Kind

WEEKDAY_LABELS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)
HOURS_HELP = _("Like 08:00-12:00, 13:00-17:00; empty when closed.")


def posted(request):
    """The posted data, or None on GET (an empty POST still binds a form, so it is refused)."""
    return request.POST if request.method == "POST" else None


def active_agents():
    return (
        get_user_model()
        .objects.filter(agent__isnull=False, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


class AgentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def parse_hours(text: str) -> tuple[str, ...]:
    """ "08:00-12:00, 13:00-17:00" as interval texts; "" or "closed" is a closed day."""
    text = (text or "").strip()
    if text.lower() in ("", "closed", "geschlossen"):
        return ()
    try:
        return tuple(str(businesstime.Interval.parse(part)) for part in text.split(","))
    except ValueError:
        raise forms.ValidationError(
            _("Give opening hours like 08:00-12:00, 13:00-17:00 (or leave empty when closed).")
        ) from None


class TeamForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    lead = AgentChoiceField(
        label=_("Lead"), queryset=active_agents(), required=False, empty_label=_("nobody")
    )
    escalation_team = forms.ModelChoiceField(
        label=_("Escalation team"),
        queryset=Team.objects.all(),
        required=False,
        empty_label=_("none"),
        help_text=_("Where cases go when a promise is broken, if anywhere."),
    )
    members = AgentsField(
        label=_("Members"),
        queryset=active_agents(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class InviteForm(DeskForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_admin = forms.BooleanField(label=_("Administrator"), required=False)


class InvitationForm(DeskForm):
    """The invited agent chooses a password (twice, so a typo does not lock them out)."""

    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(render_value=False), max_length=1000
    )
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput, max_length=1000
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


def _country_choices() -> list[tuple[str, Any]]:
    return [("", _("no public holidays")), *places.countries()]


class CalendarForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    tz = forms.ChoiceField(label=_("Time zone"), initial="Europe/Berlin")
    country = forms.ChoiceField(label=_("Public holidays of country"), required=False)
    subdivision = forms.CharField(
        label=pgettext_lazy("calendar subdivision", "State"),
        max_length=10,
        required=False,
        # The chosen country's states by name (`state_choices`), typing a code still works.
        widget=forms.TextInput(attrs={"list": "calendar-states"}),
        help_text=_("e.g. BY for Bavaria; empty for the country's nationwide holidays."),
    )
    preview_hours = forms.DecimalField(
        label=_("Preview: a promise of this many business hours"),
        min_value=Decimal("0.25"),
        max_value=10_000,
        decimal_places=2,
        initial=8,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        zones = [(z, z) for z in sorted(zoneinfo.available_timezones())]
        cast(forms.ChoiceField, self.fields["tz"]).choices = zones
        cast(forms.ChoiceField, self.fields["country"]).choices = _country_choices()
        for index, day in enumerate(businesstime.WEEKDAYS):
            self.fields[day] = forms.CharField(
                label=WEEKDAY_LABELS[index], max_length=200, required=False, help_text=HOURS_HELP
            )

    def state_choices(self) -> list[tuple[str, str]]:
        """The states of the country chosen (as posted, else as stored or the default)."""
        bound = self.data.get(self.add_prefix("country"))
        country = bound if self.is_bound else self.initial.get("country")
        return places.states(country or "")

    def weekday_fields(self) -> list:
        return [self[day] for day in businesstime.WEEKDAYS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day in businesstime.WEEKDAYS:
            if day in data:
                try:
                    data[day] = parse_hours(data[day])
                except forms.ValidationError as error:
                    self.add_error(day, error)
        country, sub = data.get("country"), (data.get("subdivision") or "").strip().upper()
        known = holidays.list_supported_countries().get(country or "", [])
        spelled = {state.upper(): state for state in known}  # "by" is BY, "augsburg" Augsburg
        if sub and country and sub not in spelled:
            named = [name for _code, name in places.states(country)]
            self.add_error(
                "subdivision",
                _("%(sub)s is not a state of %(country)s; choose one of: %(known)s")
                % {"sub": sub, "country": country, "known": ", ".join(named[:40])},
            )
        data["subdivision"] = spelled.get(sub, sub)
        return data


class ExceptionForm(forms.Form):
    """One dated exception: other hours (or closed) on that date."""

    day = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    hours = forms.CharField(
        label=_("Hours that day"),
        max_length=200,
        required=False,
        help_text=_("Empty: closed all day."),
    )

    def clean_hours(self) -> tuple[str, ...]:
        return parse_hours(self.cleaned_data.get("hours", ""))


ExceptionFormSet = forms.formset_factory(ExceptionForm, extra=2, max_num=200)


def hours_of(delta: timedelta | None) -> Decimal | None:
    if delta is None:
        return None
    return (Decimal(delta.total_seconds()) / 3600).quantize(Decimal("0.01")).normalize()


def duration_of(hours: Decimal | None) -> timedelta | None:
    return None if hours is None else timedelta(hours=float(hours))


def _hours_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0.01"),
        max_value=100_000,
        decimal_places=2,
        help_text=_("In business hours; empty: no such promise."),
    )


class PolicyForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    calendar = forms.ModelChoiceField(label=_("Calendar"), queryset=Calendar.objects.all())
    resolution_calendar = forms.ModelChoiceField(
        label=_("Calendar for fixing"),
        queryset=Calendar.objects.all(),
        required=False,
        empty_label=_("the same calendar"),
    )
    first_response = _hours_field(_("First response within (hours)"))
    next_response = _hours_field(_("Next response within (hours)"))
    resolution = _hours_field(_("Resolution within (hours)"))
    category = forms.ModelChoiceField(
        label=_("For cases of category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("any"),
    )
    priority = forms.ChoiceField(
        label=_("For cases of priority"),
        choices=[("", _("any")), *Priority.choices],
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("For cases arriving by"),
        choices=[("", _("any")), *Channel.choices],
        required=False,
    )
    is_default = forms.BooleanField(
        label=_("Default policy (for cases no other policy matches)"), required=False
    )
    next_day_status = forms.BooleanField(
        label=_("Next-day status promise for faults"), required=False
    )


class CompensationRuleForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("For a broken promise of kind"), choices=Kind.choices)
    basis = forms.ChoiceField(
        label=_("Pays"), choices=[("per_day", _("per day")), ("once", _("once"))]
    )
    from_day = forms.IntegerField(label=_("From outage day"), min_value=0, initial=0)
    to_day = forms.IntegerField(
        label=_("To outage day"), min_value=0, required=False, help_text=_("Empty: no end.")
    )
    fixed_eur = forms.DecimalField(
        label=_("Fixed amount (EUR)"), min_value=0, decimal_places=2, initial=0
    )
    percent_of_fee = forms.DecimalField(
        label=_("Or this share of the monthly fee (%)"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=0,
    )


class NewCategoryForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    parent = forms.ModelChoiceField(
        label=_("Below"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("top level"),
    )
    team = forms.ModelChoiceField(
        label=_("Team for new cases"), queryset=Team.objects.all(), required=False
    )
    is_fault = forms.BooleanField(label=_("A service fault"), required=False)


class CategoryForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    team = forms.ModelChoiceField(
        label=_("Team for new cases"), queryset=Team.objects.all(), required=False
    )
    is_fault = forms.BooleanField(label=_("A service fault"), required=False)
