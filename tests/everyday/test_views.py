"""Views with counts: overdue, due today, unassigned, waiting, all open, my team's; filters
on them in the desk and the same in GET /api/v1/cases."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import case_views
from fairdesk.promises import services as promises
from fairdesk.promises.case_views import CaseFilter
from fairdesk.queues import selectors as queue_selectors

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = datetime(2027, 3, 1, 9, 0, tzinfo=BERLIN)


def _case(customer, subject, **extra):
    return cases.open_new_case(
        customer=customer,
        subject=subject,
        body="Text.",
        channel=extra.pop("channel", "web"),
        **extra,
    ).case


@pytest.fixture
def world(ada, ben, kurt, olga, support, technik, fault):
    """At Monday 09:00: one case with a callback due at 08:00 (overdue), one due at 15:00
    (due today), one waiting on Olga (English, by phone), one in Technik's queue."""
    with clock.frozen_at(MONDAY_MORNING - timedelta(days=3)):
        late = _case(kurt, "Rückruf verpasst", category=fault, team=support)
        today = _case(olga, "Call me today", team=support)
        waiting = _case(olga, "Send the photo", team=support, channel="phone")
        elsewhere = _case(kurt, "Leitung messen", team=technik)
        cases.take(case=late, agent=ada)
        for case, hour in ((late, 8), (today, 15)):
            promises.make_promise(
                case=case,
                agent=ada,
                kind="callback",
                due_at=MONDAY_MORNING.replace(hour=hour),
                description="Rückruf",
            )
        cases.change_status(case=waiting, agent=ada, status="waiting_on_customer")
        cases.set_tags(case=waiting, agent=ada, names=["foto"])
    return {"late": late, "today": today, "waiting": waiting, "elsewhere": elsewhere}


def test_each_view_counts_its_cases(ada, world):
    with clock.frozen_at(MONDAY_MORNING):
        counted = case_views.counts(agent=ada)
    assert counted == {
        "overdue": 1,
        "due_today": 1,
        "unassigned": 3,
        "waiting_on_customer": 1,
        "waiting_on_third_party": 0,
        "open": 4,
        "my_team": 3,
    }


def test_filters_narrow_every_count(ada, world):
    english_phone = CaseFilter(language="en", channel="phone")
    with clock.frozen_at(MONDAY_MORNING):
        counted = case_views.counts(agent=ada, narrowed=english_phone)
        by_tag = case_views.counts(agent=ada, narrowed=CaseFilter(tag="foto"), only=("open",))
    assert counted["open"] == 1 and counted["waiting_on_customer"] == 1
    assert counted["overdue"] == 0 and by_tag == {"open": 1}


def test_the_desk_lists_a_view_with_all_counts_in_its_navigation(
    ada_client, world, django_assert_num_queries
):
    with clock.frozen_at(MONDAY_MORNING):
        page = ada_client.get("/desk/views/overdue/").content.decode()
        assert world["late"].reference in page and world["today"].reference not in page
        assert 'data-view="unassigned">3<' in page and 'data-view="open">4<' in page
        filtered = ada_client.get("/desk/views/open/?language=en&channel=phone").content.decode()
        assert world["waiting"].reference in filtered and world["late"].reference not in filtered
        assert 'data-view="open">1<' in filtered
        # session, user, agent; seven counts and my teams; the short list (ids, earliest
        # due, rows, next due); the choices of the filter (team, owner, category) and of the
        # bulk form; the header's unread notifications; the saved filters and the teams to
        # share one with; the desk's case visibility (read once per request)
        with django_assert_num_queries(23):
            ada_client.get("/desk/views/open/")


def test_the_header_counts_come_after_the_page(ada_client, world):
    with clock.frozen_at(MONDAY_MORNING):
        layout = ada_client.get("/desk/").content.decode()
        counts = ada_client.get("/desk/views/counts/").content.decode()
    assert 'hx-get="/desk/views/counts/"' in layout
    assert 'count-overdue" title="Overdue or broken">1<' in counts


