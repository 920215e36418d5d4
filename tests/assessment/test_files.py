"""Evidence uploads go through the one upload checker (core/uploads.py) with evidence's types and size limit."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment.files import MAX_EVIDENCE_BYTES, check_evidence


def test_a_pdf_is_evidence():
    assert check_evidence(SimpleUploadedFile("证明.pdf", b"%PDF-1.4 evidence")) == "application/pdf"


def test_html_behind_a_pdf_signature_is_refused():
    disguised = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="伪装成 PDF 或图片"):
        check_evidence(disguised)


def test_office_files_and_wrong_extensions_are_refused():
    with pytest.raises(ValidationError, match="只接受 PDF、PNG、JPG"):
        check_evidence(SimpleUploadedFile("台账.docx", b"PK\x03\x04 not unpacked"))
    with pytest.raises(ValidationError, match="扩展名"):
        check_evidence(SimpleUploadedFile("证明.png", b"%PDF-1.4 evidence"))


def test_the_evidence_size_limit():
    big = SimpleUploadedFile("证明.pdf", b"%PDF-1.4 " + b"0" * MAX_EVIDENCE_BYTES)
    with pytest.raises(ValidationError, match="10 MB"):
        check_evidence(big)
