"""The promises' part of a customer's export (registered in FAIRDESK_EXPORT_HOOKS): their
contracts' terms and the credits their cases earned. The promises shown to them are in the
cases' part already (privacy/export.py)."""

from fairdesk.privacy.hooks import Export, Sections, exports, rows
from fairdesk.promises.models import Contract, Credit


@exports("promises.Contract", "promises.Credit")
def export(*, export: Export) -> Sections:
    contracts = Contract.objects.filter(customer_id=export.customer_id).order_by("pk")
    credits = Credit.objects.filter(case_id__in=export.case_ids).order_by("created_at", "pk")
    return {
        "contracts": rows(
            contracts,
            "number",
            "product",
            "monthly_fee_cents",
            "concluded_on",
            "starts_on",
            "minimum_term_months",
            "notice",
            "notice_unit",
            "at_month_end",
            "state",
            "ends_on",
        ),
        "credits": rows(
            credits,
            "case__reference",
            "state",
            "amount_cents",
            "lines",
            "goodwill_reason",
            "created_at",
            "decided_at",
        ),
    }
