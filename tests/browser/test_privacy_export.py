"""A customer downloads their data export in a real browser: one zip with their cases and
files, under the strict CSP."""

import json
import zipfile
from pathlib import Path

import pytest

from fairdesk.cases import services as cases
from fairdesk.portal import services as portal
from fairdesk.privacy.models import PrivacyRecord

pytestmark = pytest.mark.browser


def test_a_customer_downloads_their_data_export(page, watched, kurt, support, tmp_path):
    case = cases.open_case(
        customer=kurt,
        subject="Router blinkt",
        body="Die LED blinkt rot.",
        channel="portal",
        attachments=(cases.NewAttachment("foto.jpg", b"JPEG-OF-KURT", "image/jpeg"),),
    ).case
    page.goto(f"/portal/sign-in/{portal.issue_sign_in_link(customer=kurt)}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/portal/")

    with page.expect_download() as download:
        page.locator("form.my-data button").click()  # Kurt reads German
    saved = Path(tmp_path) / download.value.suggested_filename
    download.value.save_as(saved)

    assert saved.suffix == ".zip"
    with zipfile.ZipFile(saved) as archive:
        data = json.loads(archive.read("data.json"))
        files = [name for name in archive.namelist() if name != "data.json"]
        assert [archive.read(name) for name in files] == [b"JPEG-OF-KURT"]
    assert data["customer"]["name"] == "Kurt Kunde"
    assert [c["reference"] for c in data["cases"]] == [case.reference]
    assert PrivacyRecord.objects.get().by_customer
    assert watched.errors == [] and watched.csp_violations == []
