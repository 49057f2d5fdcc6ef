"""Collision warnings: who else has the case open or is writing; a reply on a stale view."""

from datetime import timedelta

from django.urls import reverse

from fairdesk.cases import services as cases
from fairdesk.lib import clock


def _poll(client, case, draft=""):
    typing = "1" if draft else ""
    return client.post(reverse("desk:case_presence", args=[case.reference]), {"typing": typing})


def test_an_agent_sees_who_else_has_the_case_open_and_who_is_writing(
    ada_client, ben_client, kurt_case
):
    assert _poll(ada_client, kurt_case).content.decode().strip() == ""
    _poll(ben_client, kurt_case)
    assert "Ben" in _poll(ada_client, kurt_case).content.decode()
    assert "has this case open" in _poll(ada_client, kurt_case).content.decode()
    _poll(ben_client, kurt_case, draft="Sehr geehrter Herr")
    assert "is writing a reply" in _poll(ada_client, kurt_case).content.decode()


def test_a_closed_tab_is_forgotten_after_a_few_seconds(ada_client, ben_client, kurt_case):
    _poll(ben_client, kurt_case)
    with clock.frozen_at(clock.now() + timedelta(seconds=13)):
        assert "Ben" not in _poll(ada_client, kurt_case).content.decode()


def test_the_case_page_polls_for_presence(ada_client, kurt_case):
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert f'hx-post="/desk/cases/{kurt_case.reference}/presence/"' in page
    assert 'hx-trigger="load, every 3s"' in page


def _reply(client, case, body, seen, **extra):
    data = {"reply-body": body, "reply-seen_entry": seen} | extra
    return client.post(reverse("desk:case_action", args=[case.reference, "reply"]), data)


def test_a_reply_on_a_stale_view_asks_first_and_shows_what_is_new(ada_client, kurt, kurt_case):
    seen = kurt_case.entries.order_by("-id").first().pk
    cases.add_customer_message(case=kurt_case, customer=kurt, body="Hat sich erledigt!")
    response = _reply(ada_client, kurt_case, "Wir prüfen das.", seen)
    page = response.content.decode()
    assert response.status_code == 422
    assert "1 new message arrived" in page and "Hat sich erledigt!" in page
    assert "Wir prüfen das." in page  # the draft is kept
    assert not kurt_case.entries.filter(kind="reply").exists()
    sent = _reply(ada_client, kurt_case, "Wir prüfen das.", seen, **{"reply-send_anyway": "on"})
    assert sent.status_code == 302 and kurt_case.entries.filter(kind="reply").count() == 1


def test_the_stale_view_warning_counts_in_good_german(ada_client, ada, kurt, kurt_case):
    seen = kurt_case.entries.order_by("-id").first().pk
    ada_client.post("/i18n/setlang/", {"language": "de"})
    cases.add_customer_message(case=kurt_case, customer=kurt, body="Hat sich erledigt!")
    page = _reply(ada_client, kurt_case, "Wir prüfen das.", seen).content.decode()
    assert "ist 1 neue Nachricht eingegangen" in page
    cases.add_customer_message(case=kurt_case, customer=kurt, body="Doch nicht.")
    page = _reply(ada_client, kurt_case, "Wir prüfen das.", seen).content.decode()
    assert "sind 2 neue Nachrichten eingegangen" in page


def test_a_reply_on_a_current_view_goes_straight_out(ada_client, ada, kurt_case):
    cases.reply(case=kurt_case, agent=ada, body="Erste Antwort")  # my own reply is no news
    seen = kurt_case.entries.order_by("id").first().pk
    assert _reply(ada_client, kurt_case, "Zweite Antwort", seen).status_code == 302
