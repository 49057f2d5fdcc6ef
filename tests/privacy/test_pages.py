"""The privacy duties through the desk and the portal: export, erasure, holds, the record of
what was done, and the audit log with its CSV."""

import csv as csv_module
import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.privacy.models import PrivacyRecord, ReadEvent, ReadKind, RecordKind
from tests.portal.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def kurt_case(kurt, ada, support):
    case = cases.open_case(
        customer=kurt,
        subject="Router blinkt",
        body="Die LED blinkt rot.",
        channel="portal",
        attachments=(cases.NewAttachment("foto.jpg", b"JPEG-BYTES-OF-KURT", "image/jpeg"),),
    ).case
    cases.add_note(case=case, agent=ada, body="INTERNAL: Kunde wirkt verärgert")
    cases.reply(case=case, agent=ada, body="Wir schauen nach.")
    return case


@pytest.fixture
def ada_client(ada) -> Client:
    client = Client()
    client.force_login(ada)
    return client


def _archive(response) -> tuple[dict, dict[str, bytes]]:
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop("data.json")), files


def test_a_customer_downloads_their_own_data_in_the_portal(kurt, olga, kurt_case):
    cases.open_case(customer=olga, subject="Olgas Sache", body="x", channel="portal")
    response = sign_in(Client(), kurt).post(reverse("portal:my_data"))
    data, files = _archive(response)
    assert data["customer"]["name"] == "Kurt Kunde"
    assert data["customer"]["emails"] == ["kurt@example.org"]
    [case] = data["cases"]
    assert case["reference"] == kurt_case.reference
    texts = [entry["text"] for entry in case["timeline"]]
    assert "Die LED blinkt rot." in texts and "Wir schauen nach." in texts
    assert not any("INTERNAL" in text for text in texts)  # notes never leave the desk
    assert list(files.values()) == [b"JPEG-BYTES-OF-KURT"]
    record = PrivacyRecord.objects.get()
    assert record.kind == RecordKind.EXPORT and record.by_customer
    assert record.customer_id_at == kurt.pk


def test_the_portal_export_needs_a_signed_in_customer_and_a_post(kurt):
    assert Client().post(reverse("portal:my_data")).status_code == 302
    assert sign_in(Client(), kurt).get(reverse("portal:my_data")).status_code == 405


def test_an_admin_exports_and_the_record_says_who(admin_client, lena_admin, kurt, kurt_case):
    response = admin_client.post(reverse("desk:privacy_export", args=[kurt.pk]))
    data, _ = _archive(response)
    assert data["cases"][0]["subject"] == "Router blinkt"
    page = admin_client.get(reverse("desk:admin_privacy"))
    assert page.status_code == 200
    assert "Lena Lead" in page.content.decode() and f"#{kurt.pk}" in page.content.decode()


def test_agents_without_the_admin_role_get_no_privacy_page(ada_client, kurt):
    for name, args in (
        ("desk:admin_privacy", []),
        ("desk:admin_audit", []),
        ("desk:admin_audit_csv", []),
        ("desk:privacy_erase", [kurt.pk]),
    ):
        assert ada_client.get(reverse(name, args=args)).status_code == 403
    assert ada_client.post(reverse("desk:privacy_export", args=[kurt.pk])).status_code == 403
    assert not PrivacyRecord.objects.exists()


def test_an_admin_erases_after_confirming_and_a_hold_stops_it(
    admin_client, kurt, kurt_case, django_capture_on_commit_callbacks
):
    url = reverse("desk:privacy_erase", args=[kurt.pk])
    assert admin_client.post(url, {}).status_code == 422  # not confirmed: nothing happens
    hold_url = reverse("desk:privacy_hold", args=[kurt_case.reference, "place"])
    admin_client.post(hold_url, {"hold-reason": "Beschwerde bei der BNetzA"})
    refused = admin_client.post(url, {"erase-confirm": "on"})
    assert refused.status_code == 422 and "Beschwerde bei der BNetzA" in refused.content.decode()
    admin_client.post(reverse("desk:privacy_hold", args=[kurt_case.reference, "release"]))
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(url, {"erase-confirm": "on"})
    assert done.status_code == 302
    assert Case.objects.get(pk=kurt_case.pk).subject == "[erased]"
    assert PrivacyRecord.objects.get(kind=RecordKind.ERASURE).actor_user.username == "lena"


def test_reads_are_logged_and_an_admin_finds_and_exports_them(
    admin_client, ada_client, kurt, kurt_case
):
    ada_client.get(reverse("desk:case", args=[kurt_case.reference]))
    file = kurt_case.entries.get(kind="message_in").attachments.get()
    assert ada_client.get(reverse("desk:download", args=[file.pk])).status_code == 200
    ada_client.get(reverse("desk:customer", args=[kurt.pk]))
    reads = ReadEvent.objects.filter(user__username="ada")
    assert sorted(reads.values_list("kind", flat=True)) == sorted(ReadKind.values)
    assert set(reads.values_list("customer_id_at", flat=True)) == {kurt.pk}

    page = admin_client.get(reverse("desk:admin_audit"), {"source": "reads", "q": "ada"})
    assert page.content.decode().count(kurt_case.reference) == 2  # the case, the file
    other = admin_client.get(reverse("desk:admin_audit"), {"source": "reads", "q": "ben"})
    assert kurt_case.reference not in other.content.decode()
    csv = admin_client.get(
        reverse("desk:admin_audit_csv"), {"source": "reads", "q": "ada"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    header, *rows = list(csv_module.reader(io.StringIO(csv.content.decode())))
    assert header == ["When", "Who", "What", "Concerning"] and len(rows) == 3
    assert {row[1] for row in rows} == {"Ada Agent"}


def test_role_and_settings_changes_are_in_the_audit_log(admin_client, ada):
    admin_client.post(reverse("desk:admin_privacy"), {"rule-months": "24"})
    page = admin_client.get(
        reverse("desk:admin_audit"), {"source": "accounts"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = page.content.decode()
    assert "Retention rule set" in body and "months: 24" in body
    assert "Admin role changed" in body  # lena_admin's own role change


def test_the_privacy_page_names_what_was_counted_in_the_readers_language(
    admin_client, kurt, kurt_case, django_capture_on_commit_callbacks
):
    admin_client.post(reverse("desk:privacy_export", args=[kurt.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("desk:privacy_erase", args=[kurt.pk]), {"erase-confirm": "on"})
    page = admin_client.get(reverse("desk:admin_privacy"), HTTP_ACCEPT_LANGUAGE="de")
    records = page.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert "Verlaufseinträge 3" in records and "Umfragekommentare 0" in records
    assert "entries" not in records and "feedback_comments" not in records
    english = admin_client.get(reverse("desk:admin_privacy"), HTTP_ACCEPT_LANGUAGE="en")
    assert "timeline entries 3" in english.content.decode()
