"""GET /api/v1/cases?order=queue lists what is next first: the desk's one queue order."""

from datetime import timedelta

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import services as promises


def _case(customer, subject):
    return cases.open_new_case(customer=customer, subject=subject, body="?", channel="email").case


def test_queue_order_puts_the_earliest_due_first_and_keeps_the_old_ones(
    ada, ada_api, kurt, olga, support
):
    start = clock.now()
    with clock.frozen_at(start - timedelta(days=400)):
        ancient = _case(kurt, "uralt")  # no promise: after the promised, never dropped
    later = _case(kurt, "später")
    sooner = _case(olga, "früher")
    for case, hours in ((later, 5), (sooner, 1)):
        promises.make_promise(
            case=case, agent=ada, kind="callback", due_at=start + timedelta(hours=hours)
        )
    body = ada_api.get("/cases", order="queue").json()
    assert [c["reference"] for c in body["items"]] == [
        sooner.reference,
        later.reference,
        ancient.reference,
    ]
    first_page = ada_api.get("/cases", order="queue", page_size=2).json()
    assert first_page["next_page"] == 2
    second = ada_api.get("/cases", order="queue", page_size=2, page=2).json()
    assert [c["reference"] for c in second["items"]] == [ancient.reference]
    assert ada_api.get("/cases", order="sideways").status_code == 422
