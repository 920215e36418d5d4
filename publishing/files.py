"""Records' attachments: checked by the one upload checker (core/uploads.py: the type read from the file's
content AND matching the file's extension), stored under a server-generated name with the type's extension.

Accepted: PDF, PNG, JPEG, Word (docx) and Excel (xlsx). Refused: everything else, SVG (it may carry
script), executables, Office files with macros, and Office files that unpack to more than
``ATTACHMENT_MAX_UNPACKED_BYTES`` (zip bombs). Files are served by publishing/attachment_views.py.
"""

from __future__ import annotations

import uuid

from core.uploads import (  # noqa: F401 - the names publishing's modules and tests use
    DOCX,
    EXTENSIONS,
    INLINE_TYPES,
    JPEG,
    MAX_ATTACHMENT_BYTES,
    PDF,
    PNG,
    XLSX,
    extension_of,
)
from core.uploads import check_upload as check_any

#: What a record may carry.
ALLOWED = (PDF, PNG, JPEG, DOCX, XLSX)


def check_upload(upload) -> str:
    """Validate a record's attachment with the one checker (:func:`core.uploads.check_upload`); return its
    content type or raise ValidationError (in Chinese)."""
    return check_any(upload, allowed=ALLOWED)


def storage_name(instance, filename: str) -> str:
    """Where an attachment is stored: a random name with the verified type's extension (the client's name
    is kept only as ``original_name``, for display)."""
    extension = EXTENSIONS.get(getattr(instance, "content_type", ""), (".bin",))[0]
    publication = instance.publication
    return f"publishing/{publication.unit.code}/{publication.pk}/{uuid.uuid4().hex}{extension}"