def test_an_unknown_view_is_404(ada_client, world):
    assert ada_client.get("/desk/views/everything/").status_code == 404


def test_the_api_lists_the_same_views_and_filters(ada_api, world):
    with clock.frozen_at(MONDAY_MORNING):
        overdue = ada_api.get("/cases", view="overdue").json()["items"]
        english = ada_api.get("/cases", view="open", language="en", channel="phone").json()
        tagged = ada_api.get("/cases", tag="FOTO").json()["items"]
        faults = ada_api.get("/cases", category="Internet > Störung").json()["items"]
    assert [c["reference"] for c in overdue] == [world["late"].reference]
    assert [c["reference"] for c in english["items"]] == [world["waiting"].reference]
    assert [c["reference"] for c in tagged] == [world["waiting"].reference]
    assert [c["reference"] for c in faults] == [world["late"].reference]


def test_a_customer_token_cannot_ask_for_a_desk_view(kurt_api, world):
    assert kurt_api.get("/cases", view="open").status_code == 403
    assert kurt_api.get("/cases", view="nonsense").status_code == 422


def test_a_short_list_is_ordered_like_a_long_one(ada, world, monkeypatch):
    from fairdesk.desk import worklists

    with clock.frozen_at(MONDAY_MORNING):
        lookups = case_views.view_lookups("open", agent=ada)
        walked = worklists.page(worklists.Worklist(lookups), None, size=3)
        sorted_here = worklists.page_of_few(worklists.Worklist(lookups), None, size=3)
        second = worklists.page_of_few(worklists.Worklist(lookups), "2", size=3)
    assert [c.pk for c in sorted_here.rows] == [c.pk for c in walked.rows]
    assert [c.pk for c in sorted_here.rows][:2] == [world["late"].pk, world["today"].pk]
    assert sorted_here.has_next and len(second.rows) == 1 and not second.has_next


def test_with_team_visibility_views_bulk_and_merge_keep_to_the_agents_cases(
    teams_only, ben_client, ben, world
):
    with clock.frozen_at(MONDAY_MORNING):
        page = ben_client.get("/desk/views/open/").content.decode()
    assert world["elsewhere"].reference in page and world["late"].reference not in page
    assert 'data-view="open">1<' in page
    text = ben_client.post(
        "/desk/views/bulk/",
        {"bulk-action": "take", "cases": [world["late"].reference], "next": "/desk/views/"},
        follow=True,
    ).content.decode()
    assert f"{world['late'].reference}: No such case." in text
    refused = ben_client.post(
        f"/desk/cases/{world['elsewhere'].reference}/link/",
        {"link-other": world["late"].reference},
    )
    assert (
        refused.status_code == 422
        and f"No case {world['late'].reference}." in refused.content.decode()
    )


def test_cases_overdue_since_the_same_time_list_the_older_first(
    ada, ada_client, kurt, olga, support
):
    """The newer case's promise is made first, so its promise has the lower id: the walk
    along the owed promises still puts the case opened first before it."""
    with clock.frozen_at(MONDAY_MORNING - timedelta(days=3)):
        older = _case(kurt, "Zuerst gemeldet", team=support)
        newer = _case(olga, "Reported second", team=support)
        for case in (newer, older):
            promises.make_promise(
                case=case,
                agent=ada,
                kind="callback",
                due_at=MONDAY_MORNING.replace(hour=8),
                description="Rückruf",
            )
    with clock.frozen_at(MONDAY_MORNING):
        lookups = case_views.view_lookups("overdue", agent=ada)
        walk = case_views.walk_lookups("overdue", narrowed={})
        first = queue_selectors.next_case_ids(lookups, 1, walk=walk)
        page = ada_client.get("/desk/views/overdue/").content.decode()
    assert first == [older.pk]
    assert page.index(older.reference) < page.index(newer.reference)
