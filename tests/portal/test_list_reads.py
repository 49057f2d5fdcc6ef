"""The portal's list and case page, read and written cheaply with the same result: the
customer's cases by one fixed statement (as the ORM lists them), and `{% time_of %}` writing
what `portal/_when.html` writes."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from fairdesk.cases import selectors
from fairdesk.cases import services as cases
from fairdesk.lib import clock


def test_a_customers_cases_read_as_the_orm_lists_them(support, kurt, olga, ada):
    opened = []
    for number in range(4):
        with clock.frozen_at(datetime(2025, 5, 3, 9, number, tzinfo=UTC)):
            opened.append(
                cases.open_new_case(
                    customer=kurt, subject=f"Fall {number}", body="x", channel="web"
                ).case
            )
    cases.open_case(customer=olga, subject="Fremd", body="x", channel="web")
    cases.merge_cases(source=opened[0], target=opened[1], agent=ada)
    cases.add_note(case=opened[2], agent=ada, body="jetzt geändert")
    stored = selectors.cases_for_customer(kurt).order_by("-updated_at")
    rows = selectors.customer_case_rows(kurt, limit=100)
    assert [(c.pk, c.reference, c.subject, c.status) for c in rows] == [
        (c.pk, c.reference, c.subject, c.status) for c in stored
    ]
    assert rows[0].pk == opened[2].pk and opened[0].pk not in {c.pk for c in rows}
    assert len(selectors.customer_case_rows(kurt, limit=2)) == 2


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "when",
    [None, datetime(2027, 5, 3, 22, 30, tzinfo=UTC), datetime(2027, 12, 31, 23, 59, tzinfo=UTC)],
)
def test_time_of_writes_what_the_when_template_writes(language, when):
    context = Context({"when": when})
    with translation.override(language), timezone.override("Europe/Berlin"):
        included = Template('{% include "portal/_when.html" %}').render(context)
        written = Template("{% load portal_tags %}{% time_of when %}").render(context)
    assert written == included
    assert when is None or "<time datetime=" in written
