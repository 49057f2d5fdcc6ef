"""Notifications in the desk: the count in every page's header (one query), the list, reading
one (it leads to its case) or all, and the choice of how each kind reaches the agent."""

from fairdesk.cases import services as cases
from fairdesk.notifications import selectors
from fairdesk.notifications.models import Delivery, Kind, Notification


def mention(case, by, who="ada", times=1):
    for n in range(times):
        cases.add_note(case=case, agent=by, body=f"@{who} Nummer {n}")


def test_the_header_shows_the_unread_count_and_polls_it(ada_client, kurt_case, lena):
    mention(kurt_case, lena, times=3)
    page = ada_client.get("/desk/").content.decode()
    assert 'id="unread-count"' in page and 'hx-get="/desk/notifications/count/"' in page
    assert ">3</span>" in page
    badge = ada_client.get("/desk/notifications/count/").content.decode()
    assert 'hx-trigger="every 10s"' in badge and ">3</span>" in badge


def test_the_unread_count_is_one_query(ada_client, kurt_case, lena, django_assert_num_queries):
    mention(kurt_case, lena, times=3)
    # session, user with agent profile; the count
    with django_assert_num_queries(3):
        ada_client.get("/desk/notifications/count/")


def test_the_list_costs_the_same_for_many(
    ada_client, ada, kurt_case, lena, ben, django_assert_num_queries
):
    mention(kurt_case, lena, times=2)
    # session, user with agent; the header's count; preferences; the list (with case, entry, actor)
    with django_assert_num_queries(5):
        first = ada_client.get("/desk/notifications/")
    cases.hand_over(case=kurt_case, agent=lena, to_agent=ada, note="Übernimm bitte.")
    mention(kurt_case, ben, times=5)
    with django_assert_num_queries(5):
        second = ada_client.get("/desk/notifications/")
    assert first.status_code == second.status_code == 200
    page = second.content.decode()
    assert "Ben Technik mentioned you in a note on" in page and "Übernimm bitte." in page


def test_reading_one_leads_to_its_case(ada_client, kurt_case, lena):
    mention(kurt_case, lena)
    note = Notification.objects.get()
    response = ada_client.post(f"/desk/notifications/{note.pk}/read/")
    assert response.status_code == 302 and response.url == f"/desk/cases/{kurt_case.reference}/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_an_agent_cannot_read_anothers(ben_client, ada, kurt_case, lena):
    mention(kurt_case, lena)
    note = Notification.objects.get()
    response = ben_client.post(f"/desk/notifications/{note.pk}/read/", follow=True)
    assert "No such notification." in response.content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read(ada_client, kurt_case, lena, ada):
    mention(kurt_case, lena, times=3)
    ada_client.post("/desk/notifications/read-all/")
    assert selectors.unread_count(ada) == 0


def test_choosing_how_each_kind_arrives(ada_client, ada):
    data = {kind: Delivery.DESK for kind in Kind.values} | {Kind.MENTIONED: Delivery.DIGEST}
    response = ada_client.post("/desk/notifications/", data)
    assert response.status_code == 302
    assert selectors.deliveries(ada)[Kind.MENTIONED] == Delivery.DIGEST
    assert selectors.deliveries(ada)[Kind.HANDED_OVER] == Delivery.DESK
    refused = ada_client.post("/desk/notifications/", data | {Kind.ASSIGNED: "pigeon"})
    assert refused.status_code == 422


def test_the_list_is_in_german_for_a_german_reader(ada_client, kurt_case, lena):
    mention(kurt_case, lena)
    page = ada_client.get("/desk/notifications/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f"Lena Lead hat Sie in einer Notiz auf {kurt_case.reference}" in page
