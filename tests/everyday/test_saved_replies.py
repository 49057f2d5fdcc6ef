"""Saved replies: personal, team and global; German and English; variables; the picker."""

from datetime import timedelta

import pytest

from fairdesk.lib import clock
from fairdesk.lib.dates import moment_text
from fairdesk.lib.errors import DomainError, NotAllowed
from fairdesk.promises import services as promises
from fairdesk.replies import selectors, services


@pytest.fixture
def replies(ada, ben, lena, support):
    mine = services.save_reply(
        agent=ada,
        title="Mein Gruß",
        body_de="Viele Grüße, {agent_name}",
        body_en="",
        scope="personal",
    )
    team = services.save_reply(
        agent=ada, title="Rückruf", scope="team", team=support,
        body_de="Hallo {customer_name}, wir rufen Sie zu {reference} bis {next_due} zurück.",
        body_en="Hello {customer_name}, we will call you about {reference} by {next_due}.",
    )  # fmt: skip
    everyone = services.save_reply(
        agent=lena, title="Danke", body_de="Danke!", body_en="Thank you!", scope="global"
    )
    return {"mine": mine, "team": team, "everyone": everyone}


def test_a_personal_reply_is_seen_by_its_owner_only(ada, ben, lena, replies):
    assert set(selectors.visible_to(ada)) == set(replies.values())
    assert list(selectors.visible_to(ben)) == [replies["everyone"]]  # Technik, not Support
    assert replies["mine"] not in selectors.visible_to(lena)


def test_sharing_needs_the_team_or_a_lead(ada, technik, replies):
    with pytest.raises(NotAllowed):
        services.save_reply(agent=ada, title="x", body_de="x", body_en="", scope="global")
    with pytest.raises(NotAllowed):
        services.save_reply(
            agent=ada, title="x", body_de="x", body_en="", scope="team", team=technik
        )


def test_variables_are_filled_in_the_customers_language(ada, olga, kurt_case, olga_case, replies):
    promises.make_promise(
        case=olga_case, agent=ada, kind="callback", due_at=clock.now() + timedelta(days=1, hours=2),
        description="Call back",
    )  # fmt: skip
    english = selectors.filled_in(replies["team"], case=olga_case, agent=ada)
    assert english.startswith(f"Hello Olga Other, we will call you about {olga_case.reference} by ")
    assert "{next_due}" not in english and english.strip().endswith(".")
    german = selectors.filled_in(replies["team"], case=kurt_case, agent=ada)
    assert german.startswith("Hallo Kurt Kunde") and kurt_case.reference in german
    assert (
        selectors.filled_in(replies["mine"], case=olga_case, agent=ada) == "Viele Grüße, Ada Agent"
    )


def test_the_picker_finds_as_the_agent_types(ada_client, ben_client, kurt_case, replies):
    url = f"/desk/cases/{kurt_case.reference}/saved-replies/"
    page = ada_client.get(url, {"q": "rück"}).content.decode()
    assert "Rückruf" in page and "Hallo Kurt Kunde" in page and "Danke" not in page
    assert "Mein Gruß" not in ben_client.get(url, {"q": ""}).content.decode()
    case_page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert f'hx-get="{url}"' in case_page


def test_the_desk_form_saves_and_refuses_with_a_message(ada_client, ada, support):
    response = ada_client.post(
        "/desk/saved-replies/",
        {"title": "Foto", "body_de": "Bitte ein Foto.", "body_en": "", "scope": "personal"},
    )
    assert response.status_code == 302
    assert [r.title for r in selectors.visible_to(ada)] == ["Foto"]
    refused = ada_client.post(
        "/desk/saved-replies/", {"title": "Alle", "body_de": "x", "scope": "global"}
    )
    assert refused.status_code == 422
    assert "Only team leads share replies with everyone." in refused.content.decode()


@pytest.fixture
def photo_macro(ada, support):
    return services.save_reply(
        agent=ada, title="Foto anfordern", scope="team", team=support,
        body_de="Hallo {customer_name}, bitte senden Sie uns ein Foto des Routers.", body_en="",
        then_status="waiting_on_customer", then_priority="high", then_tags="foto",
        then_take=True, then_promise="callback", then_promise_hours=48,
    )  # fmt: skip


