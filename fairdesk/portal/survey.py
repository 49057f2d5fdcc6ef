"""The survey landing page: a GET shows the questions, only a POST records an answer.

Link scanners in mail filters fetch every link in a mail; since a GET changes nothing, they
cannot vote. No sign-in is needed: the signed link is the customer's key to this one survey.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST

from fairdesk.feedback import scales, selectors
from fairdesk.feedback import services as feedback
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError


class AnswerForm(forms.Form):
    csat = forms.TypedChoiceField(choices=scales.CSAT, coerce=int, widget=forms.RadioSelect)
    ces = forms.TypedChoiceField(
        choices=scales.CES, coerce=int, widget=forms.RadioSelect, required=False, empty_value=None
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


def _page(request, invitation, form, *, status=200, template="feedback/survey.html"):
    context = {
        "invitation": invitation,
        "form": form,
        "token": request.resolver_match.kwargs["token"],
        "language": translation.get_language(),
    }
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return render(request, "feedback/invalid.html", status=404)
    if selectors.answer_of(invitation) is not None:
        return render(request, "feedback/thanks.html", {"already": True})
    if selectors.is_closed(invitation, clock.now()):
        # Said before the questions, not after the customer has answered them all.
        context = {"message": feedback.closed_text()}
        return render(request, "feedback/invalid.html", context, status=410)
    if request.method == "GET":
        return _page(request, invitation, AnswerForm())
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _page(request, invitation, form, status=422)
    try:
        feedback.answer(
            invitation=invitation,
            csat=form.cleaned_data["csat"],
            ces=form.cleaned_data["ces"],
            comment=form.cleaned_data["comment"],
            language=translation.get_language() or "de",
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _page(request, invitation, form, status=error.status)
    return render(request, "feedback/thanks.html", {"already": False})


@require_POST
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return render(request, "feedback/invalid.html", status=404)
    feedback.opt_out(customer=invitation.customer)
    return render(request, "feedback/opted_out.html")
