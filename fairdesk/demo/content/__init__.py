"""Demo content in German and English for four businesses: a telecom, an internet provider,
a car workshop and a web shop."""

from fairdesk.demo.content.base import Business, Scenario, Texts
from fairdesk.demo.content.internet import INTERNET
from fairdesk.demo.content.shop import SHOP
from fairdesk.demo.content.telecom import TELECOM
from fairdesk.demo.content.workshop import WORKSHOP

BUSINESSES: tuple[Business, ...] = (TELECOM, INTERNET, WORKSHOP, SHOP)

# Team name -> the team its broken promises escalate to (None: nowhere).
TEAMS: dict[str, str | None] = {
    "Störungsannahme": "Technik",
    "Technik": None,
    "Kundenservice": None,
    "Werkstatt": None,
    "Versand & Retouren": "Kundenservice",
}

__all__ = ["BUSINESSES", "TEAMS", "Business", "Scenario", "Texts"]
