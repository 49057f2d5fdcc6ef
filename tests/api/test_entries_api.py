"""POST /api/v1/cases/{reference}/entries: replies, notes, diagnostics, calls, messages."""

import base64

from fairdesk.cases import services
from fairdesk.cases.models import Entry


def entries_of(api, reference):
    return api.get(f"/cases/{reference}").json()["timeline"]


def test_reply_is_public_and_opens_a_new_case(ada_api, kurt_api, desk):
    ref = desk.second.reference
    response = ada_api.post(f"/cases/{ref}/entries", {"kind": "reply", "body": "Wir erstatten."})
    assert response.status_code == 201
    assert response.json()["kind"] == "reply" and response.json()["public"] is True
    assert ada_api.get(f"/cases/{ref}").json()["status"] == "open"
    assert "Wir erstatten." in [e["body"] for e in entries_of(kurt_api, ref)]


def test_note_stays_internal(ada_api, kurt_api, desk):
    ref = desk.case.reference
    response = ada_api.post(f"/cases/{ref}/entries", {"kind": "note", "body": "Port 3 defekt"})
    assert response.status_code == 201 and response.json()["public"] is False
    assert "Port 3 defekt" in [e["body"] for e in entries_of(ada_api, ref)]
    assert "Port 3 defekt" not in [e["body"] for e in entries_of(kurt_api, ref)]


def test_diagnostic_keeps_what_was_checked(ada_api, desk):
    response = ada_api.post(
        f"/cases/{desk.case.reference}/entries",
        {"kind": "diagnostic", "check": "Leitungsmessung", "result": "Dämpfung 42 dB"},
    )
    assert response.status_code == 201
    assert response.json()["data"] == {"check": "Leitungsmessung", "result": "Dämpfung 42 dB"}


def test_diagnostic_without_check_names_the_field(ada_api, desk):
    response = ada_api.post(
        f"/cases/{desk.case.reference}/entries", {"kind": "diagnostic", "result": "ok"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "check"


def test_customer_message_with_a_file(kurt_api, desk):
    photo = base64.b64encode(b"\x89PNG fake").decode()
    response = kurt_api.post(
        f"/cases/{desk.case.reference}/entries",
        {
            "kind": "message",
            "body": "Foto vom Router",
            "attachments": [{"filename": "router.png", "content_base64": photo}],
        },
    )
    assert response.status_code == 201
    assert [a["filename"] for a in response.json()["attachments"]] == ["router.png"]


def test_bad_input_for_entries(ada_api, desk):
    path = f"/cases/{desk.case.reference}/entries"
    empty = ada_api.post(path, {"kind": "reply", "body": "   "})
    assert empty.status_code == 422 and empty.json()["detail"][0]["field"] == "body"
    unknown_kind = ada_api.post(path, {"kind": "fax", "body": "x"})
    assert unknown_kind.status_code == 422 and unknown_kind.json()["detail"][0]["field"] == "kind"
    bad_file = ada_api.post(
        path,
        {
            "kind": "reply",
            "body": "Anbei",
            "attachments": [{"filename": "a.txt", "content_base64": "not base64!"}],
        },
    )
    assert bad_file.status_code == 422
    assert bad_file.json()["detail"][0]["field"] == "attachments.0"
    assert not Entry.objects.filter(body="Anbei").exists()


def test_reply_to_a_closed_case_is_a_conflict(ada, ada_api, desk):
    services.change_status(case=desk.second, agent=ada, status="closed")
    response = ada_api.post(
        f"/cases/{desk.second.reference}/entries", {"kind": "reply", "body": "Noch etwas"}
    )
    assert response.status_code == 409


def test_a_content_type_with_a_line_break_is_refused(kurt_api, desk):
    data = base64.b64encode(b"x").decode()
    response = kurt_api.post(
        f"/cases/{desk.case.reference}/entries",
        {
            "kind": "message",
            "body": "Anbei",
            "attachments": [
                {
                    "filename": "rechnung\u202efdp.exe",
                    "content_type": "text/plain\r\nX-Injected: 1",
                    "content_base64": data,
                }
            ],
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "attachments"
    assert not desk.case.entries.filter(body="Anbei").exists()
