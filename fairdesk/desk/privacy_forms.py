"""The forms of the privacy pages: a retention rule, a legal hold, an erasure's confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fairdesk.cases.models import Category
from fairdesk.desk.forms import DeskForm


class RetentionForm(DeskForm):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("path"),
        required=False,
        empty_label=_("Every other category (the default rule)"),
    )
    months = forms.IntegerField(
        label=_("Erase personal data this many months after close"),
        required=False,
        min_value=1,
        max_value=1200,
        help_text=_("Empty removes the rule: those cases are then kept."),
    )


class HoldForm(DeskForm):
    reason = forms.CharField(label=_("Reason for the legal hold"), max_length=500)


class EraseForm(DeskForm):
    confirm = forms.BooleanField(
        label=_("Yes, erase this customer's personal data. This cannot be undone."),
        required=True,
    )
