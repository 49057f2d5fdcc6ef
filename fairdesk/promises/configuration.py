"""Admins' changes to calendars, policies and compensation rules, each audited.

Re-exported by promises.services, the one name callers import. The pure modules
(businesstime, compensation) decide what is valid; this turns their refusals into clear,
translated errors on the field they concern.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.cases.models import AuditEvent, Category
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.lib.transactions import service
from fairdesk.promises import businesstime, compensation
from fairdesk.promises.models import Calendar, CompensationRule, Kind, Policy


def _audit(admin: User | None, action: str, **data) -> None:
    AuditEvent.objects.create(at=clock.now(), action=action, actor_user=admin, data=data)


@dataclass(frozen=True)
class CalendarSpec:
    """A calendar as an admin's form gives it: hours per weekday (Monday first) as interval
    texts, e.g. ["08:00-12:00", "13:00-17:00"], and dated exceptions ([] closes the day)."""

    name: str
    tz: str
    weekly: tuple[tuple[str, ...], ...]
    country: str = ""
    subdivision: str = ""
    exceptions: tuple[tuple[date, tuple[str, ...]], ...] = ()

    def hours(self) -> dict[str, list[str]]:
        return {
            day: list(h) for day, h in zip(businesstime.WEEKDAYS, self.weekly, strict=True) if h
        }

    def exception_hours(self) -> dict[date | str, list[str]]:
        return {day.isoformat(): list(hours) for day, hours in self.exceptions}

    def business(self) -> businesstime.Calendar:
        """The pure calendar, or DomainError naming what is wrong."""
        if self.subdivision and not self.country:
            raise DomainError(_("Choose the country of the holiday state."), field="country")
        try:
            return businesstime.Calendar.from_spec(
                self.hours(),
                tz=self.tz,
                country=self.country or None,
                subdivision=self.subdivision or None,
                exceptions=self.exception_hours(),
            )
        except ValueError as error:
            raise DomainError(_calendar_refusal(str(error)), field=_field_of(str(error))) from None


def _field_of(reason: str) -> str | None:
    if "time zone" in reason:
        return "tz"
    if "holiday" in reason:
        return "subdivision"
    return None


def _calendar_refusal(reason: str) -> str:
    if "no open time" in reason:
        return _("The calendar is never open: give opening hours on at least one day.")
    if "time zone" in reason:
        return _("This is not a known time zone.")
    if "holiday" in reason:
        return _("No public holidays are known for this country and state.")
    return _("The calendar is not valid: %(reason)s") % {"reason": reason}


def spec_of(calendar: Calendar) -> CalendarSpec:
    """The form's view of a stored calendar (weekday ranges and "24/7" spelled out per day)."""
    pure = calendar.business()
    return CalendarSpec(
        name=calendar.name,
        tz=pure.tz,
        weekly=tuple(tuple(str(iv) for iv in hours) for hours in pure.weekly),
        country=pure.country or "",
        subdivision=pure.subdivision or "",
        exceptions=tuple((day, tuple(str(iv) for iv in h)) for day, h in pure.exceptions),
    )


def preview_due(pure: businesstime.Calendar, hours: Decimal, *, start: datetime) -> datetime:
    """When a promise of `hours` business hours made at `start` falls due on `pure`."""
    return businesstime.add(pure, start, timedelta(hours=float(hours)))


def _calendar_name(name: str, calendar: Calendar | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("A calendar needs a name."), field="name")
    taken = Calendar.objects.filter(name__iexact=name)
    if calendar is not None:
        taken = taken.exclude(pk=calendar.pk)
    if taken.exists():
        raise DomainError(
            _("A calendar named “%(name)s” exists already.") % {"name": name}, field="name"
        )
    return name[:100]


@service
def save_calendar(*, admin: User, spec: CalendarSpec, calendar: Calendar | None = None) -> Calendar:
    """Create a calendar, or change `calendar`; promises already running keep their due times."""
    name = _calendar_name(spec.name, calendar)
    pure = spec.business()
    stored = pure.to_spec()
    values = {
        "name": name,
        "hours": stored["hours"],
        "tz": pure.tz,
        "country": spec.country,
        "subdivision": spec.subdivision,
        "exceptions": stored["exceptions"],
    }
    if calendar is None:
        calendar, action = Calendar.objects.create(**values), "calendar.created"
    else:
        for field, value in values.items():
            setattr(calendar, field, value)
        calendar.save()
        action = "calendar.changed"
    _audit(
        admin,
        action,
        calendar=calendar.pk,
        spec={k: v for k, v in values.items()},
    )
    return calendar


