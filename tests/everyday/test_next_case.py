"""The case page's "next case" link (and its key j): the queue order's next case in the
agent's own work, then the first waiting in their teams' queues."""

from datetime import timedelta

from fairdesk.cases import services as cases
from fairdesk.lib import clock


def open_case(kurt, subject, at):
    with clock.frozen_at(at):
        return cases.open_new_case(customer=kurt, subject=subject, body="…", channel="email").case


def test_next_case_follows_the_queue_order(ada_client, ada, kurt, support):
    start = clock.now() - timedelta(days=3)
    first = open_case(kurt, "Erster", start)
    second = open_case(kurt, "Zweiter", start + timedelta(hours=1))
    waiting = open_case(kurt, "Wartet", start + timedelta(hours=2))
    cases.take(case=first, agent=ada)
    cases.take(case=second, agent=ada)
    page = ada_client.get(f"/desk/cases/{first.reference}/").content.decode()
    assert f'href="/desk/cases/{first.reference}/next/"' in page
    assert ada_client.get(f"/desk/cases/{first.reference}/next/").url == (
        f"/desk/cases/{second.reference}/"
    )
    # After the last of her own: the first case waiting in her team's queue.
    assert ada_client.get(f"/desk/cases/{second.reference}/next/").url == (
        f"/desk/cases/{waiting.reference}/"
    )
    cases.take(case=waiting, agent=ada)
    last = ada_client.get(f"/desk/cases/{waiting.reference}/next/", follow=True)
    assert "No further case" in last.content.decode()


def test_next_case_stays_in_the_agents_own_work_and_teams(ben_client, kurt, support):
    case = open_case(kurt, "Support", clock.now())  # Support's queue; Ben is in Technik
    response = ben_client.get(f"/desk/cases/{case.reference}/next/")
    assert response.url == f"/desk/cases/{case.reference}/"
