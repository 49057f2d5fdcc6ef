"""A forwarded mail is the substance of the request: shown on the timeline, not folded away
behind "Show the quoted text". A reply's quote of our earlier mail still folds."""

from __future__ import annotations

import pytest
from django.test import Client

from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.parse import parse_message

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db

GMAIL = (
    "Das hier kam vom Vermieter, bitte prüfen.\n\n"
    "---------- Forwarded message ---------\n"
    "From: Hausverwaltung <verwaltung@haus.example>\n"
    "Date: Mon, 30 Nov 2026 at 09:12\n"
    "Subject: Anschluss im Keller\n"
    "To: <kurt@example.org>\n\n"
    "Der Techniker kann den Keller am Donnerstag öffnen.\n"
)
THUNDERBIRD = (
    "Zur Info.\n\n"
    "-------- Weitergeleitete Nachricht --------\n"
    "Betreff: \tAnschluss im Keller\n"
    "Datum: \tMon, 30 Nov 2026 09:12:00 +0100\n"
    "Von: \tHausverwaltung <verwaltung@haus.example>\n\n"
    "Der Techniker kann den Keller am Donnerstag öffnen.\n"
)
OUTLOOK = (
    "Siehe unten.\n\n"
    "Von: Hausverwaltung <verwaltung@haus.example>\n"
    "Gesendet: Montag, 30. November 2026 09:12\n"
    "An: Kurt Kunde <kurt@example.org>\n"
    "Betreff: Anschluss im Keller\n\n"
    "Der Techniker kann den Keller am Donnerstag öffnen.\n"
)


@pytest.fixture
def agent(ada) -> Client:
    client = Client()
    client.force_login(ada)
    return client


def _entry_html(agent: Client, inbound) -> str:
    page = agent.get(f"/desk/cases/{inbound.case.reference}/").content.decode()
    entry = page[page.index(f'id="entry-{inbound.entry_id}"') :]
    following = entry.find('<li class="entry ')  # the next entry starts where this one ends
    return entry if following < 0 else entry[:following]


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Fwd: Anschluss im Keller", GMAIL),
        ("WG: Anschluss im Keller", THUNDERBIRD),
        ("WG: Anschluss im Keller", OUTLOOK),
        ("FW: Anschluss im Keller", OUTLOOK),
    ],
)
def test_the_forwarded_mail_is_shown_on_the_timeline(agent, support, kurt, subject, body):
    inbound = ingest(raw_mail(subject=subject, body=body)).inbound
    assert "Der Techniker kann den Keller am Donnerstag öffnen." in inbound.entry.body
    assert inbound.quoted_text == ""
    entry = _entry_html(agent, inbound)
    assert "Der Techniker kann den Keller" in entry
    assert '<details class="quoted">' not in entry


def test_a_forward_marker_counts_whatever_the_subject_says(support, kurt):
    inbound = ingest(raw_mail(subject="Keller", body=GMAIL)).inbound
    assert "Der Techniker kann den Keller" in inbound.entry.body


def test_a_signature_above_the_forward_folds_and_the_forward_shows(support, kurt):
    body = "Bitte ansehen.\n\n-- \nKurt Kunde\nMusterstraße 1\n\n" + GMAIL.split("\n\n", 1)[1]
    inbound = ingest(raw_mail(subject="Fwd: Anschluss im Keller", body=body)).inbound
    assert "Bitte ansehen." in inbound.entry.body
    assert "Der Techniker kann den Keller" in inbound.entry.body
    assert "Musterstraße" not in inbound.entry.body and "Musterstraße" in inbound.quoted_text


def test_a_reply_quoting_our_mail_still_folds_away(agent, support, kurt):
    body = (
        "Danke, Donnerstag passt.\n\n"
        "-----Original Message-----\n"
        "From: Support <support@fairdesk.localhost>\n"
        "Sent: Monday, 30 November 2026 10:00\n"
        "Subject: [FD-000001] Wir haben Ihre Anfrage erhalten\n\n"
        "wir haben Ihre Anfrage erhalten.\n"
    )
    inbound = ingest(raw_mail(subject="AW: [FD-000001] Router", body=body)).inbound
    assert inbound.entry.body == "Danke, Donnerstag passt."
    assert "wir haben Ihre Anfrage erhalten." in inbound.quoted_text
    assert '<details class="quoted">' in _entry_html(agent, inbound)


def test_our_own_mail_forwarded_back_to_us_folds_away(support, kurt):
    body = (
        "Das habe ich von Ihnen bekommen.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Support <support@fairdesk.localhost>\n"
        "Date: Mon, 30 Nov 2026 at 10:00\n"
        "Subject: [FD-000001] Wir haben Ihre Anfrage erhalten\n\n"
        "wir haben Ihre Anfrage erhalten.\n"
    )
    inbound = ingest(raw_mail(subject="Fwd: [FD-000001] Wir haben", body=body)).inbound
    assert inbound.entry.body == "Das habe ich von Ihnen bekommen."
    assert "wir haben Ihre Anfrage erhalten." in inbound.quoted_text


@pytest.mark.parametrize(
    ("name", "forwarded"),
    [
        ("mikel-mail/mime_emails/raw_email2.eml", "noticed that when I send content via email"),
        ("mikel-mail/plain_emails/raw_email8.eml", "Test attachments oddly encoded"),
        ("rt/crashes-file-based-parser", "This transaction appears to have no content"),
        ("otrs/PostMaster-Test20.box", "Please disable mike's M3 account"),
        ("django-helpdesk/utf-nondecodable.eml", "podle domluvy bych"),
    ],
)
def test_real_forwarded_mail_shows_what_was_forwarded(corpus, name, forwarded):
    parsed = parse_message((corpus / name).read_bytes())
    assert forwarded in parsed.visible_text
    assert forwarded not in parsed.quoted_text
