"""Erasure: afterwards nothing anywhere (every table, the search index, the data folder's
mail and attachment files, the audit log) names the erased customer; the statistics stay."""

import contextlib
import zlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from fairdesk.cases.models import AuditEvent, Case, Entry, Status
from fairdesk.channels.email.ingest import ingest
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict
from fairdesk.privacy import services as privacy
from fairdesk.privacy.models import PrivacyRecord, RecordKind
from fairdesk.promises import services as promises
from fairdesk.promises.models import Kind, Promise
from fairdesk.queues import services as queues
from fairdesk.queues.models import TeamRules
from fairdesk.search import selectors as search
from fairdesk.search.text import stemmed
from tests.channels.email.mailfactory import raw_mail

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Zora Zufällighausen", "zora.zufall@erase.example", "+49 170 5550199"
# As written, and as the SQLite index stores words (stemmed).
SEARCHED = (NAME, EMAIL, PHONE, *stemmed("Zufällighausen").split())
TEXT = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


@pytest.fixture(autouse=True)
def _own_data_folder(settings, tmp_path):
    """The data folder is shared by a worker's tests (files outlive a test's rolled-back rows)
    and by the workers: the scan for traces must see only this test's files."""
    settings.DATA_DIR = tmp_path
    settings.FAIRDESK_ATTACHMENT_DIR = tmp_path / "attachments"


@pytest.fixture
def zora(support, ada, django_capture_on_commit_callbacks):
    """A customer with a mailed case (a file attached), a portal message, a note, a reply,
    a promise, a callback, a phone number and a portal password: her data in every place
    it goes."""
    raw = raw_mail(
        sender=f"{NAME} <{EMAIL}>",
        subject=f"Anschluss von {NAME}",
        body=f"Hallo, hier {NAME}, erreichbar unter {PHONE}.",
        attachments=[("vertrag-zufällighausen.pdf", f"Vertrag {NAME} {PHONE}".encode())],
    )
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(raw).inbound
    customer = inbound.case.customer
    accounts.set_phone(customer=customer, phone=PHONE)
    accounts.give_customer_password(customer=customer, password="zora-pass-123")
    case = inbound.case
    cases.add_note(case=case, agent=ada, body=f"{NAME} rief an von {PHONE}")
    # A renamed case: both titles stay in the change's facts and its audit event.
    cases.rename_case(case=case, agent=ada, subject=f"Anschluss von {NAME}, Tel. {PHONE}")
    start = clock.now() + timedelta(hours=1)
    promises.make_promise(
        case=case,
        agent=ada,
        kind=Kind.APPOINTMENT,
        window_start=start,
        due_at=start + timedelta(hours=2),
        description=f"Techniker bei {NAME}",
    )
    TeamRules.objects.create(team=support, callback_seats=1)
    queues.book_callback(
        case=case, customer=customer, starts_at=start.replace(minute=0), minutes=15, phone=PHONE
    )
    cases.reply(case=case, agent=ada, body=f"Guten Tag {NAME}, wir prüfen das.")
    cases.add_customer_message(case=case, customer=customer, body=f"Danke, {NAME}")
    cases.change_status(case=case, agent=ada, status=Status.RESOLVED, reason=f"für {NAME}")
    return customer


