"""Downloading attachments: one view for desk and portal, each with its own permission."""

from collections.abc import Callable

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from fairdesk.cases.models import Attachment
from fairdesk.desk import policy
from fairdesk.lib.downloads import attachment_response, preview_response
from fairdesk.privacy import services as privacy
from fairdesk.privacy.models import ReadKind

Permission = Callable[[HttpRequest, Attachment], bool]


def serve_attachment(
    request: HttpRequest,
    attachment_id: int,
    *,
    may_see: Permission,
    respond=attachment_response,
    served: Callable[[Attachment], None] | None = None,
):
    """The file as a download when `may_see` allows it; 404 otherwise, so ids reveal nothing.
    `served` is told of each file handed out (the desk records the read)."""
    attachment = (
        Attachment.objects.select_related("entry", "entry__case").filter(pk=attachment_id).first()
    )
    if attachment is None or not may_see(request, attachment):
        raise Http404("No such file.")
    response = respond(attachment)
    if served is not None:
        served(attachment)
    return response


@require_GET
@policy.agent_required
def download(request: policy.AgentRequest, attachment_id: int) -> FileResponse:
    return serve_attachment(
        request, attachment_id, may_see=policy.may_download, served=_read_by(request)
    )


@require_GET
@policy.agent_required
def preview(request: policy.AgentRequest, attachment_id: int) -> FileResponse:
    """An image or PDF shown in the browser, with the download's permission and guards."""
    return serve_attachment(
        request,
        attachment_id,
        may_see=policy.may_download,
        respond=preview_response,
        served=_read_by(request),
    )


def _read_by(request: policy.AgentRequest) -> Callable[[Attachment], None]:
    """Records each file an agent is handed (the audit log's reads)."""

    def served(attachment: Attachment) -> None:
        privacy.log_read(
            user=request.user,
            kind=ReadKind.ATTACHMENT,
            case=attachment.entry.case,
            attachment_id=attachment.pk,
        )

    return served
