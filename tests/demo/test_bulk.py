"""`bulk.generate`: many consistent rows for benchmarks, and a desk that works on after them."""

from django.db.models import Count

from fairdesk.accounts.models import Customer, CustomerEmail
from fairdesk.cases import services
from fairdesk.cases.models import UNRESOLVED, Case, Entry, EntryKind
from fairdesk.demo import bulk
from fairdesk.lib.references import format_reference
from fairdesk.promises.models import Kind, Promise, State


def test_generate_writes_consistent_cases_customers_and_entries(db):
    result = bulk.generate(cases=2000, entries_per_case=3, seed=7)

    assert result["cases"] == Case.objects.count() == 2000
    assert result["entries"] == Entry.objects.count() == 6000
    assert result["customers"] == Customer.objects.count() == CustomerEmail.objects.count()
    assert result["rows"] == sum(
        result[name] for name in ("customers", "emails", "cases", "entries", "promises")
    )
    assert result["rows_per_second"] > 0
    for case in Case.objects.values("id", "reference", "team_id", "customer_id"):
        assert case["reference"] == format_reference(case["id"])
        assert case["team_id"] and case["customer_id"]
    per_case = Case.objects.annotate(n=Count("entries")).values_list("n", flat=True)
    assert set(per_case) == {3}
    first = Entry.objects.order_by("case_id", "created_at", "id").first()
    assert first.kind == EntryKind.MESSAGE_IN and first.author_customer_id


def test_generate_gives_each_unresolved_case_one_pending_resolution_promise(db):
    result = bulk.generate(cases=500, seed=3)

    unresolved = Case.objects.filter(status__in=UNRESOLVED)
    pending = Promise.objects.filter(state=State.PENDING, kind=Kind.RESOLUTION)
    assert result["promises"] == pending.count() == unresolved.count() > 0
    assert set(pending.values_list("case_id", flat=True)) == set(
        unresolved.values_list("id", flat=True)
    )
    running = pending.exclude(due_at=None)
    assert all(p.due_at > p.started_at and p.calendar_id for p in running)


def test_the_services_carry_on_after_a_bulk_load(db):
    bulk.generate(cases=300, seed=1)
    again = bulk.generate(cases=300, seed=2)  # a second run appends
    assert again["cases"] == 300 and Case.objects.count() == 600

    customer = Customer.objects.first()
    intake = services.open_new_case(
        customer=customer,
        subject="Router",
        body="Geht nicht",
        channel="email",
    )
    assert intake.case.reference == format_reference(601)
