"""The shape of demo content: a scenario is one kind of request with its texts per language."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Texts:
    """What people write in one scenario, in one language.

    Texts may hold placeholders filled per case: {first}, {name}, {contract}, {order},
    {plate}, {city}, {day}, {amount}. `diagnostics` are (what was checked, what it found).
    """

    subjects: tuple[str, ...]
    openings: tuple[str, ...]
    answers: tuple[str, ...]
    follow_ups: tuple[str, ...] = ()
    diagnostics: tuple[tuple[str, str], ...] = ()
    handoff_notes: tuple[str, ...] = ()
    resolutions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """One kind of request of one business, routed by its category."""

    key: str
    business: str
    category: str  # a path of the business's category tree
    de: Texts
    en: Texts
    handoff_team: str | None = None  # where the case goes after first-level work, if anywhere
    phone_likely: bool = False

    def texts(self, language: str) -> Texts:
        return self.de if language == "de" else self.en


@dataclass(frozen=True)
class Business:
    """One of the demo's businesses: its category tree, routed to teams, and its scenarios."""

    key: str
    # (category path, team name, is_fault); parents come before their children.
    categories: tuple[tuple[str, str, bool], ...]
    scenarios: tuple[Scenario, ...]
