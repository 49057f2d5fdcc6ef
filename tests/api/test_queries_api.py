"""Pinned query counts: the list and the detail stay flat however many cases or entries."""

from django.db import connection

from fairdesk.cases import services


def more_cases(ada, customers):
    for index, customer in enumerate(customers):
        case = services.open_new_case(
            customer=customer,
            subject=f"Fall {index}",
            body="x",
            channel="api",
        ).case
        services.set_tags(case=case, agent=ada, names=["dsl", f"t{index}"])
        services.hand_over(case=case, agent=ada, note="bitte", to_agent=ada)


def test_the_case_list_costs_five_queries(
    ada, ada_api, kurt, olga, desk, django_assert_num_queries
):
    more_cases(ada, [kurt, olga])
    ada_api.get("/cases")  # the token's first use of the minute is recorded; not pinned here
    # token, the desk's case visibility, the page's ids, their columns with
    # team/owner/customer/category, tags, emails
    with django_assert_num_queries(6):
        response = ada_api.get("/cases", status="new")
    assert len(response.json()["items"]) == 3


def test_the_case_detail_query_count(ada_api, kurt_api, desk, django_assert_num_queries):
    ada_api.get(f"/cases/{desk.case.reference}")
    # token, case, the desk's case visibility, customer emails, tags, promises, related
    # cases, timeline, attachments
    with django_assert_num_queries(9):
        response = ada_api.get(f"/cases/{desk.case.reference}")
    assert len(response.json()["timeline"]) >= 3


def test_a_new_case_over_the_api_query_count(ada_api, kurt, django_assert_num_queries):
    """POST /cases for a new customer, the second on this token (its use is recorded once a
    minute: the first POST records it)."""
    from fairdesk.promises.presets import ensure_presets

    ensure_presets()
    ada_api.post("/cases", {"customer_email": "warm@example.org", "subject": "x", "body": "x"})
    # token with its holder; the customer by address, the customer and the address written;
    # the first team; the case and its reference; the message; the promises (policies,
    # terms, the promise, its entry, the case's next due time); the queue (waiting mark,
    # the team's count, the target promise, the prediction, the team's rules); the search
    # row (SQLite: and its FTS5 entry); the audit events; the report figures; the hourly
    # limit and the acknowledgment's row; after the commit: the sending task. The answer's
    # promises and tags are the ones just written (day 6). Nothing reads back a row the
    # call wrote.
    with django_assert_num_queries(COUNT_NEW_CASE):
        response = ada_api.post(
            "/cases", {"customer_email": "neu@example.org", "subject": "Router", "body": "rot"}
        )
    assert response.status_code == 201, response.content
    assert response.json()["promises"], "the answer shows the promise made"


def test_a_reply_over_the_api_query_count(ada_api, desk, django_assert_num_queries):
    """An agent's reply on a case already answered (as bench/load.py sends it)."""
    path = f"/cases/{desk.case.reference}/entries"
    ada_api.post(path, {"kind": "reply", "body": "Erste Antwort."})
    # token with its holder; the case by reference with its team, owner, customer and
    # category; the desk's visibility; the case locked; the entry; the touch; the promises
    # settled; the queue's waiting count; the search row; the audit events; the figures;
    # the customer's addresses and the mail's row; after the commit: the sending task. The
    # answer's entry knows its attachments (none).
    with django_assert_num_queries(COUNT_REPLY):
        response = ada_api.post(path, {"kind": "reply", "body": "Wir prüfen die Leitung."})
    assert response.status_code == 201, response.content
    assert response.json()["attachments"] == []


# Inside the test's transaction (one savepoint each); PostgreSQL keeps its search row in one
# statement, SQLite adds its FTS5 entry (a new case) or forgets and learns it (a reply).
# Day 5: a reply 20 → 18 (the customer's row for the mail's address and the entry's
# attachments are no longer read). Day 6: a new case 28 → 26 (the answer's promises and tags
# are known). Day 9: 26 → 25 (the case's row is written with its next due time).
SQLITE = connection.vendor == "sqlite"
COUNT_NEW_CASE = 25 if SQLITE else 24
COUNT_REPLY = 18 if SQLITE else 16