@dataclass(frozen=True)
class PolicySpec:
    """A policy as an admin's form gives it; empty matching criteria match anything."""

    name: str
    calendar: Calendar
    resolution_calendar: Calendar | None = None
    first_response: timedelta | None = None
    next_response: timedelta | None = None
    resolution: timedelta | None = None
    category: Category | None = None
    priority: str = ""
    channel: str = ""
    is_default: bool = False
    next_day_status: bool = False


def _check_policy(spec: PolicySpec, policy: Policy | None) -> str:
    name = " ".join((spec.name or "").split())
    if not name:
        raise DomainError(_("A policy needs a name."), field="name")
    taken = Policy.objects.filter(name__iexact=name)
    if policy is not None:
        taken = taken.exclude(pk=policy.pk)
    if taken.exists():
        raise DomainError(
            _("A policy named “%(name)s” exists already.") % {"name": name}, field="name"
        )
    for field in ("first_response", "next_response", "resolution"):
        target = getattr(spec, field)
        if target is not None and target <= timedelta(0):
            raise DomainError(_("A target must be longer than zero."), field=field)
    if policy is not None and policy.is_default and not spec.is_default:
        raise DomainError(
            _("A desk needs a default policy: make another policy the default instead."),
            field="is_default",
        )
    return name[:100]


@service
def save_policy(*, admin: User, spec: PolicySpec, policy: Policy | None = None) -> Policy:
    """Create a policy, or change `policy`; a new default replaces the old one.

    Cases keep the terms they were opened under; only new promises use the change.
    """
    name = _check_policy(spec, policy)
    if spec.is_default:
        others = Policy.objects.filter(is_default=True)
        if policy is not None:
            others = others.exclude(pk=policy.pk)
        others.update(is_default=False)
    values = {
        "name": name,
        "calendar": spec.calendar,
        "resolution_calendar": spec.resolution_calendar,
        "first_response": spec.first_response,
        "next_response": spec.next_response,
        "resolution": spec.resolution,
        "category": spec.category,
        "priority": spec.priority,
        "channel": spec.channel,
        "is_default": spec.is_default,
        "next_day_status": spec.next_day_status,
    }
    if policy is None:
        policy, action = Policy.objects.create(**values), "policy.created"
    else:
        for field, value in values.items():
            setattr(policy, field, value)
        policy.save()
        action = "policy.changed"
    _audit(
        admin,
        action,
        policy=policy.pk,
        spec=_plain(values),
    )
    return policy


def _plain(values: dict) -> dict:
    """JSON-safe copy of a policy's values for the audit record."""
    out = {}
    for key, value in values.items():
        if isinstance(value, timedelta):
            value = value.total_seconds()
        elif hasattr(value, "pk"):
            value = value.pk
        out[key] = value
    return out


@service
def add_compensation_rule(
    *, admin: User, policy: Policy, rule: compensation.Rule
) -> CompensationRule:
    """Append `rule` to what a broken promise of its kind owes under `policy`."""
    if rule.kind not in Kind.values:
        raise DomainError(_("Choose a promise kind."), field="kind")
    position = policy.compensation.count()
    row = CompensationRule.objects.create(
        policy=policy,
        position=position,
        name=rule.name,
        kind=rule.kind,
        basis=rule.basis,
        from_day=rule.from_day,
        to_day=rule.to_day,
        fixed_cents=rule.fixed_cents,
        percent_of_fee=rule.percent_of_fee,
    )
    _audit(admin, "compensation.added", policy=policy.pk, rule=row.pk, name=row.name)
    return row


def compensation_rule(**values) -> compensation.Rule:
    """The pure rule from a form's values, or DomainError saying which value is wrong."""
    try:
        return compensation.Rule(**values)
    except ValueError as error:
        field = "to_day" if "day range" in str(error) else "fixed_cents"
        message = (
            _("The last day cannot come before the first.")
            if field == "to_day"
            else _("Amounts must not be negative.")
        )
        raise DomainError(message, field=field) from None


@service
def remove_compensation_rule(*, admin: User, rule: CompensationRule) -> None:
    """Delete one row; credits already computed stay as they were."""
    _audit(admin, "compensation.removed", policy=rule.policy_id, rule=rule.pk, name=rule.name)
    rule.delete()
