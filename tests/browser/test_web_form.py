"""Someone who never wrote before uses the public web form in Chromium, in German: a wrong
address is refused with the text kept, then the request with a file goes in, and the page
shows the reference and the dated promise; the script typed into the text never runs."""

import pytest
from django.core import mail

from fairdesk.cases.models import Attachment, Case
from fairdesk.promises.presets import ensure_presets

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_a_newcomer_writes_in_and_gets_reference_and_promise(second_page, support, tmp_path):
    page = second_page  # a browser that asks for German
    ensure_presets()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/portal/sign-in/")
    page.get_by_role("link", name="Neu hier? Schreiben Sie uns ohne Konto").click()
    page.get_by_label("Ihr Name").fill("Jana Neu")
    page.get_by_label("Ihre E-Mail-Adresse").fill("jana@neu")
    page.get_by_label("Betreff").fill("Router blinkt rot")
    page.get_by_label("Ihre Nachricht").fill("Kein Internet <script>alert(1)</script>")
    page.get_by_role("button", name="Anfrage senden").click()
    page.get_by_text("Bitte gültige E-Mail-Adresse eingeben.").wait_for()
    assert page.get_by_label("Ihre Nachricht").input_value().startswith("Kein Internet")
    assert not Case.objects.exists()
    photo = tmp_path / "router.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    page.get_by_label("Ihre E-Mail-Adresse").fill("jana@neu.example")
    page.get_by_label("Anhänge").set_input_files(str(photo))
    page.get_by_role("button", name="Anfrage senden").click()
    page.get_by_text("Danke, wir haben Ihre Anfrage").wait_for()
    case = Case.objects.get()
    text = page.locator("main").inner_text()
    assert case.reference in text and "Wir antworten bis" in text
    assert Attachment.objects.filter(entry__case=case).count() == 1
    assert case.customer.language == "de"
    assert any(case.reference.encode() in sent.raw for sent in mail.outbox)
    assert not dialogs
    screenshot(page, "web-form-received")
