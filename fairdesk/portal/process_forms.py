"""The forms of the public cancellation and withdrawal pages and the portal's return."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fairdesk.processes.models import DeclarationKind, Wanted

CANCEL_KINDS = [
    (DeclarationKind.ORDINARY, _("Ordinary cancellation")),
    (DeclarationKind.EXTRAORDINARY, _("Extraordinary cancellation (for cause)")),
]


class DeclarationForm(forms.Form):
    """Only what § 312k BGB lets us ask: no password, no phone number."""

    kind = forms.ChoiceField(
        label=_("Type of cancellation"), choices=CANCEL_KINDS, initial="ordinary"
    )
    reason = forms.CharField(
        label=_("Reason (only for a cancellation for cause)"), required=False, max_length=1000
    )
    name = forms.CharField(label=_("Your name"), max_length=200)
    customer_number = forms.CharField(
        label=_("Customer number (if you have it)"), required=False, max_length=60
    )
    contract_number = forms.CharField(label=_("Contract number"), max_length=60)
    wanted_on = forms.DateField(
        label=_("End date (empty: the earliest possible date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    email = forms.EmailField(label=_("Email for the confirmation"), max_length=254)


class WithdrawalForm(DeclarationForm):
    kind = forms.ChoiceField(
        widget=forms.HiddenInput, choices=[(DeclarationKind.WITHDRAWAL, "")], initial="withdrawal"
    )
    reason = None  # type: ignore[assignment]  # a withdrawal needs no reason
    contract_number = forms.CharField(label=_("Contract or order number"), max_length=60)
    wanted_on = None  # type: ignore[assignment]


class ReturnForm(forms.Form):
    wanted = forms.ChoiceField(label=_("What would you like?"), choices=Wanted.choices)
    reason = forms.CharField(
        label=_("Why do you return it?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, order, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.order_items = list(order.items.all())
        for item in self.order_items:
            self.fields[f"item_{item.pk}"] = forms.IntegerField(
                label=f"{item.name} ({item.sku})",
                min_value=0,
                max_value=item.quantity,
                initial=0,
                required=False,
            )

    def chosen(self) -> dict[int, int]:
        return {
            item.pk: self.cleaned_data.get(f"item_{item.pk}") or 0
            for item in self.order_items
            if self.cleaned_data.get(f"item_{item.pk}")
        }
