"""Refused forms under htmx keep the page's address.

A boosted form's answer is put into the address bar as the form's action URL. For a refused
form (422, shown with its errors) that URL answers only POST: reloading the page gave a
blank 405. Telling htmx not to touch the history keeps the page's own address instead."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def keep_address_on_refusal(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        refused = request.method == "POST" and response.status_code == 422
        if refused and request.headers.get("HX-Request") == "true":
            response.headers.setdefault("HX-Push-Url", "false")
        return response

    return middleware
