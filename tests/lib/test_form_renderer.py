"""`lib/form_renderer.Renderer` writes every widget and label as Django's templates do: the
same markup, byte for byte, for each kind of widget, blank, bound and refused, with values
that need escaping, localizing or none at all; and each of fairdesk's own forms."""

import datetime
import importlib
import inspect
from decimal import Decimal
from pathlib import Path

import django
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.lib.form_renderer import WRITTEN, Renderer

TEMPLATES = DjangoTemplates()
WRITTEN_BY_US = Renderer()
CHOICES = [("open", "Offen"), ("done", "<Erledigt>"), (3, 3), ("", "—")]


class Every(forms.Form):
    required_css_class = "required"

    body = forms.CharField(label="Text & <mehr>", widget=forms.Textarea)
    public = forms.BooleanField(label="Öffentlich?", required=False)
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    state = forms.ChoiceField(label="Status", choices=CHOICES)
    grouped = forms.ChoiceField(
        label=gettext_lazy("Category"),
        choices=[("Hardware", [("1", "Router"), ("2", "Lampe & Kabel")]), ("3", "Other")],
        required=False,
    )
    several = forms.MultipleChoiceField(choices=CHOICES, required=False)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)
    copies = forms.MultipleChoiceField(
        choices=[("a@x.example", "a@x.example")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    amount = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": "0.01"}))
    when = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "x"}))
    day = forms.DateField(required=False, widget=forms.DateInput)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"disabled": True}))
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    site = forms.URLField(
        required=False, assume_scheme="https", widget=forms.URLInput(attrs={"autofocus": False})
    )
    upload = forms.FileField(required=False)
    files = forms.FileField(required=False, widget=forms.ClearableFileInput)
    plain = forms.CharField(required=False, label="", max_length=20)


def _fields(form: forms.Form, renderer: object) -> list[str]:
    form.renderer = renderer
    return [
        f"{field.label_tag()}|{field.label_tag(tag='span', attrs={'x': 1})}|{field}"
        for field in form
    ]


def _same(form_class: type[forms.Form], **kwargs: object) -> list[str]:
    ours = _fields(form_class(**kwargs), WRITTEN_BY_US)
    assert ours == _fields(form_class(**kwargs), TEMPLATES)
    return ours


def test_blank_fields_are_written_as_the_templates_write_them():
    initial = {
        "seen": 7,
        "state": "done",
        "several": ["open", 3],
        "public": True,
        "amount": Decimal("12.50"),
        "when": datetime.datetime(2026, 3, 1, 9, 30),
        "day": datetime.date(2026, 3, 1),
        "secret": "a\"b'<c>",
        "plain": mark_safe("<b>safe</b>"),
    }
    written = "".join(_same(Every, initial=initial))
    assert '<option value="done" selected>&lt;Erledigt&gt;</option>' in written
    assert 'class="required"' in written and '<optgroup label="Hardware">' in written


def test_bound_and_refused_fields_are_written_as_the_templates_write_them():
    data = {"body": "", "state": "nein", "seen": "x", "several": ["done"], "plain": "<&>" * 9}
    data = {f"reply-{name}": value for name, value in data.items()}
    written = "".join(_same(Every, data=data, prefix="reply"))
    assert 'name="reply-plain" value="&lt;&amp;&gt;' in written
    assert 'aria-invalid="true"' in written


def test_labels_and_numbers_are_localized_as_the_templates_localize_them():
    with override("de"):
        _same(Every, initial={"amount": Decimal("1234.5"), "state": 3})


def test_every_input_template_written_still_only_includes_the_input():
    folder = Path(django.__file__).parent / "forms/templates"
    for name, _write in WRITTEN.items():
        text = (folder / name).read_text().strip()
        if name.endswith(("textarea.html", "select.html", "clearable_file_input.html")):
            continue
        if name.endswith("label.html"):
            assert "{% include 'django/forms/attrs.html' %}" in text
            continue
        assert name.endswith("input.html") or text == (
            '{% include "django/forms/widgets/input.html" %}'
        ), name


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(alphabet="ab<>&\"' ", max_size=6),
    st.text(alphabet="ab<>&", max_size=4).map(mark_safe),
    st.tuples(st.integers()),
)


@given(attrs=st.dictionaries(st.sampled_from(["id", "class", "x-y", "<a>"]), values), value=values)
def test_any_attributes_and_value_are_written_as_the_templates_write_them(attrs, value):
    for widget in (forms.TextInput, forms.Textarea, forms.HiddenInput, forms.CheckboxInput):
        context = widget(attrs=attrs).get_context("name&", value, None)
        template = context["widget"]["template_name"]
        assert WRITTEN_BY_US.render(template, context) == TEMPLATES.render(template, context)
    if isinstance(value, tuple):
        return  # a tuple among choices is a group of choices, not one
    context = forms.Select(attrs=attrs, choices=[(value, value)]).get_context("s", value, None)
    template = "django/forms/widgets/select.html"
    assert WRITTEN_BY_US.render(template, context) == TEMPLATES.render(template, context)


FORM_MODULES = ("fairdesk.desk.forms", "fairdesk.portal.forms")


@pytest.mark.django_db
@pytest.mark.parametrize("module", FORM_MODULES)
def test_fairdesks_own_forms_are_written_as_the_templates_write_them(module):
    checked = 0
    for _name, form_class in inspect.getmembers(importlib.import_module(module), inspect.isclass):
        if not issubclass(form_class, forms.Form) or form_class.__module__ != module:
            continue
        try:
            _same(form_class, prefix="p")
            _same(form_class, data={}, prefix="p")
        except TypeError:  # a form that needs more to be built (an agent, a case)
            continue
        checked += 1
    assert checked >= 3
