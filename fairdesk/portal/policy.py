"""Who may see what in the portal: the one place these checks live.

A portal session holds a customer id, nothing else: it is not a Django login, so it never
opens the desk or the admin.
"""

from django.http import Http404, HttpRequest
from django.utils.crypto import constant_time_compare

from fairdesk.accounts.models import Customer
from fairdesk.accounts.selectors import customer_with_user
from fairdesk.accounts.services import customer_is_active
from fairdesk.cases import access, selectors, tokens
from fairdesk.cases.models import Attachment, Case, Entry
from fairdesk.queues.tokens import case_id_from

SESSION_KEY = "portal_customer_id"
STAMP_KEY = "portal_customer_stamp"


def _stamp(customer: Customer) -> str:
    """Changes when the customer's password does, and when they are deactivated or erased
    (their session generation): a session made before it no longer counts."""
    user = customer.user
    password = user.get_session_auth_hash() if user is not None else ""
    return f"{customer.session_generation}:{password}"


def sign_in(request: HttpRequest, customer: Customer) -> None:
    # A new session key on sign-in, so a key planted before it (fixation) is worthless.
    request.session.cycle_key()
    request.session[SESSION_KEY] = customer.pk
    request.session[STAMP_KEY] = _stamp(customer)


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(STAMP_KEY, None)
    request.session.cycle_key()


def current_customer(request: HttpRequest) -> Customer | None:
    """The signed-in customer, checked as they are now: a deactivation or a password change
    since the sign-in ends the session."""
    customer_id = request.session.get(SESSION_KEY)
    if customer_id is None:
        return None
    customer = customer_with_user(customer_id)
    stamp = request.session.get(STAMP_KEY, "")
    if (
        customer is None
        or not customer_is_active(customer)
        or not constant_time_compare(stamp, _stamp(customer))
    ):
        request.session.flush()
        return None
    return customer


def case_rows(customer: Customer, *, limit: int) -> list[Case]:
    """The customer's own cases for their list, most recently changed first."""
    return selectors.customer_case_rows(customer, limit=limit)


def case_for(customer: Customer, reference: str) -> Case:
    """The customer's own case, else 404: another customer's case does not exist for them."""
    case = selectors.case_by_reference(reference)
    if case is None or case.customer_id != customer.pk:
        raise Http404("No such case.")
    return case


def timeline_for(customer: Customer, case: Case) -> list[Entry]:
    """Only what the customer may read: public entries, never notes or handoffs (each with
    its `files`)."""
    if case.customer_id != customer.pk:
        raise Http404("No such case.")
    # What a customer reads of a timeline is one rule for portal and API (cases.access).
    return selectors.timeline_page(case, public_only=True)


def attachment_for(customer: Customer, attachment_id: int) -> Attachment:
    """A file on a public entry of the customer's own case, else 404."""
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id, entry__public=True, entry__case__customer=customer
        )
        .exclude(entry__kind__in=access.CUSTOMER_HIDDEN_KINDS)
        .first()
    )
    if attachment is None:
        raise Http404("No such file.")
    return attachment


def own_entry(customer: Customer, case: Case, entry_id: str) -> Entry:
    """The customer's own message on their case, else 404."""
    entry = None
    if entry_id.isdigit():
        entry = Entry.objects.filter(pk=int(entry_id), case=case, author_customer=customer).first()
    if entry is None:
        raise Http404("No such message.")
    return entry


def entry_for_token(token: str) -> Entry | None:
    """The customer's message a "new matter" link names, while the link is valid."""
    entry_id = tokens.entry_id_from(token)
    if entry_id is None:
        return None
    return (
        Entry.objects.select_related("case", "author_customer")
        .filter(pk=entry_id, author_customer__isnull=False)
        .first()
    )


def case_by_callback_link(token: str) -> Case:
    """The case a signed callback link names (no sign-in needed), else 404."""
    case_id = case_id_from(token)
    if case_id is None:
        raise Http404("No such link.")
    case = Case.objects.select_related("customer", "team").filter(pk=case_id).first()
    if case is None:
        raise Http404("No such link.")
    return case


def case_by_reference_and_email(reference: str, email: str) -> Case | None:
    """The case with this reference when `email` is one of its customer's addresses."""
    case = selectors.case_by_reference((reference or "").strip().upper())
    address = (email or "").strip().casefold()
    if case is None or not address:
        return None
    known = case.customer.emails.filter(address__iexact=address).exists()
    return case if known else None