def test_a_macro_sends_the_reply_and_makes_each_change_on_the_timeline(
    ada, kurt_case, photo_macro, presets
):
    with clock.frozen_at(clock.now().replace(month=3, day=1, hour=9, year=2027)):
        services.apply_macro(reply=photo_macro, case=kurt_case, agent=ada)
    kurt_case.refresh_from_db()
    assert kurt_case.status == "waiting_on_customer" and kurt_case.priority == "high"
    assert kurt_case.assignee == ada and list(kurt_case.tags.values_list("name", flat=True)) == [
        "foto"
    ]
    kinds = list(kurt_case.entries.order_by("id").values_list("kind", flat=True))
    assert {"reply", "owner", "status", "promise"} <= set(kinds)
    reply = kurt_case.entries.get(kind="reply")
    assert reply.body.startswith("Hallo Kurt Kunde, bitte senden")
    assert kurt_case.promises.filter(kind="callback", description="Foto anfordern").exists()


def test_a_refused_step_leaves_nothing_done(ada, ben, kurt_case, photo_macro, presets):
    # 48 hours after Friday 20:00 is Sunday: the business calendar refuses the promise.
    friday_evening = clock.now().replace(year=2027, month=3, day=5, hour=20)
    with clock.frozen_at(friday_evening), pytest.raises(DomainError):
        services.apply_macro(reply=photo_macro, case=kurt_case, agent=ada)
    kurt_case.refresh_from_db()
    assert kurt_case.status == "new" and not kurt_case.entries.filter(kind="reply").exists()
    assert not kurt_case.tags.exists() and kurt_case.assignee is None


def test_the_desk_applies_a_macro_from_the_picker(
    ada_client, ben_client, kurt_case, photo_macro, presets
):
    url = f"/desk/cases/{kurt_case.reference}/saved-replies/"
    assert "and apply its changes" in ada_client.get(url, {"q": "foto"}).content.decode()
    with clock.frozen_at(clock.now().replace(year=2027, month=3, day=1, hour=9)):
        response = ada_client.post(
            f"/desk/cases/{kurt_case.reference}/macro/", {"macro-macro": photo_macro.pk}
        )
    assert response.status_code == 302
    assert kurt_case.entries.filter(kind="reply").count() == 1
    refused = ben_client.post(
        f"/desk/cases/{kurt_case.reference}/macro/", {"macro-macro": photo_macro.pk}
    )
    assert refused.status_code == 422  # Ben is not in Support: not his to use
    assert "not yours to use" in refused.content.decode()


def test_a_variable_the_desk_does_not_know_is_refused_when_saved(ada_client, ada):
    # An agent writing German guesses "{kundenname}"; kept, it would reach the customer as is.
    refused = ada_client.post(
        "/desk/saved-replies/",
        {
            "title": "Gruß",
            "body_de": "Hallo {kundenname}, Ihr Fall {reference}.",
            "body_en": "",
            "scope": "personal",
        },
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "{kundenname}" in page and "{customer_name}" in page
    assert "Hallo {kundenname}, Ihr Fall {reference}." in page  # what was typed stays
    assert not selectors.visible_to(ada).exists()
    with pytest.raises(DomainError) as refusal:
        services.save_reply(
            agent=ada, title="x", body_de="", body_en="Dear {Name}", scope="personal"
        )
    assert refusal.value.field == "body_en"


def test_a_german_text_used_for_an_english_customer_gets_a_german_date(ada, olga_case, replies):
    # "Mein Gruß" has no English text, so Olga gets the German one: its date must be German.
    promises.make_promise(
        case=olga_case, agent=ada, kind="callback", due_at=clock.now() + timedelta(days=1, hours=2),
        description="Call back",
    )  # fmt: skip
    german_only = services.save_reply(
        agent=ada, title="Termin", body_de="Wir melden uns bis {next_due}.", body_en="",
        scope="personal",
    )  # fmt: skip
    text = selectors.filled_in(german_only, case=olga_case, agent=ada)
    due = olga_case.promises.get(kind="callback").due_at
    assert text == f"Wir melden uns bis {moment_text(due, language='de')}."


def test_a_macro_whose_variable_has_no_value_is_refused_and_sends_nothing(
    ada, ada_client, kurt_case, presets
):
    # Every promise the customer could see is withdrawn: "{next_due}" has nothing to say.
    for promise in kurt_case.promises.filter(state="pending"):
        promises.withdraw_promise(promise=promise, agent=ada, reason="Test: nichts offen")
    macro = services.save_reply(
        agent=ada, title="Stand", body_de="Wir melden uns bis {next_due}.", body_en="",
        scope="personal", then_status="waiting_on_customer",
    )  # fmt: skip
    refused = ada_client.post(
        f"/desk/cases/{kurt_case.reference}/macro/", {"macro-macro": macro.pk}
    )
    assert refused.status_code == 422
    assert "{next_due}" in refused.content.decode()
    kurt_case.refresh_from_db()
    assert kurt_case.status == "new" and not kurt_case.entries.filter(kind="reply").exists()
