"""Uploads (issue 15, 1): allow-list by real content AND extension, server-generated storage names, SVG
refused, OOXML checked and bounded when unpacked, attachments served through a permission check with
Content-Disposition and nosniff — never from a guessable /media/ path."""

import re
import zlib  # noqa: F401 - documents that the zip bomb below is deflate-compressed

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.models import Role
from publishing import services
from publishing.files import check_upload
from tests.factories import member

from .conftest import docx_bytes, jpeg_bytes, pdf_bytes, png_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


# -- what is accepted --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("通知.pdf", pdf_bytes, "application/pdf"),
        ("照片.png", png_bytes, "image/png"),
        ("照片.JPG", jpeg_bytes, "image/jpeg"),
        ("照片.jpeg", jpeg_bytes, "image/jpeg"),
        (
            "办事指南.docx",
            docx_bytes,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("目录.xlsx", xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_honest_files_are_accepted(name, make, expected):
    assert check_upload(upload(name, make())) == expected


# -- what the probe got through ------------------------------------------------------------------------------
def test_html_named_html_but_starting_like_a_pdf_is_refused():
    evil = pdf_bytes() + b"<html><script>alert(document.cookie)</script></html>"
    with pytest.raises(ValidationError):
        check_upload(upload("evil.html", evil))


def test_pdf_content_under_another_extension_is_refused():
    with pytest.raises(ValidationError):
        check_upload(upload("report.png", pdf_bytes()))
    with pytest.raises(ValidationError):
        check_upload(upload("noext", pdf_bytes()))


def test_svg_is_refused_even_under_a_friendly_name():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
    for name in ("logo.svg", "logo.png", "logo.pdf"):
        with pytest.raises(ValidationError):
            check_upload(upload(name, svg))


def test_docx_holding_html_is_refused():
    with pytest.raises(ValidationError):
        check_upload(upload("通知.docx", b"<html><body><script>alert(1)</script></body></html>"))


def test_docx_with_macros_or_without_word_part_is_refused():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("index.html", "<script>alert(1)</script>")
    with pytest.raises(ValidationError):
        check_upload(upload("a.docx", out.getvalue()))


def test_zip_bomb_docx_is_refused(settings):
    settings.ATTACHMENT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    bomb = docx_bytes(b"0" * (8 * 1024 * 1024))  # 8 MB of zeros: a few KB packed
    assert len(bomb) < 100 * 1024
    with pytest.raises(ValidationError, match="解压"):
        check_upload(upload("bomb.docx", bomb))


def test_executables_are_refused():
    for head in (b"MZ\x90\x00", b"\x7fELF\x02\x01", b"#!/bin/sh\n"):
        with pytest.raises(ValidationError):
            check_upload(upload("a.pdf", head + b"\x00" * 64))


# -- storage names and serving -------------------------------------------------------------------------------
@pytest.fixture
def draft(d):
    officer = member(Role.OFFICER, d["s1"], "officer_s1")
    pub = services.create_publication(
        user=officer, unit=d["s1"], title="草稿", body="<p>x</p>", formed_on=timezone.localdate()
    )
    return officer, pub


def test_storage_name_is_server_generated_with_the_types_extension(draft):
    officer, pub = draft
    att = services.add_attachment(
        user=officer, publication=pub, upload=upload("../../evil name.PDF", pdf_bytes())
    )
    stored = att.file.name.rsplit("/", 1)[-1]
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored), stored
    assert "evil" not in att.file.name and ".." not in att.file.name
    assert att.original_name.endswith(".PDF")


def _publish(pub):
    from django.utils import timezone

    from publishing.models import Publication, PublicationStatus

    Publication.objects.filter(pk=pub.pk).update(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now()
    )


def test_draft_attachment_only_to_those_who_may_see_the_draft(client, d, draft):
    officer, pub = draft
    att = services.add_attachment(user=officer, publication=pub, upload=upload("通知.pdf", pdf_bytes()))
    url = f"/attachments/{att.pk}/"
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(member(Role.OFFICER, d["s2"], "officer_s2"))
    assert client.get(url).status_code == 404  # another street's officer
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # and the storage path itself is not served
    client.logout()
    assert client.get("/media/" + att.file.name).status_code == 404


def test_published_attachments_headers(client, draft):
    officer, pub = draft
    pdf = services.add_attachment(user=officer, publication=pub, upload=upload("通知.pdf", pdf_bytes()))
    doc = services.add_attachment(user=officer, publication=pub, upload=upload("指南.docx", docx_bytes()))
    _publish(pub)
    response = client.get(f"/attachments/{pdf.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    response = client.get(f"/attachments/{doc.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_stored_html_file_from_before_is_never_served_as_html(client, draft):
    """Rows written before the checks (type text/html, name evil.html) are downloaded, not rendered."""
    from django.core.files.base import ContentFile

    from publishing.models import Attachment

    officer, pub = draft
    att = Attachment(publication=pub, original_name="evil.html", content_type="text/html", size=10)
    att.file.save("legacy/evil.html", ContentFile(b"<script>alert(1)</script>"), save=False)
    Attachment.objects.bulk_create([att])
    att = Attachment.objects.get(publication=pub)
    _publish(pub)
    response = client.get(f"/attachments/{att.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert ".html" not in response["Content-Disposition"]
