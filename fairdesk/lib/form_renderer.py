"""The form renderer (`FORM_RENDERER`): Django's widget and label templates, written in Python.

Every input, select, textarea and label Django renders goes through its own small templates
(`django/forms/widgets/input.html` including `attrs.html`, one `select_option.html` per
option, `django/forms/label.html`): about 0.1–0.2 ms a widget through the template engine, a
fifth of the desk case page. `Renderer` writes the same markup for the templates named in
`WRITTEN` and gives every other template (and a widget with options of its own) to Django's
renderer. Each value goes out as `{{ value }}` sends it (`render_value_in_context`: localized,
escaped unless safe); `tests/lib/test_form_renderer.py` compares both renderers' output.
"""

from collections.abc import Callable, Mapping

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

# The context a template renders values in: autoescape on, the active language's formats.
_CONTEXT = Context()
_INPUT = "django/forms/widgets/input.html"
_OPTION = "django/forms/widgets/select_option.html"


def _text(value: object) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value: object) -> str:
    """`{{ value|stringformat:'s' }}` (the filter keeps a safe value safe)."""
    out = stringformat(value, "s")
    return _text(mark_safe(out) if isinstance(value, SafeData) else out)  # noqa: S308


def _attrs(attrs: Mapping | None) -> str:
    """`django/forms/widgets/attrs.html` and `django/forms/attrs.html`."""
    if not attrs:
        return ""
    return "".join(
        f" {_text(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: Mapping) -> str:
    value = widget.get("value")
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget.get("type", ""))}" name="{_text(widget.get("name", ""))}"'
        f"{shown}{_attrs(widget.get('attrs'))}>"
    )


def _textarea(widget: Mapping) -> str:
    value = widget.get("value")
    return (
        f'<textarea name="{_text(widget.get("name", ""))}"{_attrs(widget.get("attrs"))}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _option(option: Mapping) -> str:
    return (
        f'<option value="{_formatted(option.get("value"))}"{_attrs(option.get("attrs"))}>'
        f"{_text(option.get('label'))}</option>"
    )


def _select(widget: Mapping) -> str | None:
    parts = [f'<select name="{_text(widget.get("name", ""))}"{_attrs(widget.get("attrs"))}>']
    for group_name, group_choices, _index in widget.get("optgroups", ()):
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != _OPTION:
                return None  # an option template of its own: Django renders it
            parts.append(f"\n  {_option(option)}\n")  # the option template's own last line
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _file(widget: Mapping) -> str | None:
    if widget.get("is_initial"):
        return None  # a stored file with its clear box: rare, Django renders it
    return (
        f'<input type="{_text(widget.get("type", ""))}" name="{_text(widget.get("name", ""))}"'
        f"{_attrs(widget.get('attrs'))}>"
    )


def _label(context: Mapping) -> str:
    if not context.get("use_tag"):
        return _text(context.get("label"))
    tag = _text(context.get("tag"))
    return f"<{tag}{_attrs(context.get('attrs'))}>{_text(context.get('label'))}</{tag}>"


def _widget(write: Callable[[Mapping], str | None]) -> Callable[[Mapping], str | None]:
    return lambda context: write(context["widget"]) if "widget" in context else None


# Each template written here, by name; those that only include `input.html` write an input
# (the test checks that they still do).
WRITTEN: dict[str, Callable[[Mapping], str | None]] = {
    f"django/forms/widgets/{name}.html": _widget(_input)
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
} | {
    "django/forms/widgets/textarea.html": _widget(_textarea),
    "django/forms/widgets/select.html": _widget(_select),
    "django/forms/widgets/clearable_file_input.html": _widget(_file),
    "django/forms/label.html": _label,
}


class Renderer(DjangoTemplates):
    """Django's template renderer, with the templates in `WRITTEN` written in Python."""

    def render(self, template_name: str, context: dict, request: HttpRequest | None = None) -> str:
        write = WRITTEN.get(template_name)
        written = write(context) if write else None
        if written is None:
            return super().render(template_name, context, request=request)
        return written.strip()  # as Django's renderer strips what its template wrote
