"""My work and the team queue: who sees what, in which order, with which warning."""

from datetime import UTC, datetime, timedelta

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import services as promises

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _case(customer, subject, category):
    return cases.open_new_case(
        customer=customer,
        subject=subject,
        body="Bitte helfen.",
        channel="web",
        category=category,
    ).case


def _promise(case, agent, due):
    return promises.make_promise(
        case=case, agent=agent, kind="callback", due_at=due, description="Rückruf"
    )


def _row_order(page: str, *references: str) -> list[str]:
    return sorted(references, key=page.index)


def test_queue_orders_by_earliest_promise_then_age(ada_client, ada, kurt, olga, fault, billing):
    with clock.frozen_at(MONDAY):
        oldest_without_promise = _case(kurt, "Alt, ohne Zusage", billing)
    with clock.frozen_at(MONDAY + timedelta(hours=1)):
        due_late = _case(olga, "Zusage spät", billing)
        due_soon = _case(kurt, "Zusage bald", fault)
        _promise(due_late, ada, MONDAY + timedelta(days=3))
        _promise(due_soon, ada, MONDAY + timedelta(days=1))
        page = ada_client.get("/desk/queue/").content.decode()
    assert _row_order(
        page, oldest_without_promise.reference, due_late.reference, due_soon.reference
    ) == [due_soon.reference, due_late.reference, oldest_without_promise.reference]


def test_queue_flags_a_promise_near_or_past_its_due_time(ada_client, ada, kurt, olga, billing):
    with clock.frozen_at(MONDAY):
        near = _case(kurt, "Fast fällig", billing)
        _promise(near, ada, MONDAY + timedelta(hours=4))
        past = _case(olga, "Überfällig", billing)
        _promise(past, ada, MONDAY + timedelta(hours=1))
    with clock.frozen_at(MONDAY + timedelta(hours=3, minutes=30)):
        page = ada_client.get("/desk/queue/").content.decode()
    assert page.count("due-flag-overdue") == 1
    assert page.count("due-flag-soon") == 1
    assert "overdue" in page and "due soon" in page  # said in words, not colour alone


def test_my_work_holds_my_cases_and_the_queue_holds_unowned_ones(
    ada_client, ada, ben, kurt, fault, billing
):
    mine = _case(kurt, "Meins", fault)
    cases.take(case=mine, agent=ada)
    waiting = _case(kurt, "Wartet", billing)
    my_work = ada_client.get("/desk/").content.decode()
    queue = ada_client.get("/desk/queue/").content.decode()
    assert mine.reference in my_work and waiting.reference not in my_work
    assert waiting.reference in queue and mine.reference not in queue


def test_another_teams_queue_is_not_mine(ben_client, kurt_case):
    assert kurt_case.reference not in ben_client.get("/desk/queue/").content.decode()


def test_resolved_cases_leave_the_lists(ada_client, ada, kurt_case):
    cases.change_status(case=kurt_case, agent=ada, status="resolved")
    assert kurt_case.reference not in ada_client.get("/desk/queue/").content.decode()


def test_queue_page_query_count_does_not_grow_with_rows(
    ada_client, kurt, billing, ada, django_assert_num_queries
):
    for number in range(12):
        _promise(_case(kurt, f"Fall {number}", billing), ada, clock.now() + timedelta(days=1))
    # session, user with agent profile, my teams; the page's case ids in queue order (one ORDER
    # BY on the kept next due time); the page's cases (with customer, team, owner) and their
    # promises; the agent's queue seat (away or available, beside "Take next").
    with django_assert_num_queries(8):
        response = ada_client.get("/desk/queue/")
    assert response.status_code == 200


def test_pages_continue_from_promised_cases_into_the_rest_by_age(ada, kurt, billing):
    from fairdesk.desk import worklists

    with clock.frozen_at(MONDAY):
        plain_old = _case(kurt, "ohne Zusage, alt", billing)
    with clock.frozen_at(MONDAY + timedelta(hours=1)):
        plain_new = _case(kurt, "ohne Zusage, neu", billing)
        later = _case(kurt, "spätere Zusage", billing)
        sooner = _case(kurt, "frühere Zusage", billing)
        _promise(later, ada, MONDAY + timedelta(days=2))
        _promise(later, ada, MONDAY + timedelta(days=5))  # two promises, listed once
        _promise(sooner, ada, MONDAY + timedelta(days=1))
    queue = worklists.team_queue(ada)
    pages = [worklists.page(queue, str(number), size=1) for number in (1, 2, 3, 4)]
    assert [p.rows[0].pk for p in pages] == [sooner.pk, later.pk, plain_old.pk, plain_new.pk]
    assert [p.has_next for p in pages] == [True, True, True, False]
    assert pages[0].rows[0].next_due.due_at == MONDAY + timedelta(days=1)


def test_a_broken_promise_leads_the_queue_until_it_is_made_up_for(
    ada_client, ada, kurt, olga, billing
):
    from fairdesk.promises import watch

    with clock.frozen_at(MONDAY):
        broken = _case(kurt, "Rückruf verpasst", billing)
        next_week = _case(olga, "Nächste Woche", billing)
        _promise(broken, ada, MONDAY + timedelta(hours=2))
        _promise(next_week, ada, MONDAY + timedelta(days=7))
    with clock.frozen_at(MONDAY + timedelta(hours=3)):
        watch.run()  # the callback was not made: broken
        page = ada_client.get("/desk/queue/").content.decode()
        assert _row_order(page, broken.reference, next_week.reference) == [
            broken.reference,
            next_week.reference,
        ]
        row = page[page.index(broken.reference) :]
        assert row.index("overdue since") < row.index("</tr>")
        # A new callback in its place makes up for it: the case sorts by that one now.
        _promise(broken, ada, MONDAY + timedelta(days=8))
        page = ada_client.get("/desk/queue/").content.decode()
        assert _row_order(page, broken.reference, next_week.reference) == [
            next_week.reference,
            broken.reference,
        ]
        assert "overdue since" not in page
