"""Pinned query counts: the list and the detail stay flat however many cases or entries."""

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
    # token, the page's ids, their columns with team/owner/customer/category, tags, emails
    with django_assert_num_queries(5):
        response = ada_api.get("/cases", status="new")
    assert len(response.json()["items"]) == 3


def test_the_case_detail_query_count(ada_api, kurt_api, desk, django_assert_num_queries):
    ada_api.get(f"/cases/{desk.case.reference}")
    # token, case, customer emails, tags, promises, related cases, timeline, attachments
    with django_assert_num_queries(8):
        response = ada_api.get(f"/cases/{desk.case.reference}")
    assert len(response.json()["timeline"]) >= 3
