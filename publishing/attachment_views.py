"""Attachments served through a permission check: a draft's files only to those who may see the draft.

Files are never served from a static ``/media/`` path (which would expose drafts at guessable names).
The response names the verified type, forbids sniffing, downloads everything but verified PDFs and images
(``Content-Disposition: attachment``), and sandboxes the document. With ``ATTACHMENT_ACCEL_PREFIX`` set, the
web process checks the permission and nginx sends the bytes (``X-Accel-Redirect``, docs/deployment.md).
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors
from .files import EXTENSIONS, INLINE_TYPES
from .models import Attachment, PublicationStatus

#: Documents are rendered in a sandbox: no script, no plugin, no same-origin access, even if a browser
#: were to render them. PDFs shown inline cannot be sandboxed (browsers' PDF viewers refuse), so they get a
#: policy without scripts for the page itself.
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"
PDF_CSP = "default-src 'none'; object-src 'self'; plugin-types application/pdf"


def attachment_url(attachment: Attachment) -> str:
    return reverse("attachment", args=[attachment.pk])


def download_name(attachment: Attachment, content_type: str) -> str:
    """The client's name, with the extension of the verified type (never an .html for a PDF)."""
    stem = (attachment.original_name or "附件").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    extension = EXTENSIONS.get(content_type, (".bin",))[0]
    return (stem.strip() or "附件")[:120] + extension


@require_GET
def serve_attachment(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("publication"), pk=pk)
    if not selectors.publications_for(request.user).filter(pk=attachment.publication_id).exists():
        raise Http404(_("附件不存在或无权查看。"))
    content_type = (
        attachment.content_type if attachment.content_type in EXTENSIONS else "application/octet-stream"
    )
    inline = content_type in INLINE_TYPES
    name = download_name(attachment, content_type)
    if settings.ATTACHMENT_ACCEL_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = escape_uri_path(
            settings.ATTACHMENT_ACCEL_PREFIX.rstrip("/") + "/" + attachment.file.name
        )
        disposition = "inline" if inline else "attachment"
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(name)}"
    else:
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404(_("附件文件缺失。")) from exc
        response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PDF_CSP if content_type == "application/pdf" else SANDBOX_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    public = attachment.publication.status in (PublicationStatus.PUBLISHED,)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
