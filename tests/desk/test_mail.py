"""Mail in the desk: the flagged-mail list, and an email's quoted text folded on the case page."""

from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from fairdesk.channels.email import drain
from fairdesk.channels.email.ingest import ingest, receive
from fairdesk.channels.email.model import Limits
from fairdesk.channels.email.models import InboundMessage


def raw_mail(
    *,
    sender: str = "Kurt Kunde <kurt@example.org>",
    subject: str = "Internet geht nicht",
    body: str = "Seit gestern keine Verbindung.",
    in_reply_to: str = "",
    files: int = 0,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@fairdesk.localhost"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.org")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    message.set_content(body)
    for number in range(files):
        message.add_attachment(
            b"x", maintype="application", subtype="octet-stream", filename=f"f{number}.bin"
        )
    return bytes(message)


@pytest.fixture
def flagged(support, kurt) -> list[InboundMessage]:
    """An over-the-limits mail from Kurt and a stranger's mail naming Kurt's case."""
    too_big = ingest(raw_mail(subject="Viele Anhänge", files=5), limits=Limits(max_parts=3))
    kurts = ingest(raw_mail(subject="Störung")).inbound.case
    stranger = ingest(
        raw_mail(sender="Mallory <mallory@evil.example>", subject=f"[{kurts.reference}] Passwort")
    )
    return [too_big.inbound, stranger.inbound]


def test_flagged_mail_lists_sender_subject_reason_and_case(ada_client, flagged):
    too_big, stranger = flagged
    page = ada_client.get("/desk/mail/flagged/").content.decode()
    assert "kurt@example.org" in page and "Viele Anhänge" in page
    assert "mallory@evil.example" in page
    # The reason is said in the reader's language, from the code ingest recorded.
    assert f"the sender is not part of {stranger.case.related.get().reference}" in page
    assert "too complex (message has more than" in page
    for mail in flagged:
        assert f'href="/desk/cases/{mail.case.reference}/#entry-{mail.entry_id}"' in page
    # Newest first.
    assert page.index("mallory@evil.example") < page.index("Viele Anhänge")


def test_flagged_mail_is_in_the_desk_navigation(ada_client):
    page = ada_client.get("/desk/").content.decode()
    assert 'href="/desk/mail/flagged/"' in page


def test_flagged_entry_on_the_case_links_to_the_list(ada_client, flagged):
    page = ada_client.get(f"/desk/cases/{flagged[0].case.reference}/").content.decode()
    assert "Email flagged for an agent:" in page


def test_flagged_mail_query_count_is_pinned(ada_client, flagged, django_assert_num_queries):
    for number in range(5):
        ingest(raw_mail(sender=f"Fremd {number} <f{number}@evil.example>", subject="[FD-000001] x"))
    # session, user with agent profile; the page of mail with its cases; the received backlog.
    with django_assert_num_queries(5):
        assert ada_client.get("/desk/mail/flagged/").status_code == 200


def test_quoted_text_is_folded_on_the_case_page(ada_client, support, kurt):
    inbound = ingest(
        raw_mail(body="Neue Info.\n\nOn Mon, Kurt wrote:\n> alte Info\n> mehr alte Info\n")
    ).inbound
    page = ada_client.get(f"/desk/cases/{inbound.case.reference}/").content.decode()
    entry = page[page.index(f'id="entry-{inbound.entry_id}"') :]
    folded = entry[entry.index('<details class="quoted">') : entry.index("</details>")]
    assert "alte Info" in folded
    assert entry.index("Neue Info.") < entry.index('<details class="quoted">')


def test_case_page_with_mails_keeps_its_query_count(
    ada_client, support, kurt, django_assert_num_queries
):
    first = ingest(raw_mail(body="Erste.\n\n> zitiert 0\n")).inbound
    for number in range(1, 4):
        ingest(
            raw_mail(body=f"Noch {number}.\n\n> zitiert {number}\n", in_reply_to=first.message_id)
        )
    case = first.case
    assert case.entries.filter(kind="message_in").count() == 4
    # The same count as the pinned page in test_case_page.py: the mail rides with its entry.
    # + processes, mail participants, tags, linked cases, the read record, the visibility,
    # the header's unread notifications (the forms with choices from the database come
    # when opened); no entry has files, so they are not asked for
    with django_assert_num_queries(13):
        page = ada_client.get(f"/desk/cases/{case.reference}/").content.decode()
    assert all(f"zitiert {number}" in page for number in range(4))


