"""GET /api/v1/cases/{reference}/attachments/{id}: a download, never a page."""

from fairdesk.cases import services


def test_download_is_an_attachment_that_is_never_sniffed(kurt_api, desk):
    response = kurt_api.get(f"/cases/{desk.case.reference}/attachments/{desk.public_file.pk}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Leitung: 16 Mbit/s"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "messung.txt" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_html_is_served_as_plain_bytes(ada, ada_api, desk):
    entry = services.reply(
        case=desk.case,
        agent=ada,
        body="Anbei",
        attachments=(services.NewAttachment("x.html", b"<script>1</script>", "text/html"),),
    )
    response = ada_api.get(f"/cases/{desk.case.reference}/attachments/{entry.attachments.get().pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"


def test_a_file_is_found_only_through_its_own_case(ada_api, desk):
    response = ada_api.get(f"/cases/{desk.second.reference}/attachments/{desk.public_file.pk}")
    assert response.status_code == 404


def test_attachment_id_must_be_a_number(ada_api, desk):
    response = ada_api.get(f"/cases/{desk.case.reference}/attachments/abc")
    assert response.status_code == 422


def test_listed_attachments_lead_to_their_download(kurt_api, desk):
    timeline = kurt_api.get(f"/cases/{desk.case.reference}").json()["timeline"]
    ids = [a["id"] for entry in timeline for a in entry["attachments"]]
    assert ids == [desk.public_file.pk]  # the note's file is not even listed