def _text_rows() -> list[str]:
    """Every text, JSON and binary value in every table of every installed app."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT)]
        for row in model._default_manager.values_list(*fields) if fields else ():
            found.extend(_text(value) for value in row if value)
    return found


def _text(value) -> str:
    if isinstance(value, memoryview | bytes):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def _fts_rows() -> list[str]:
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, public, internal FROM search_casetext_fts")
        return [" ".join(map(str, row)) for row in cursor.fetchall()]


def _data_files() -> list[str]:
    texts = []
    for path in settings.DATA_DIR.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            with contextlib.suppress(zlib.error):
                data += zlib.decompress(data)
            texts.append(data.decode("utf-8", "replace"))
    return texts


def _mentions(texts: list[str]) -> list[str]:
    return [t[:120] for t in texts for s in SEARCHED if s.lower() in t.lower()]


def _found_by_search(term: str) -> bool:
    return search.search_cases(term, within=Case.objects.all()).exists()


def test_erasure_leaves_no_trace_anywhere_and_keeps_the_statistics(
    zora, lena, django_capture_on_commit_callbacks
):
    case = Case.objects.get(customer=zora)
    promises_before = Promise.objects.filter(case=case).count()
    entries_before = Entry.objects.filter(case=case).count()
    # Before: the scans do find her, in the tables, the files and the index.
    assert _mentions(_text_rows()) and _mentions(_data_files())
    assert _mentions(_fts_rows()) or connection.vendor != "sqlite"
    assert _found_by_search(NAME)

    with django_capture_on_commit_callbacks(execute=True):
        record = privacy.erase_customer(customer=zora, agent=lena)

    assert _mentions(_text_rows()) == []
    assert _mentions(_fts_rows()) == []
    assert not any(_found_by_search(term) for term in SEARCHED)
    assert _mentions(_data_files()) == []
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.resolved_at is not None
    assert Promise.objects.filter(case=case).count() == promises_before >= 1
    assert Entry.objects.filter(case=case).count() == entries_before + 1  # "erased" entry
    assert AuditEvent.objects.filter(case=case, action="privacy.erased").exists()
    assert record.kind == RecordKind.ERASURE and record.actor_user == lena
    assert record.counts["attachments"] == 1 and record.counts["mail_files"] == 1


def test_a_file_another_case_shares_is_kept(
    zora, kurt, ada, lena, django_capture_on_commit_callbacks
):
    shared = f"Vertrag {NAME} {PHONE}".encode()
    other = cases.open_case(customer=kurt, subject="x", body="y", channel="portal").case
    cases.add_note(
        case=other, agent=ada, body="copy", attachments=(cases.NewAttachment("a.pdf", shared),)
    )
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_customer(customer=zora, agent=lena)
    assert any(shared.decode() in text for text in _data_files())


def test_a_legal_hold_blocks_erasure_with_its_reason(zora, lena):
    case = Case.objects.get(customer=zora)
    privacy.place_hold(case=case, reason="Streit vor Gericht", agent=lena)
    with pytest.raises(Conflict, match="Streit vor Gericht"):
        privacy.erase_customer(customer=zora, agent=lena)
    assert Case.objects.get(pk=case.pk).subject.startswith("Anschluss")
    assert not PrivacyRecord.objects.filter(kind=RecordKind.ERASURE).exists()
    privacy.release_hold(case=case, agent=lena)
    privacy.erase_customer(customer=zora, agent=lena)
    assert Case.objects.get(pk=case.pk).subject == "[erased]"


@pytest.fixture
def zora_on_kurts_case(support, kurt, django_capture_on_commit_callbacks):
    """Kurt mails us with Zora on CC; she answers on his case with her name and phone."""
    from fairdesk.channels.email.models import OutboundMessage

    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail(headers={"Cc": f"{NAME} <{EMAIL}>"})).inbound.case
    ack = OutboundMessage.objects.get(case=case)
    answer = raw_mail(
        sender=f"{NAME} <{EMAIL}>",
        subject="Re: Internet geht nicht",
        body=f"Ich ergänze: Router blinkt rot. Gruß, {NAME}, {PHONE}",
        in_reply_to=f"<{ack.message_id}>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(answer).inbound
    assert inbound.case == case  # her message is on Kurt's case, not on one of hers
    return inbound.entry.author_customer, case


def test_erasing_a_participant_erases_her_messages_on_anothers_case(
    zora_on_kurts_case, lena, django_capture_on_commit_callbacks
):
    zora, kurts_case = zora_on_kurts_case
    assert _mentions(_text_rows())
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_customer(customer=zora, agent=lena)
    assert [text for text in _mentions(_text_rows()) if "Router blinkt" in text] == []
    assert not _found_by_search(NAME)
    kurts_case.refresh_from_db()
    assert kurts_case.subject == "Internet geht nicht"  # Kurt's own case stays his
    assert kurts_case.entries.get(kind="message_in", author_customer=kurt_of(kurts_case)).body


def kurt_of(case):
    return case.customer


def test_after_an_erasure_the_timeline_still_reads(kurt, ada, lena, support):
    from django.test import Client

    from fairdesk.promises import waiting

    case = cases.open_case(
        customer=kurt, subject="Router", body="Geht nicht.", channel="email"
    ).case
    cases.reply(case=case, agent=ada, body="Bitte neu starten und melden.")
    cases.change_status(case=case, agent=ada, status=Status.WAITING_ON_CUSTOMER)
    assert waiting.remind(case=case, now=clock.now())  # a notice whose words name the case
    privacy.erase_customer(customer=kurt, agent=lena)
    client = Client()
    client.force_login(ada)
    for language, erased in (("en", "Text erased with the personal data."),
                             ("de", "Text mit den personenbezogenen Daten gelöscht.")):  # fmt: skip
        page = client.get(f"/desk/cases/{case.reference}/", HTTP_ACCEPT_LANGUAGE=language)
        timeline = page.content.decode().split('class="timeline')[1]
        assert "waiting: reminded" not in timeline and "resolve_at" not in timeline
        # The customer's message, the reply and the reminder each say what became of them.
        assert timeline.count(erased) == 3


def test_erasing_a_participant_takes_her_address_off_anothers_case_and_its_mail(
    zora_on_kurts_case, ada, lena, django_capture_on_commit_callbacks
):
    from django.test import Client

    from fairdesk.channels.email.ingest import raw_message
    from fairdesk.channels.email.models import InboundMessage
    from fairdesk.channels.email.participants import copy_addresses, reply_with_copies

    zora, kurts_case = zora_on_kurts_case
    with django_capture_on_commit_callbacks(execute=True):
        reply_with_copies(case=kurts_case, agent=ada, body="Wir prüfen.", copies_to=[EMAIL])
    kurts_mail = InboundMessage.objects.get(case=kurts_case, sender__icontains="kurt")
    assert EMAIL in raw_message(kurts_mail).decode()  # on CC in Kurt's own mail
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_customer(customer=zora, agent=lena)

    assert copy_addresses(kurts_case) == []
    assert _mentions(_text_rows()) == [] and _mentions(_data_files()) == []
    kept = raw_message(InboundMessage.objects.get(pk=kurts_mail.pk)).decode()
    assert "From: Kurt Kunde <kurt@example.org>" in kept and "Internet geht nicht" in kept
    client = Client()
    client.force_login(ada)
    for language in ("de", "en"):
        page = client.get(f"/desk/cases/{kurts_case.reference}/", HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200 and EMAIL not in page.content.decode()
