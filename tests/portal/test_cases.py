"""The customer's own cases: submit, acknowledge, read, reply, solve; nobody else's."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fairdesk.cases import services as cases
from fairdesk.cases.models import Attachment, Case, Status
from fairdesk.cases.services import NewAttachment
from fairdesk.lib import clock
from fairdesk.promises.presets import ensure_presets


def _open(customer, subject="Kein Internet", body="Seit heute früh", **kwargs):
    return cases.open_case(
        customer=customer, subject=subject, body=body, channel="email", **kwargs
    ).case


def test_submit_shows_the_acknowledgment_with_reference(kurt_client, kurt, fault):
    response = kurt_client.post(
        reverse("portal:new_request"),
        {
            "category": fault.pk,
            "subject": "Router blinkt rot",
            "body": "Seit gestern kein Internet.",
            "attachments": [SimpleUploadedFile("router.jpg", b"\xff\xd8jpeg", "image/jpeg")],
        },
        follow=True,
    )
    case = Case.objects.get(customer=kurt)
    assert case.channel == "portal" and case.category == fault
    assert response.redirect_chain[-1][0] == reverse("portal:received", args=[case.reference])
    assert case.reference in response.content.decode()
    assert case.entries.get().attachments.get().filename == "router.jpg"


def test_submit_to_an_open_case_says_it_joined(kurt_client, kurt, fault):
    existing = _open(kurt, category=fault)
    response = kurt_client.post(
        reverse("portal:new_request"),
        {"category": fault.pk, "subject": "Immer noch", "body": "Geht weiterhin nicht."},
        follow=True,
    )
    assert Case.objects.filter(customer=kurt).count() == 1
    # Kurt reads German.
    assert f"zu Ihrem offenen Fall {existing.reference} hinzugefügt" in response.content.decode()


def test_submit_without_text_shows_the_form_again(kurt_client, kurt):
    response = kurt_client.post(reverse("portal:new_request"), {"subject": "", "body": ""})
    assert response.status_code == 422
    assert not Case.objects.filter(customer=kurt).exists()


def test_too_large_attachment_is_refused_with_its_limit(kurt_client, kurt, settings):
    settings.FAIRDESK_MAX_ATTACHMENT_BYTES = 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", b"x" * (1024 * 1024 + 1), "application/pdf")
    response = kurt_client.post(
        reverse("portal:new_request"), {"subject": "Scan", "body": "Anbei", "attachments": [big]}
    )
    assert response.status_code == 422
    assert "scan.pdf ist größer als 1 MB" in response.content.decode()
    assert not Case.objects.filter(customer=kurt).exists()


def test_my_cases_lists_only_my_cases(kurt_client, kurt, olga):
    mine = _open(kurt, subject="Meins")
    _open(olga, subject="Olgas secret")
    page = kurt_client.get(reverse("portal:my_cases")).content.decode()
    assert mine.reference in page and "Meins" in page
    assert "Olgas secret" not in page


def test_my_cases_needs_sign_in(kurt):
    response = Client().get(reverse("portal:my_cases"))
    assert response.status_code == 302


def test_another_customers_case_does_not_exist(kurt_client, olga):
    theirs = _open(olga, subject="Olgas case")
    for name in ("case", "received"):
        assert (
            kurt_client.get(reverse(f"portal:{name}", args=[theirs.reference])).status_code == 404
        )
    for name in ("reply", "solved"):
        url = reverse(f"portal:{name}", args=[theirs.reference])
        assert kurt_client.post(url, {"body": "mine now"}).status_code == 404
    assert kurt_client.get(reverse("portal:case", args=["FD-999999"])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.NEW and theirs.entries.count() == 1


def test_another_customers_attachment_does_not_exist(kurt_client, kurt, olga):
    _open(olga, attachments=(NewAttachment("invoice.pdf", b"%PDF olga", "application/pdf"),))
    _open(kurt, attachments=(NewAttachment("mine.pdf", b"%PDF kurt", "application/pdf"),))
    theirs = Attachment.objects.get(filename="invoice.pdf")
    mine = Attachment.objects.get(filename="mine.pdf")
    assert kurt_client.get(reverse("portal:attachment", args=[theirs.pk])).status_code == 404
    assert kurt_client.get(reverse("portal:attachment", args=[mine.pk + 1000])).status_code == 404
    assert kurt_client.get(reverse("portal:attachment", args=[mine.pk])).status_code == 200


def test_attachments_download_and_never_render(kurt_client, kurt):
    payload = NewAttachment(
        "<img src=x onerror=alert(1)>.svg", b"<svg onload=alert(1)/>", "image/svg+xml"
    )
    _open(kurt, attachments=(payload,))
    attachment = Attachment.objects.get()
    response = kurt_client.get(reverse("portal:attachment", args=[attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"


def test_case_page_never_shows_internal_entries(kurt_client, kurt, ada, ben):
    case = _open(kurt)
    cases.add_note(case=case, agent=ada, body="SECRET NOTE about Kurt")
    cases.record_diagnostic(case=case, agent=ada, check="Line test", result="INTERNAL RESULT")
    cases.record_diagnostic(
        case=case, agent=ada, check="Port reset", result="synchronised again", public=True
    )
    cases.hand_over(case=case, agent=ada, note="HANDOFF NOTE for Ben", to_agent=ben)
    cases.reply(case=case, agent=ada, body="Wir haben den Port neu gestartet.")
    page = kurt_client.get(reverse("portal:case", args=[case.reference])).content.decode()
    assert "Wir haben den Port neu gestartet." in page
    assert "synchronised again" in page
    for secret in ("SECRET NOTE", "INTERNAL RESULT", "HANDOFF NOTE", "Line test"):
        assert secret not in page


def test_note_attachment_is_never_served(kurt_client, kurt, ada):
    case = _open(kurt)
    cases.add_note(
        case=case, agent=ada, body="scan", attachments=(NewAttachment("internal.pdf", b"x"),)
    )
    hidden = Attachment.objects.get(filename="internal.pdf")
    assert kurt_client.get(reverse("portal:attachment", args=[hidden.pk])).status_code == 404


def test_reply_lands_on_the_case(kurt_client, kurt, ada):
    case = _open(kurt)
    cases.reply(case=case, agent=ada, body="Bitte Router neu starten.")
    cases.change_status(case=case, agent=ada, status=Status.WAITING_ON_CUSTOMER)
    response = kurt_client.post(
        reverse("portal:reply", args=[case.reference]), {"body": "Hat nicht geholfen."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.entries.filter(kind="message_in", body="Hat nicht geholfen.").exists()


def test_this_solved_it_resolves_the_case(kurt_client, kurt):
    case = _open(kurt)
    kurt_client.post(reverse("portal:solved", args=[case.reference]))
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    page = kurt_client.get(reverse("portal:case", args=[case.reference])).content.decode()
    assert "This solved it" not in page


def test_hostile_text_is_escaped(kurt_client, kurt):
    case = _open(
        kurt,
        subject="<script>alert('subject')</script>",
        body="<img src=x onerror=alert('body')>",
        html="<p>fine</p><script>alert('html')</script>",
        attachments=(NewAttachment("<script>alert('file')</script>.txt", b"x", "text/plain"),),
    )
    page = kurt_client.get(reverse("portal:case", args=[case.reference])).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;subject&#x27;)" in page


def test_merged_reference_leads_to_the_surviving_case(kurt_client, kurt, ada, fault, billing):
    first = _open(kurt, category=fault)
    second = cases.open_new_case(
        customer=kurt,
        subject="Rechnung falsch",
        body="Seit heute früh",
        channel="email",
        category=billing,
    ).case
    cases.merge_cases(source=second, target=first, agent=ada)
    response = kurt_client.get(reverse("portal:case", args=[second.reference]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:case", args=[first.reference])


def test_acknowledgment_names_the_dated_first_response_promise(kurt_client, kurt, fault):
    ensure_presets()  # the Standard policy: first answer within 8 business hours, Mo–Fr 08–18
    monday_morning = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with clock.frozen_at(monday_morning):
        response = kurt_client.post(
            reverse("portal:new_request"),
            {"category": fault.pk, "subject": "Kein Internet", "body": "Router blinkt."},
            follow=True,
        )
    page = response.content.decode()
    assert "Wir antworten bis" in page
    # Eight business hours from Monday 09:00, in Kurt's language and the desk's time zone.
    assert '<time datetime="2026-03-02T17:00:00+01:00">Montag, 2. März 2026, 17:00' in page
    listing = kurt_client.get(reverse("portal:my_cases")).content.decode()
    assert "Montag, 2. März 2026, 17:00" in listing
