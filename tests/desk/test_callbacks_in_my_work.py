"""A booked callback comes into the agent's own work when its time has come: a window once
it has started, "as soon as possible" once the case is theirs; in queue order, with its
window; a call not reached waits for its next try."""

import re
from datetime import UTC, datetime, timedelta

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises.presets import ensure_presets
from fairdesk.queues import services as queues

MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _case(customer, subject, category):
    ensure_presets()  # the standard policy: each case gets dated promises
    return cases.open_new_case(
        customer=customer,
        subject=subject,
        body="Bitte anrufen.",
        channel="portal",
        category=category,
    ).case


def _calls(client) -> list[str]:
    """The case references in the "Calls due now" table, in their order."""
    page = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    if 'id="calls-due"' not in page:
        return []
    section = page.split('id="calls-due"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"/desk/cases/([^/]+)/", section)


def test_callbacks_come_into_my_work_when_their_time_has_come(ada_client, ada, kurt, olga, billing):
    with clock.frozen_at(MONDAY):
        window_case = _case(kurt, "Rückruf im Fenster", billing)
        asap_case = _case(olga, "Rückruf bald", billing)
        waiting_case = _case(olga, "Noch in der Warteschlange", billing)
        cases.take(case=window_case, agent=ada)
        window = queues.book_callback(
            case=window_case,
            customer=kurt,
            starts_at=MONDAY + timedelta(hours=3),
            minutes=30,
            phone="+49 30 1234567",
        )
        queues.book_callback_asap(case=asap_case, customer=olga, phone="+44 20 7946 0000")
        queues.book_callback_asap(case=waiting_case, customer=olga, phone="+44 20 7946 0000")
        # Before the window, and while the "as soon as possible" case waits in the queue.
        assert _calls(ada_client) == []
        cases.take(case=asap_case, agent=ada)
        assert _calls(ada_client) == [asap_case.reference]
    with clock.frozen_at(MONDAY + timedelta(hours=3)):
        page = ada_client.get("/desk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "+49 30 1234567" in page and "(30 min)" in page
        # Queue order: the window starts before the "as soon as possible" call's place
        # (its promise is due with the case's first answer, later that day).
        assert _calls(ada_client) == [window_case.reference, asap_case.reference]
        queues.record_call_attempt(booking=window, agent=ada, reached=False, note="Besetzt")
        assert _calls(ada_client) == [asap_case.reference]  # the next try comes later
    with clock.frozen_at(MONDAY + timedelta(hours=4)):
        assert _calls(ada_client) == [window_case.reference, asap_case.reference]
    assert waiting_case.reference not in _calls(ada_client)  # nobody's yet


def test_my_work_query_count_does_not_grow_with_calls(
    ada_client, ada, kurt, billing, django_assert_num_queries
):
    with clock.frozen_at(MONDAY):
        for number in range(6):
            case = _case(kurt, f"Fall {number}", billing)
            cases.take(case=case, agent=ada)
            queues.book_callback_asap(case=case, customer=kurt, phone="+49 30 1234567")
        assert len(_calls(ada_client)) == 6
        # session, user with agent profile; the page's case ids in queue order (one ORDER BY on
        # the kept next due time); the page's cases and their promises; the agent's seat; the
        # calls due with their slot, case and promise's due time (one fixed statement).
        with django_assert_num_queries(8):
            assert ada_client.get("/desk/").status_code == 200
