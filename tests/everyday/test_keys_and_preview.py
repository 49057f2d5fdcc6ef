"""Keyboard shortcuts (a static script and a help overlay) and attachment previews."""

from django.urls import reverse

from fairdesk.cases import services as cases
from fairdesk.cases.services import NewAttachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def _files(case, ada):
    cases.reply(
        case=case,
        agent=ada,
        body="Anbei",
        attachments=(
            NewAttachment("foto.png", PNG, "image/png"),
            NewAttachment("brief.pdf", b"%PDF-1.4 x", "application/pdf"),
            NewAttachment("seite.html", b"<script>alert(1)</script>", "text/html"),
        ),
    )
    return {a.filename: a for a in case.entries.get(kind="reply").attachments.all()}


def test_the_desk_loads_the_shortcuts_script_and_lists_the_keys(ada_client):
    page = ada_client.get("/desk/").content.decode()
    assert 'src="/static/desk-keys.js"' in page and 'id="keys-help"' in page
    assert "<kbd>j</kbd>" in page and "<script>" not in page.replace("<script src", "")


def test_images_and_pdf_are_previewed_inline_with_the_download_guards(ada_client, ada, kurt_case):
    files = _files(kurt_case, ada)
    image = ada_client.get(reverse("desk:preview", args=[files["foto.png"].pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["Content-Disposition"].startswith("inline;")
    assert (
        image["X-Content-Type-Options"] == "nosniff"
        and "sandbox" in image["Content-Security-Policy"]
    )
    pdf = ada_client.get(reverse("desk:preview", args=[files["brief.pdf"].pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"].startswith(
        "inline;"
    )
    assert pdf["Content-Security-Policy"] == "default-src 'none'; object-src 'self'"
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert page.count('class="preview"') == 2


def test_other_files_are_never_previewed(ada_client, ada, kurt_case):
    files = _files(kurt_case, ada)
    assert ada_client.get(reverse("desk:preview", args=[files["seite.html"].pk])).status_code == 404


def test_customers_cannot_preview(client, kurt_user, ada, kurt_case):
    files = _files(kurt_case, ada)
    client.force_login(kurt_user)
    assert client.get(reverse("desk:preview", args=[files["foto.png"].pk])).status_code == 403
