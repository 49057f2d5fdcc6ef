"""An agent sets their own languages on My account: the first is their mail's language, all
are the ones Take next and automatic assignment prefer."""

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import AccountEvent, AgentProfile
from fairdesk.lib.errors import DomainError
from fairdesk.promises.notices import language_of


def test_an_agent_sets_english_for_their_mail_and_keeps_german_customers(ada_client, ada):
    page = ada_client.get("/desk/account/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My languages" in page and 'name="lang-language"' in page
    response = ada_client.post(
        "/desk/account/language/",
        {"lang-language": "en", "lang-spoken": ["de"]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "Your languages are saved." in response.content.decode()
    assert AgentProfile.objects.get(user=ada).languages == ["en", "de"]
    ada.refresh_from_db()
    assert language_of(ada) == "en"
    event = AccountEvent.objects.get(action="agent.language")
    assert event.actor == ada and event.data["languages"] == ["en", "de"]


def test_only_german_and_the_audit_log_names_it(ada_client, ada, admin_client):
    ada_client.post("/desk/account/language/", {"lang-language": "de"})
    assert AgentProfile.objects.get(user=ada).languages == ["de"]
    log = admin_client.get(
        "/desk/admin/audit/", {"source": "accounts"}, HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Sprache des Agenten geändert" in log and "Sprachen: de" in log


def test_a_language_the_desk_does_not_speak_is_refused_and_changes_nothing(ada_client, ada):
    before = AgentProfile.objects.get(user=ada).languages
    response = ada_client.post(
        "/desk/account/language/", {"lang-language": "fr"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    try:
        accounts.set_own_languages(user=ada, language="fr")
    except DomainError as error:
        assert error.field == "language"
    else:
        raise AssertionError("French was accepted")
    assert AgentProfile.objects.get(user=ada).languages == before
    assert not AccountEvent.objects.filter(action="agent.language").exists()
