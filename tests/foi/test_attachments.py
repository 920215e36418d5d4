"""Applicants' attachments (issue 28, 3): the FOI form uses the one strong upload checker (core/uploads.py) —
zip bombs, HTML behind a PDF signature and HTML inside a docx are refused — and the officers handling the
request download what was attached, through a permission check, never at a public URL."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from foi import services
from foi.models import AccessLog, DisclosureRequest, RequestAttachment
from organizations.models import Role
from tests.factories import member
from tests.security.conftest import CONTENT_TYPES, RELS, docx_bytes, jpeg_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _submit(d, applicant, *files):
    return services.submit_online(
        unit=d["dept"],
        applicant=applicant,
        description="2025年学区划分方案",
        form="electronic",
        delivery="online",
        attachments=list(files),
    )


def _refused(d, applicant, name, content, match=None):
    with pytest.raises(ValidationError, match=match):
        _submit(d, applicant, upload(name, content))
    assert not DisclosureRequest.objects.exists()
    assert not RequestAttachment.objects.exists()


def test_a_zip_bomb_docx_is_refused(d, applicant, settings):
    settings.ATTACHMENT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    bomb = docx_bytes(b"0" * (8 * 1024 * 1024))  # 8 MB of zeros, a few KB packed
    assert len(bomb) < 100 * 1024
    _refused(d, applicant, "身份证明.docx", bomb, match="解压")


def test_a_zip_bomb_whose_directory_lies_is_refused(d, applicant, settings):
    """The sizes in the zip's directory say small; the part unpacks to far more."""
    settings.ATTACHMENT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    bomb = bytearray(docx_bytes(b"0" * (8 * 1024 * 1024)))
    archive = zipfile.ZipFile(io.BytesIO(bytes(bomb)))
    info = archive.getinfo("word/document.xml")
    # patch the uncompressed size in the central directory and the local header to 1000 bytes
    real = info.file_size.to_bytes(4, "little")
    bomb = bytes(bomb).replace(real, (1000).to_bytes(4, "little"))
    with pytest.raises(ValidationError):
        _submit(d, applicant, upload("a.docx", bomb))
    assert not RequestAttachment.objects.exists()


def test_html_behind_a_pdf_signature_is_refused(d, applicant):
    evil = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
    _refused(d, applicant, "证明.pdf", evil)


def test_html_inside_a_docx_is_refused(d, applicant):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", "<html><body><script>alert(1)</script></body></html>")
    _refused(d, applicant, "委托书.docx", out.getvalue())


def test_an_office_file_other_than_word_is_refused(d, applicant):
    from tests.security.conftest import xlsx_bytes

    _refused(d, applicant, "表格.xlsx", xlsx_bytes())


def test_honest_attachments_are_kept(d, applicant):
    request, _secret = _submit(
        d, applicant, upload("身份证.jpg", jpeg_bytes()), upload("委托书.docx", docx_bytes())
    )
    kinds = sorted(request.attachments.values_list("content_type", flat=True))
    assert kinds == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/jpeg",
    ]


def test_the_weak_checker_is_gone():
    import importlib.util

    assert importlib.util.find_spec("foi.files") is None


# -- the officers see them -----------------------------------------------------------------------------------
def test_the_handling_officer_downloads_the_attachment_others_do_not(client, d, applicant, officer):
    request, _secret = _submit(d, applicant, upload("身份证明.pdf", pdf_bytes()))
    attachment = request.attachments.get()
    client.force_login(officer)
    page = client.get(f"/admin/foi/disclosurerequest/{request.pk}/handle/")
    assert page.status_code == 200
    url = f"/foi/workspace/attachments/{attachment.pk}/"
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AccessLog.objects.filter(request=request, user=officer, where="下载申请附件").exists()

    for who in (
        member(Role.OFFICER, d["s1"], "other_unit_officer"),  # another unit
        member(Role.REVIEWER, d["dept"], "dept_reviewer"),  # the unit's reviewer does not handle it
        member(Role.AUDITOR, d["gov"], "an_auditor"),
    ):
        client.force_login(who)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
    assert client.get("/media/" + attachment.file.name).status_code == 404
