"""The desk's rough edges a new team hits in its first hour, each pinned by a test."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from fairdesk.cases import services as cases
from fairdesk.cases.models import Status
from fairdesk.lib import clock


def _action(case, action):
    return reverse("desk:case_action", args=[case.reference, action])


def _page(client, case) -> str:
    return client.get(reverse("desk:case", args=[case.reference])).content.decode()


class TestRefusedForms:
    def test_reloading_an_action_address_shows_the_case(self, ada_client, kurt_case):
        # htmx leaves a refused form's action in the address bar; reloading it was a 405.
        response = ada_client.get(_action(kurt_case, "note"))
        assert response.status_code == 302
        assert response["Location"] == reverse("desk:case", args=[kurt_case.reference])

    def test_a_refused_htmx_form_keeps_the_page_address(self, ada_client, kurt_case):
        response = ada_client.post(
            _action(kurt_case, "note"), {"note-body": ""}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 422
        assert response["HX-Push-Url"] == "false"

    def test_a_successful_form_is_left_to_htmx(self, ada_client, kurt_case):
        response = ada_client.post(
            _action(kurt_case, "note"), {"note-body": "ok"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 302 and "HX-Push-Url" not in response


def test_losing_the_race_to_take_a_case_says_so(ada_client, lena, kurt_case):
    cases.take(case=kurt_case, agent=lena)  # a moment before Ada clicks "Take this case"
    response = ada_client.post(_action(kurt_case, "take"), {})
    assert response.status_code == 422
    page = response.content.decode()
    assert "already has an owner" in page and "Lena Lead" in page


class TestClosedCase:
    def test_a_closed_case_offers_no_forms_but_reopening(self, ada_client, ada, kurt_case):
        cases.change_status(case=kurt_case, agent=ada, status=Status.CLOSED)
        page = _page(ada_client, kurt_case)
        assert 'name="reply-body"' not in page and 'name="note-body"' not in page
        assert "Take this case" not in page and 'name="hand_over-note"' not in page
        assert f"/desk/cases/{kurt_case.reference}/forms/" not in page  # none to fetch either
        assert _action(kurt_case, "reopen") in page

    def test_an_agent_reopens_a_closed_case(self, ada_client, ada, kurt_case):
        cases.change_status(case=kurt_case, agent=ada, status=Status.CLOSED)
        response = ada_client.post(_action(kurt_case, "reopen"), {"reopen-reason": "Kam wieder"})
        assert response.status_code == 302
        kurt_case.refresh_from_db()
        assert kurt_case.status == Status.OPEN
        assert 'name="reply-body"' in _page(ada_client, kurt_case)

    def test_an_open_case_cannot_be_reopened(self, ada_client, kurt_case):
        response = ada_client.post(_action(kurt_case, "reopen"), {})
        assert response.status_code == 422
        kurt_case.refresh_from_db()
        assert kurt_case.status == Status.NEW


def test_a_5000_character_search_gets_a_clear_answer(ada_client, kurt_case):
    response = ada_client.get(reverse("desk:search"), {"q": "Internet " * 560})
    assert response.status_code == 200
    assert "Only the first 200 characters were searched." in response.content.decode()


def test_the_search_box_takes_at_most_200_characters(ada_client):
    page = ada_client.get(reverse("desk:my_work")).content.decode()
    assert 'name="q"' in page and 'maxlength="200"' in page


def test_api_docs_come_from_our_own_static_files(db):
    client = Client()
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_portal_and_desk_keep_their_own_language(ada_client, kurt):
    # The desk in German; the same browser switches the portal to English.
    ada_client.post(reverse("set_language"), {"language": "de", "next": "/desk/"})
    response = ada_client.post(reverse("set_language"), {"language": "en", "next": "/portal/"})
    assert response.cookies[settings.FAIRDESK_PORTAL_LANGUAGE_COOKIE].value == "en"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    desk = ada_client.get(reverse("desk:my_work"))
    assert desk.content.decode().startswith('<!doctype html>\n<html lang="de"')
    portal = ada_client.get(reverse("portal:sign_in"))
    assert portal.content.decode().startswith('<!doctype html>\n<html lang="en"')


def test_a_join_to_confirm_offers_the_agent_a_split(ada_client, kurt, support):
    first = cases.open_new_case(
        customer=kurt,
        subject="Router",
        body="Router rot.",
        channel="email",
    ).case
    second = cases.open_new_case(
        customer=kurt,
        subject="Rechnung",
        body="Zu hoch.",
        channel="email",
    ).case
    joined = cases.open_case(
        customer=kurt, subject="Und?", body="Wie ist der Stand?", channel="email"
    )
    assert joined.case == second
    page = _page(ada_client, second)
    assert first.reference in page and _action(second, "split_off") in page
    response = ada_client.post(_action(second, "split_off"), {"split_off-entry": joined.entry.pk})
    assert response.status_code == 302
    assert kurt.cases.count() == 3
    assert not second.entries.filter(pk=joined.entry.pk).exists()


def test_a_promise_outside_business_hours_needs_the_agent_s_confirmation(ada_client, kurt_case):
    from fairdesk.promises.models import Promise
    from fairdesk.promises.presets import ensure_presets

    ensure_presets()  # the Standard policy: Monday to Friday, 08:00 to 18:00
    christmas_night = {  # next year's: always ahead, and within the promise horizon
        "promise-kind": "callback",
        "promise-due_at": f"{clock.now().year + 1}-12-25T03:00",
        "promise-description": "Rückruf",
    }
    refused = ada_client.post(_action(kurt_case, "promise"), christmas_night)
    assert refused.status_code == 422
    assert "outside business hours" in refused.content.decode()
    assert not Promise.objects.filter(case=kurt_case, kind="callback").exists()
    confirmed = christmas_night | {"promise-outside_business_hours": "on"}
    assert ada_client.post(_action(kurt_case, "promise"), confirmed).status_code == 302
    year_9999 = confirmed | {"promise-due_at": "9999-01-04T10:00"}
    refused = ada_client.post(_action(kurt_case, "promise"), year_9999)
    assert refused.status_code == 422 and "days ahead" in refused.content.decode()
