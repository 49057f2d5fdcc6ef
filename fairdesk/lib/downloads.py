"""Responses that hand a stored file to the browser as a download, never as a page."""

from typing import Protocol
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404

from fairdesk.lib.files import safe_filename, stored_path

# Types a browser would render and run (script in HTML, SVG, XML): sent as plain bytes.
ACTIVE_TYPES = ("html", "svg", "xml", "javascript", "ecmascript", "xhtml")


def download_content_type(content_type: str) -> str:
    kind = (content_type or "").split(";")[0].strip().lower()
    if not kind or "/" not in kind or any(word in kind for word in ACTIVE_TYPES):
        return "application/octet-stream"
    return kind


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback and the exact name in UTF-8."""
    name = safe_filename(filename)
    fallback = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


class StoredFile(Protocol):
    """A file kept under its hash in the attachment folder (a case's Attachment)."""

    sha256: str
    filename: str
    content_type: str


def attachment_response(attachment: StoredFile) -> FileResponse:
    try:
        path = stored_path(settings.FAIRDESK_ATTACHMENT_DIR, attachment.sha256)
        handle = path.open("rb")
    except (ValueError, OSError):
        raise Http404("The file is missing.") from None
    response = FileResponse(handle, content_type=download_content_type(attachment.content_type))
    response["Content-Disposition"] = content_disposition(attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# Types the browser shows without running anything: these may be previewed in the desk.
PREVIEW_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"})


def previewable(content_type: str) -> bool:
    return download_content_type(content_type) in PREVIEW_TYPES


def preview_response(attachment: StoredFile) -> FileResponse:
    """An image or PDF shown in the browser (inline) instead of saved; anything else 404.

    The same guards as a download: the declared type only (nosniff), nothing may load from
    the file, no cache; the sandbox is left off for PDF only, whose viewer it would block."""
    kind = download_content_type(attachment.content_type)
    if kind not in PREVIEW_TYPES:
        raise Http404("This file cannot be previewed; download it.")
    response = attachment_response(attachment)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment;", "inline;", 1
    )
    if kind == "application/pdf":
        response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'"
    return response
