"""Load the demo: staff, category trees, and a few hundred cases told through the services."""

import random
from datetime import timedelta

from django.db import transaction

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.demo import staff
from fairdesk.demo.cast import Cast, already_told, make_customers
from fairdesk.demo.content import BUSINESSES, Scenario
from fairdesk.demo.story import Story
from fairdesk.lib import clock
from fairdesk.promises import watch
from fairdesk.promises.presets import ensure_presets

SEED = 2026
SPAN = timedelta(days=42)  # the demo's cases arrive over the last six weeks


def load_demo(cases: int = 300) -> list[tuple[str, str, str]]:
    """Make the demo desk; a second call adds nothing. Returns (role, username, password)."""
    with transaction.atomic():
        teams = staff.ensure_teams()
        categories = staff.ensure_categories(teams)
        agents = staff.ensure_agents(teams)
        portal_customer = staff.ensure_portal_customer()
        # Promise policies first: the case services then make promises on every new case.
        ensure_presets()
        if not already_told():
            cast = Cast(teams=teams, categories=categories, agents=agents)
            told = tell_stories(cast, count=cases, seed=SEED)
            _portal_customer_story(cast, portal_customer)
            link_same_faults(cast, told)
            watch_once()
    return staff.logins()


def _scenarios_in_turn() -> list[Scenario]:
    """Scenarios ordered so any 8 consecutive cases cover every business in both languages."""
    by_business = [list(b.scenarios) for b in BUSINESSES]
    longest = max(len(s) for s in by_business)
    return [s[i % len(s)] for i in range(longest) for s in by_business]


def tell_stories(cast: Cast, *, count: int, seed: int) -> list[tuple[Scenario, Case]]:
    rng = random.Random(seed)
    end = clock.now()
    customers = make_customers(rng, max(8, count * 2 // 3))
    scenarios = _scenarios_in_turn()
    told = []
    for number in range(count):
        scenario = scenarios[number % len(scenarios)]
        # Alternate languages per round of businesses; repeat customers come back often.
        language = "de" if (number // len(BUSINESSES)) % 2 == 0 else "en"
        pool = [c for c in customers[: max(8, number + 8)] if c.language == language]
        # Later cases arrive more densely towards now: desks grow, and recent work is open.
        age = SPAN * (1 - rng.random() ** 0.7) if number >= 8 else SPAN * rng.random() * 0.3
        story = Story(
            rng=rng,
            cast=cast,
            scenario=scenario,
            customer=rng.choice(pool),
            start=end - age,
            end=end,
        )
        told.append((scenario, story.tell()))
    return told


def _portal_customer_story(cast: Cast, customer) -> None:
    """The customer with a portal login gets two cases of her own to look at."""
    rng = random.Random(SEED + 1)
    end = clock.now()
    for scenario, days in ((BUSINESSES[1].scenarios[0], 3), (BUSINESSES[3].scenarios[1], 20)):
        Story(
            rng=rng,
            cast=cast,
            scenario=scenario,
            customer=customer,
            start=end - timedelta(days=days),
            end=end,
        ).tell()


def watch_once() -> None:
    """Let the promise watch catch up with the present, as `fairdesk worker` would: promises
    of open cases that are overdue now are broken, escalated and (where a policy says so)
    compensated. Each pass takes a batch per step, so pass until one finds nothing to do."""
    for _ in range(20):
        if not any(watch.run().values()):
            return


def link_same_faults(cast: Cast, told: list[tuple[Scenario, Case]]) -> None:
    """Fault cases of one scenario reported around the same time share a cause: link them."""
    previous: dict[str, Case] = {}
    admin = next(u for u in cast.agents.values() if u.is_superuser)
    for scenario, case in told:
        if scenario.handoff_team is None or case.merged_into_id:
            continue
        earlier = previous.get(scenario.key)
        if earlier is not None and abs(case.created_at - earlier.created_at) < timedelta(days=3):
            seen = max(case.created_at, earlier.created_at) + timedelta(hours=1)
            with clock.frozen_at(min(seen, clock.now())):
                cases.link_cases(case=case, other=earlier, agent=admin)
        previous[scenario.key] = case