def test_mark_reviewed_takes_the_mail_off_the_list(ada_client, flagged):
    too_big, stranger = flagged
    response = ada_client.post(f"/desk/mail/{stranger.pk}/reviewed/")
    assert response.status_code == 302 and response["Location"] == "/desk/mail/flagged/"
    page = ada_client.get("/desk/mail/flagged/").content.decode()
    assert "Email marked as reviewed." in page
    assert "mallory@evil.example" not in page and "Viele Anhänge" in page
    assert 'href="/desk/mail/flagged/?show=all"' in page
    # Shown again, with who reviewed it and no button, when asked for.
    everything = ada_client.get("/desk/mail/flagged/?show=all").content.decode()
    row = everything[everything.index(f'id="mail-{stranger.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "mallory@evil.example" in row and "Reviewed by Ada" in row
    assert "/reviewed/" not in row
    assert f'action="/desk/mail/{too_big.pk}/reviewed/?show=all"' in everything
    stranger.refresh_from_db()
    assert stranger.reviewed_by.username == "ada"


def test_each_row_has_a_csrf_protected_button(ada_client, flagged):
    page = ada_client.get("/desk/mail/flagged/").content.decode()
    for mail in flagged:
        form = page[page.index(f'action="/desk/mail/{mail.pk}/reviewed/"') :]
        form = form[: form.index("</form>")]
        assert "csrfmiddlewaretoken" in form and "Mark reviewed" in form


def test_reviewing_twice_shows_the_refusal(ada_client, ben, flagged):
    stranger = flagged[1]
    assert ada_client.post(f"/desk/mail/{stranger.pk}/reviewed/").status_code == 302
    ada_client.force_login(ben)
    response = ada_client.post(f"/desk/mail/{stranger.pk}/reviewed/")
    # 422 like the desk's other refused forms, so htmx swaps the page with its message in.
    assert response.status_code == 422
    assert "already been marked as reviewed" in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.reviewed_by.username == "ada"


def test_stored_or_unknown_mail_is_not_found(ada_client, support, kurt):
    stored = ingest(raw_mail()).inbound
    assert ada_client.post(f"/desk/mail/{stored.pk}/reviewed/").status_code == 404
    assert ada_client.post("/desk/mail/999999/reviewed/").status_code == 404
    assert ada_client.get(f"/desk/mail/{stored.pk}/reviewed/").status_code == 405


def test_reviewed_list_query_count_is_pinned(ada_client, flagged, django_assert_num_queries):
    for mail in flagged:
        ada_client.post(f"/desk/mail/{mail.pk}/reviewed/")
    for number in range(5):
        ingest(raw_mail(sender=f"Fremd {number} <f{number}@evil.example>", subject="[FD-000001] x"))
    # The same: who reviewed rides along with the mail and its case.
    with django_assert_num_queries(5):
        assert ada_client.get("/desk/mail/flagged/?show=all").status_code == 200


def test_review_speaks_german(ada_client, flagged):
    page = ada_client.get("/desk/mail/flagged/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Als geprüft markieren" in page and "Auch geprüfte E-Mails zeigen" in page


def test_flagged_mail_reasons_are_said_in_german_to_a_german_agent(ada_client, flagged):
    page = ada_client.get("/desk/mail/flagged/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "der Absender gehört nicht zu" in page
    assert "the sender is not part of" not in page


def test_mail_received_but_not_yet_filed_is_announced(ada_client, support):
    page = ada_client.get("/desk/mail/flagged/").content.decode()
    assert "not yet filed" not in page  # nothing waits: nothing said
    for number in range(2):
        receive(raw_mail(subject=f"Noch nicht abgelegt {number}"), source="lmtp")
    page = ada_client.get("/desk/mail/flagged/").content.decode()
    assert "Emails received and not yet filed on a case: 2." in page
    assert "The oldest arrived" in page
    german = ada_client.get("/desk/mail/flagged/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Eingegangene E-Mails, die noch keinem Fall zugeordnet sind: 2." in german
    assert "Die älteste kam" in german
    drain.drain()
    assert "not yet filed" not in ada_client.get("/desk/mail/flagged/").content.decode()
