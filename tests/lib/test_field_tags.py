"""`{% form_fields %}` writes each field as `partials/field.html` does (the hot forms use the
Python one): the same markup for every kind of field, with and without errors."""

import re

from django import forms
from django.template import Context, Template


class Every(forms.Form):
    body = forms.CharField(label="Text & <mehr>", widget=forms.Textarea, help_text="Hilfe")
    public = forms.BooleanField(label="Öffentlich", required=False)
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    state = forms.ChoiceField(label="Status", choices=[("open", "Offen"), ("done", "<Erledigt>")])
    copies = forms.MultipleChoiceField(
        label="Kopien",
        choices=[("a@x.example", "a@x.example")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _normal(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


def _both(form: forms.Form) -> tuple[str, str]:
    included = Template(
        '{% for field in form %}{% include "partials/field.html" %}{% endfor %}'
    ).render(Context({"form": form}))
    written = Template("{% load fields %}{% form_fields form %}").render(Context({"form": form}))
    return _normal(included), _normal(written)


def test_blank_fields_are_written_as_the_template_writes_them():
    included, written = _both(Every(initial={"seen": 7, "state": "done"}))
    assert written == included
    assert 'class="field field-check"' in written and 'value="7"' in written


def test_refused_fields_show_their_errors_as_the_template_does():
    form = Every(data={"body": "", "state": "nein", "seen": "x"})
    assert not form.is_valid()
    included, written = _both(form)
    assert written == included
    assert 'id="id_body_error" role="alert"' in written and "has-error" in written
    assert "&lt;mehr&gt;" in written and "<mehr>" not in written
