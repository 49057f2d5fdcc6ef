"""One formula decides when every promise warns: once the configured share of its budget is
used, whether the clock is new, an agent's promise, or running again after a pause."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from fairdesk.promises.services import warn_time

START = datetime(2027, 6, 7, 8, 0, tzinfo=UTC)
H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("left", "budget", "percent", "warns_after"),
    [
        (8 * H, 8 * H, 75, 6 * H),  # a new clock: three quarters in
        (8 * H, 8 * H, 50, 4 * H),
        (6 * H, 8 * H, 75, 4 * H),  # resumed with 6 h left: warns when 2 h are left
        (H, 8 * H, 75, timedelta(0)),  # resumed with less than the warning's share: at once
        (3 * H, None, 75, 3 * H),  # no budget known: at the due time
    ],
)
def test_a_promise_warns_when_its_share_is_used(left, budget, percent, warns_after):
    with override_settings(FAIRDESK_WARN_AT_PERCENT=percent):
        assert warn_time(START, left, budget) == START + warns_after
