"""Downloading attachments: one view for desk and portal, each with its own permission."""

from collections.abc import Callable

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from fairdesk.cases.models import Attachment
from fairdesk.desk import policy
from fairdesk.lib.downloads import attachment_response, preview_response

Permission = Callable[[HttpRequest, Attachment], bool]


def serve_attachment(
    request: HttpRequest, attachment_id: int, *, may_see: Permission, respond=attachment_response
):
    """The file as a download when `may_see` allows it; 404 otherwise, so ids reveal nothing."""
    attachment = (
        Attachment.objects.select_related("entry", "entry__case").filter(pk=attachment_id).first()
    )
    if attachment is None or not may_see(request, attachment):
        raise Http404("No such file.")
    return respond(attachment)


@require_GET
@policy.agent_required
def download(request: HttpRequest, attachment_id: int) -> FileResponse:
    return serve_attachment(request, attachment_id, may_see=policy.may_download)


@require_GET
@policy.agent_required
def preview(request: HttpRequest, attachment_id: int) -> FileResponse:
    """An image or PDF shown in the browser, with the download's permission and guards."""
    return serve_attachment(
        request, attachment_id, may_see=policy.may_download, respond=preview_response
    )
