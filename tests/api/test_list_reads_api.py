"""The API's page of cases and a case's links and address, read by fixed statements: the
same values as the ORM's queries they replaced (compared here on data made by services)."""

from fairdesk.accounts.models import CustomerEmail
from fairdesk.api import output
from fairdesk.cases import services
from fairdesk.cases.models import Case


def _world(ada, kurt, olga, fault):
    made = []
    for index, customer in enumerate([kurt, olga, kurt, olga]):
        case = services.open_new_case(
            customer=customer, subject=f"Fall <{index}>", body="x", channel="api"
        ).case
        made.append(case)
    services.set_tags(case=made[0], agent=ada, names=["dsl", "zeta", "alpha"])
    services.set_tags(case=made[1], agent=ada, names=["router"])
    services.take(case=made[1], agent=ada)
    services.change_category(case=made[2], agent=ada, category=fault)
    services.link_cases(case=made[0], other=made[1], agent=ada)
    services.link_cases(case=made[0], other=made[3], agent=ada)
    return made


def test_a_page_of_summaries_reads_what_the_orm_read(ada, kurt, olga, fault):
    made = _world(ada, kurt, olga, fault)
    ids = [case.pk for case in reversed(made)]
    by_orm = {row["id"]: row for row in Case.objects.values(*output.SUMMARY_COLUMNS)}
    assert output.rows_in_order(ids) == [by_orm[pk] for pk in ids]
    assert output.rows_in_order([]) == []

    tags, emails = output._tags_and_emails(ids, {kurt.pk, olga.pk})
    assert tags == {made[0].pk: ["alpha", "dsl", "zeta"], made[1].pk: ["router"]}
    for customer in (kurt, olga):
        first = CustomerEmail.objects.filter(customer=customer).order_by("is_primary", "id")
        assert emails[customer.pk] == first[0].address
    summaries = output.summaries(output.rows_in_order(ids))
    assert summaries[2]["owner"]["kind"] == "agent" and summaries[1]["category"]


def test_a_cases_links_and_address_are_the_orms(ada, kurt, olga, fault, ada_api):
    made = _world(ada, kurt, olga, fault)
    answer = ada_api.get(f"/cases/{made[0].reference}").json()
    assert answer["related"] == [other.reference for other in made[0].related.all()]
    assert sorted(answer["related"]) == sorted([made[1].reference, made[3].reference])
    assert answer["customer"]["email"] == CustomerEmail.objects.get(customer=kurt).address
