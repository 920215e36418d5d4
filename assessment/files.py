"""Evidence uploads for assessors' scores: PDF, PNG or JPG, checked by the one upload checker
(core/uploads.py: the type read from the file's content AND matching the file's extension; HTML behind a
PDF or image signature refused), size-limited."""

from __future__ import annotations

from django.core.files.base import File

from core.uploads import JPEG, PDF, PNG, check_upload

#: What evidence may be.
ALLOWED = (PDF, PNG, JPEG)
#: The largest evidence file accepted.
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def check_evidence(upload: File[bytes]) -> str:
    """Validate an uploaded evidence file; return its content type or raise ValidationError (in Chinese)."""
    return check_upload(upload, allowed=ALLOWED, max_bytes=MAX_EVIDENCE_BYTES)
