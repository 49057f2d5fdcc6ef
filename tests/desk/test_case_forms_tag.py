"""`{% action_form %}` writes the case page's folded forms as `desk/partials/action_form.html`
does: the same markup for each box in both languages, and the template itself for a form
sent back with its errors."""

import pytest
from django.template import Context, Template
from django.utils import translation

from fairdesk.desk import forms
from fairdesk.desk.views.cases import ON_DEMAND


class Case:
    reference = "FD-000042"


def _both(name: str, page_forms: dict) -> tuple[str, str]:
    context = {"case": Case(), "forms": page_forms, "legends": ON_DEMAND, "open_form": name}
    included = Template(
        '{% include "desk/partials/action_form.html" with name=name form=form legend=legend %}'
    ).render(
        Context(context | {"name": name, "form": page_forms.get(name), "legend": ON_DEMAND[name]})
    )
    written = Template("{% load case_forms %}{% action_form name %}").render(
        Context(context | {"name": name})
    )
    return included, written


@pytest.mark.parametrize("language", ["de", "en"])
def test_each_folded_box_is_written_as_the_template_writes_it(language):
    with translation.override(language):
        for name in ON_DEMAND:
            included, written = _both(name, {})
            assert written == included
            assert f'hx-get="/desk/cases/FD-000042/forms/{name}/"' in written


def test_a_form_sent_back_is_the_templates_own(db):
    refused = forms.TagsForm(data={"tags-tags": ""}, prefix="tags")
    refused.is_valid()
    included, written = _both("tags", {"tags": refused})
    assert written == included
    assert 'id="action-tags" open' in written and "<form" in written


def _rows(form, summary: str) -> tuple[str, str]:
    context = {
        "form": form,
        "action": "/desk/x?a=1&b=2",
        "label": "Mark <kept>",
        "summary": summary,
    }
    included = Template(
        '{% include "desk/partials/row_form.html" with form=form action=action label=label'
        " summary=summary %}"
    ).render(Context(context))
    written = Template("{% load case_forms %}{% row_form form action label summary %}").render(
        Context(context)
    )
    return included, written


@pytest.mark.parametrize("summary", ["", "Withdraw…"])
def test_a_rows_small_form_is_written_as_the_template_writes_it(summary):
    blank = forms.WithdrawPromiseForm(prefix="withdraw_promise", initial={"promise": 7})
    blank.auto_id = "id_%s_7"
    included, written = _rows(blank, summary)
    assert written == included
    assert 'name="withdraw_promise-promise" value="7"' in written
    assert "Mark &lt;kept&gt;" in written and "a=1&amp;b=2" in written
    keep = forms.KeepPromiseForm(prefix="keep_promise", initial={"promise": 7})
    assert _rows(keep, summary)[1] == _rows(keep, summary)[0]


@pytest.mark.parametrize("summary", ["", "Reject…"])
def test_a_refused_rows_form_is_written_as_the_template_writes_it(summary):
    refused = forms.RejectCreditForm(data={"reject_credit-credit": "x"}, prefix="reject_credit")
    refused.is_valid()
    refused.add_error(None, "Schon entschieden & zu spät.")
    included, written = _rows(refused, summary)
    assert written == included
    assert '<div class="errors" role="alert"><p>Schon entschieden &amp; zu spät.</p>' in written
    assert summary == "" or '<details class="row-action" open>' in written
