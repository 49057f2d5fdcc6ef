"""The privacy tools on the case and customer pages, shown to admins only."""

from django import template

from fairdesk.desk.policy import is_admin
from fairdesk.desk.privacy_forms import HoldForm
from fairdesk.privacy import selectors

register = template.Library()


@register.inclusion_tag("desk/partials/privacy_case.html", takes_context=True)
def privacy_case_tools(context, case) -> dict:
    user = context["request"].user
    if not is_admin(user):
        return {"shown": False}
    return {
        "shown": True,
        "case": case,
        "hold": selectors.hold_on(case.pk),
        "form": HoldForm(prefix="hold"),
    }


@register.inclusion_tag("desk/partials/privacy_customer.html", takes_context=True)
def privacy_customer_tools(context, customer) -> dict:
    return {"shown": is_admin(context["request"].user), "customer": customer}
