"""`credits_for` reads a case's credits with their promises in one fixed statement: the same
credits, values and promises as the ORM, in the same order; a customer never sees a rejected
one; and the copy addresses of the case page as the ORM reads them."""

from datetime import timedelta

from fairdesk.cases import services as cases
from fairdesk.channels.email.models import Participant
from fairdesk.channels.email.participants import copy_addresses
from fairdesk.lib import clock
from fairdesk.promises import credits, selectors, services
from fairdesk.promises.models import Credit


def _same(loaded, stored) -> None:
    for field in type(stored)._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(stored, field.attname), field.attname


def test_credits_read_as_the_orm_reads_them(support, kurt, ada, django_assert_num_queries):
    case = cases.open_case(customer=kurt, subject="Router", body="Blinkt.", channel="web").case
    assert selectors.credits_for(case, public_only=False) == []
    now = clock.now()
    promise = services.make_promise(
        case=case, agent=ada, kind="custom", due_at=now + timedelta(days=2), description="Anruf"
    )
    owed = Credit.objects.create(
        case=case,
        promise=promise,
        amount_cents=500,
        lines=[{"day": 3, "amount_cents": 500, "rule": "TKG §58(3)"}],
        created_at=now,
        updated_at=now,
    )
    credits.grant_goodwill(case=case, agent=ada, amount_cents=1500, reason="Ärger & Mühe")
    credits.reject_credit(credit=owed, agent=ada, note="Kein Ausfall")
    for public_only in (False, True):
        stored = Credit.objects.filter(case=case).select_related("promise")
        if public_only:
            stored = stored.exclude(state="rejected")
        with django_assert_num_queries(1):
            read = selectors.credits_for(case, public_only=public_only)
            promises = [credit.promise for credit in read]
            assert all(credit.case is case for credit in read)
        assert [credit.pk for credit in read] == [credit.pk for credit in stored]
        for credit, orm, promised in zip(read, stored, promises, strict=True):
            _same(credit, orm)
            assert credit.amount == orm.amount and credit.rules == orm.rules
            if orm.promise is None:
                assert promised is None
            else:
                _same(promised, orm.promise)
    assert [c.state for c in selectors.credits_for(case, public_only=True)] == ["confirmed"]


def test_copy_addresses_read_as_the_orm_reads_them(support, kurt):
    case = cases.open_case(customer=kurt, subject="Router", body="Blinkt.", channel="web").case
    assert copy_addresses(case) == []
    now = clock.now()
    for address in ("zora@x.example", "anna@x.example"):
        Participant.objects.create(case=case, address=address, added_at=now)
    ordered = list(Participant.objects.filter(case=case).values_list("address", flat=True))
    assert copy_addresses(case) == ordered == ["zora@x.example", "anna@x.example"]
