"""Which policy a case gets: contract, then the most specific match, then the default."""

import pytest

from fairdesk.promises.matching import PolicyFacts, choose_policy
from fairdesk.promises.models import Calendar, CompensationRule, Policy
from fairdesk.promises.presets import ensure_presets

DEFAULT = PolicyFacts(1, is_default=True)
INTERNET = PolicyFacts(2, category_id=10)
FAULT = PolicyFacts(3, category_id=11)
URGENT = PolicyFacts(4, priority="urgent")
URGENT_PHONE = PolicyFacts(5, priority="urgent", channel="phone")
FAULT_URGENT = PolicyFacts(6, category_id=11, priority="urgent")
ALL = [DEFAULT, INTERNET, FAULT, URGENT, URGENT_PHONE, FAULT_URGENT]


@pytest.mark.parametrize(
    ("contract", "categories", "priority", "channel", "chosen"),
    [
        (None, [], "normal", "email", 1),  # nothing matches: the default
        (None, [10], "normal", "email", 2),  # Internet
        (None, [11, 10], "normal", "email", 3),  # Internet > Störung beats Internet
        (None, [], "urgent", "email", 4),
        (None, [], "urgent", "phone", 5),  # priority and channel beat priority alone
        (None, [11, 10], "urgent", "phone", 6),  # the category is the strongest criterion
        (None, [12], "normal", "web", 1),  # another category: the default
        (5, [11, 10], "urgent", "phone", 5),  # the contract wins over everything
    ],
)
def test_choose_policy(contract, categories, priority, channel, chosen):
    assert (
        choose_policy(
            ALL,
            contract_policy_id=contract,
            category_ids=categories,
            priority=priority,
            channel=channel,
        )
        == chosen
    )


def test_no_policies_no_promises():
    assert (
        choose_policy([], contract_policy_id=None, category_ids=[], priority="", channel="") is None
    )


def test_ties_go_to_the_older_policy():
    twins = [PolicyFacts(8, priority="high"), PolicyFacts(7, priority="high")]
    assert (
        choose_policy(twins, contract_policy_id=None, category_ids=[], priority="high", channel="")
        == 7
    )


@pytest.mark.django_db
def test_ensure_presets_is_idempotent(django_assert_max_num_queries):
    first = ensure_presets()
    with django_assert_max_num_queries(8):
        again = ensure_presets()
    assert first == again
    assert Calendar.objects.count() == 2 and Policy.objects.count() == 2
    assert CompensationRule.objects.count() == 3
    assert Policy.objects.get(is_default=True).name == "Standard"
