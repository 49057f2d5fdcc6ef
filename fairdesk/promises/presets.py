"""The calendars, policies and compensation rules a new desk starts with."""

from datetime import timedelta

from fairdesk.lib.transactions import service
from fairdesk.promises import compensation
from fairdesk.promises.models import Calendar, CompensationRule, Policy

BAVARIA = "Mo–Fr 08–18 Bayern"
ALWAYS = "24/7"
STANDARD = "Standard"
BUSINESS = "Business 24/7 — fault fixed within one working day"


@service
def ensure_presets() -> dict[str, Policy]:
    """Create the presets that are missing; leave existing (perhaps edited) rows alone."""
    bavaria, _ = Calendar.objects.get_or_create(
        name=BAVARIA,
        defaults={"hours": {"mon-fri": ["08:00-18:00"]}, "country": "DE", "subdivision": "BY"},
    )
    always, _ = Calendar.objects.get_or_create(name=ALWAYS, defaults={"hours": "24/7"})
    standard, _ = Policy.objects.get_or_create(
        name=STANDARD,
        defaults={
            "calendar": bavaria,
            "first_response": timedelta(hours=8),
            "next_response": timedelta(hours=8),
            "resolution": timedelta(hours=50),  # five working days of ten hours
            "is_default": not Policy.objects.filter(is_default=True).exists(),
            "next_day_status": True,
        },
    )
    business, created = Policy.objects.get_or_create(
        name=BUSINESS,
        defaults={
            # Answered around the clock; fixed within one working day of the Bavarian week.
            "calendar": always,
            "resolution_calendar": bavaria,
            "first_response": timedelta(hours=1),
            "next_response": timedelta(hours=4),
            "resolution": timedelta(hours=10),
            "next_day_status": True,
        },
    )
    if created:
        add_rules(policy=business, rules=compensation.TKG_58)
    return {STANDARD: standard, BUSINESS: business}


def add_rules(*, policy: Policy, rules: tuple[compensation.Rule, ...]) -> None:
    """Attach compensation rows to a policy (the law's, or a company's goodwill)."""
    start = policy.compensation.count()
    CompensationRule.objects.bulk_create(
        CompensationRule(
            policy=policy,
            position=start + index,
            name=rule.name,
            kind=rule.kind,
            basis=rule.basis,
            from_day=rule.from_day,
            to_day=rule.to_day,
            fixed_cents=rule.fixed_cents,
            percent_of_fee=rule.percent_of_fee,
        )
        for index, rule in enumerate(rules)
    )
