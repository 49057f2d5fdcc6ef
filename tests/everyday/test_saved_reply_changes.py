"""Saved replies and macros changed and deleted in the desk (owner, or a lead or admin for a
team's or everyone's), and a macro that hands the case over with a note."""

import pytest

from fairdesk.cases.models import Entry, EntryKind
from fairdesk.lib.errors import NotAllowed
from fairdesk.notifications.models import Kind, Notification
from fairdesk.replies import services
from fairdesk.replies.models import SavedReply
from tests.desk.conftest import _signed_in


@pytest.fixture
def lena_client(lena):
    return _signed_in(lena)


@pytest.fixture
def replies(ada, lena, support):
    mine = services.save_reply(
        agent=ada, title="Mein Gruß", body_de="Grüße", body_en="", scope="personal"
    )
    team = services.save_reply(
        agent=ada, title="Rückruf", body_de="Wir rufen an.", body_en="", scope="team", team=support
    )
    return {"mine": mine, "team": team}


def form_of(reply, **changes) -> dict:
    data = {"title": reply.title, "body_de": reply.body_de, "body_en": reply.body_en}
    data |= {"scope": reply.scope, "team": reply.team_id or ""}
    return data | changes


def test_the_owner_edits_a_personal_reply(ada_client, ada, replies):
    mine = replies["mine"]
    page = ada_client.get("/desk/saved-replies/").content.decode()
    assert f'href="/desk/saved-replies/{mine.pk}/"' in page
    response = ada_client.post(f"/desk/saved-replies/{mine.pk}/", form_of(mine, title="Gruß"))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Gruß"


def test_a_team_reply_is_the_leads_to_change(ada_client, lena_client, ada, replies):
    team = replies["team"]
    page = ada_client.get("/desk/saved-replies/").content.decode()
    assert f'href="/desk/saved-replies/{team.pk}/"' not in page  # Ada sees it, may not change it
    refused = ada_client.post(f"/desk/saved-replies/{team.pk}/", form_of(team, title="Neu"))
    assert refused.status_code == 422 and "team lead" in refused.content.decode()
    with pytest.raises(NotAllowed):
        services.delete_reply(agent=ada, reply=team)
    assert lena_client.post(f"/desk/saved-replies/{team.pk}/delete/").status_code == 302
    assert not SavedReply.objects.filter(pk=team.pk).exists()


def test_a_personal_reply_is_nobody_elses_to_delete(lena_client, replies):
    mine = replies["mine"]
    assert lena_client.post(f"/desk/saved-replies/{mine.pk}/delete/").status_code == 404
    assert SavedReply.objects.filter(pk=mine.pk).exists()


def test_a_macro_hands_the_case_over_with_its_note(ada, ben, kurt_case, presets):
    macro = services.save_reply(
        agent=ada, title="An Technik", body_de="Wir geben das an die Technik.", body_en="",
        scope="personal", then_hand_to=ben, then_handoff_note="Bitte Leitung messen.",
    )  # fmt: skip
    services.apply_macro(reply=macro, case=kurt_case, agent=ada)
    kurt_case.refresh_from_db()
    assert kurt_case.assignee == ben
    handoff = Entry.objects.get(case=kurt_case, kind=EntryKind.OWNER)
    assert handoff.body == "Bitte Leitung messen." and handoff.author_user == ada
    assert Notification.objects.get(recipient=ben).kind == Kind.HANDED_OVER


def test_the_desk_form_sets_the_handover(ada_client, ada, ben, support):
    data = {"title": "Weiter", "body_de": "Geht weiter.", "body_en": "", "scope": "personal"}
    data |= {"team": "", "then_hand_to": ben.pk, "then_handoff_note": "Für dich."}
    assert ada_client.post("/desk/saved-replies/", data).status_code == 302
    macro = SavedReply.objects.get(title="Weiter")
    assert macro.then_hand_to == ben and macro.then_handoff_note == "Für dich."
