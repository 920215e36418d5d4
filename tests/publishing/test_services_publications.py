"""Publications: the workflow, permissions between units, 索引号, sanitising, attachments, reuse."""

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from organizations.models import Role
from publishing import services
from publishing.files import MAX_ATTACHMENT_BYTES, check_upload
from publishing.models import Attachment, Obligation, Publication, PublicationEvent, PublicationStatus
from tests.append_only import assert_append_only
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(d):
    return {
        "s1_officer": member(Role.OFFICER, d["s1"], "s1_officer"),
        "s1_reviewer": member(Role.REVIEWER, d["s1"], "s1_reviewer"),
        "s2_reviewer": member(Role.REVIEWER, d["s2"], "s2_reviewer"),
        "c11_officer": member(Role.OFFICER, d["c11"], "c11_officer"),
        "c12_officer": member(Role.OFFICER, d["c12"], "c12_officer"),
        "c11_reviewer": member(Role.REVIEWER, d["c11"], "c11_reviewer"),
    }


@pytest.fixture
def obligations(d, office, domain, release):
    make_item(office, domain, "社区事务", subject="各社区居委会、各街道", tiers=("street", "community"))
    release()
    return {o.unit.code: o for o in Obligation.objects.select_related("unit")}


def draft(user, unit, obligations=(), **kw):
    return services.create_publication(
        user=user,
        unit=unit,
        title=kw.pop("title", "关于低保的公示"),
        body=kw.pop("body", "<p>正文</p>"),
        formed_on=kw.pop("formed_on", date(2025, 9, 30)),
        obligations=obligations,
        **kw,
    )


def test_full_workflow_records_every_step(d, people, obligations):
    officer, reviewer = people["c11_officer"], people["c11_reviewer"]
    pub = draft(officer, d["c11"], [obligations["D-S1-1"]])
    services.submit(user=officer, publication=pub)
    with pytest.raises(PermissionDenied):
        services.approve(user=officer, publication=pub)  # an officer has no REVIEW
    services.approve(user=reviewer, publication=pub, comment="保密审查通过")
    pub = services.publish(user=officer, publication=pub)
    assert pub.status == PublicationStatus.PUBLISHED and pub.published_at
    services.withdraw(user=officer, publication=pub, reason="信息有误")
    actions = list(PublicationEvent.objects.filter(publication=pub).values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "publish", "withdraw"]
    assert_append_only(PublicationEvent.objects.first(), "发布记录", comment="改写")


def test_reviewer_cannot_approve_own_and_reject_needs_comment(d, people, obligations):
    street_reviewer_author = people["s1_reviewer"]
    officer = people["s1_officer"]
    pub = draft(officer, d["s1"])
    services.submit(user=officer, publication=pub)
    with pytest.raises(ValidationError):
        services.reject(user=street_reviewer_author, publication=pub, comment=" ")
    services.reject(user=street_reviewer_author, publication=pub, comment="请补充附件")
    assert Publication.objects.get(pk=pub.pk).status == PublicationStatus.DRAFT


def test_office_author_cannot_approve_own(d, office, obligations):
    pub = draft(office, d["s1"])
    services.submit(user=office, publication=pub)
    with pytest.raises(PermissionDenied):
        services.approve(user=office, publication=pub)


def test_units_cannot_touch_each_others_records(d, people, obligations):
    pub = draft(people["c11_officer"], d["c11"], [obligations["D-S1-1"]])
    sibling = people["c12_officer"]
    with pytest.raises(PermissionDenied):
        services.update_publication(user=sibling, publication=pub, title="改")
    with pytest.raises(PermissionDenied):
        services.submit(user=sibling, publication=pub)
    with pytest.raises(PermissionDenied):
        draft(sibling, d["c11"])  # cannot create for a sibling
    with pytest.raises(PermissionDenied):
        draft(sibling, d["c12"], [obligations["D-S1-1"]])  # nor satisfy a sibling's obligation
    services.submit(user=people["c11_officer"], publication=pub)
    with pytest.raises(PermissionDenied):
        services.approve(user=people["s2_reviewer"], publication=pub)  # reviewer of another street
    services.approve(user=people["s1_reviewer"], publication=pub)  # the parent street's reviewer may
    with pytest.raises(PermissionDenied):
        services.publish(user=sibling, publication=pub)
    assert Publication.objects.visible_to(sibling).count() == 0
    assert Publication.objects.visible_to(people["s1_officer"]).count() == 1


def test_upload_once_reuse_everywhere(d, people, obligations):
    street_officer = people["s1_officer"]
    pub = draft(street_officer, d["s1"], [obligations["D-S1"], obligations["D-S1-1"], obligations["D-S1-2"]])
    assert pub.fulfilments.count() == 3
    assert obligations["D-S1-2"].publications.get() == pub
    with pytest.raises(PermissionDenied):
        draft(street_officer, d["s1"], [obligations["D-S2-1"]])  # another street's community


def test_index_number_format_and_sequence(d, people, obligations):
    officer = people["s1_officer"]
    first = draft(officer, d["s1"])
    second = draft(officer, d["s1"])
    other_year = draft(officer, d["s1"], formed_on=date(2026, 1, 5))
    community = draft(officer, d["c11"])
    assert first.index_number == "D-S1-2025-000001"
    assert second.index_number == "D-S1-2025-000002"
    assert other_year.index_number == "D-S1-2026-000001"
    assert community.index_number == "D-S1-1-2025-000001"
    assert re.fullmatch(r".+-\d{4}-\d{6}", first.index_number)
    assert len({p.index_number for p in Publication.objects.all()}) == 4


def test_body_is_sanitised(d, people):
    pub = draft(
        people["s1_officer"],
        d["s1"],
        body=(
            '<p onclick="x()">好<script>alert(1)</script><a href="javascript:alert(1)">坏</a>'
            '<a href="https://example.gov.cn">链</a><img src=x></p><table><tr><td>1</td></tr></table>'
        ),
    )
    assert "script" not in pub.body and "onclick" not in pub.body and "img" not in pub.body
    assert "javascript" not in pub.body
    assert 'href="https://example.gov.cn"' in pub.body and "<table>" in pub.body


def test_scheduled_publication_goes_out_when_due(d, people, obligations):
    officer = people["s1_officer"]
    pub = draft(officer, d["s1"], [obligations["D-S1"]])
    services.submit(user=officer, publication=pub)
    services.approve(user=people["s1_reviewer"], publication=pub)
    at = timezone.now() + timedelta(hours=2)
    pub = services.publish(user=officer, publication=pub, at=at)
    assert pub.status == PublicationStatus.SCHEDULED
    assert services.publish_due() == 0
    assert services.publish_due(now=at + timedelta(minutes=1)) == 1
    assert services.publish_due(now=at + timedelta(minutes=2)) == 0
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and pub.published_at == at


def test_supersede(d, people):
    officer, reviewer = people["s1_officer"], people["s1_reviewer"]
    pubs = []
    for title in ("旧", "新"):
        p = draft(officer, d["s1"], title=title)
        services.submit(user=officer, publication=p)
        services.approve(user=reviewer, publication=p)
        pubs.append(services.publish(user=officer, publication=p))
    old = services.supersede(user=officer, old=pubs[0], new=pubs[1])
    assert old.status == PublicationStatus.SUPERSEDED and old.superseded_by == pubs[1]
    with pytest.raises(PermissionDenied):
        services.supersede(user=people["c12_officer"], old=pubs[1], new=pubs[0])


# -- attachments ----------------------------------------------------------------------------------------
def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def png_bytes():
    """A real (tiny) PNG: the type is checked by libmagic too, so a bare signature is not enough."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("a.png", png_bytes(), "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        ("a.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_allowed_attachments(name, content, expected):
    assert check_upload(SimpleUploadedFile(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # a Windows executable renamed .pdf
        ("run.pdf", b"#!/bin/sh\nrm -rf /"),
        ("a.docx", b"PK\x03\x04not really a zip"),
        ("a.txt", b"hello"),
        ("empty.pdf", b""),
    ],
)
def test_refused_attachments(name, content):
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile(name, content))


def test_size_limit():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7")
    upload.size = MAX_ATTACHMENT_BYTES + 1
    with pytest.raises(ValidationError):
        check_upload(upload)


def test_attachment_model_checks_content(d, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pub = draft(people["s1_officer"], d["s1"])
    with pytest.raises(ValidationError):
        Attachment.objects.create(publication=pub, file=SimpleUploadedFile("x.pdf", b"MZ\x90\x00rest"))
    ok = Attachment.objects.create(publication=pub, file=SimpleUploadedFile("公告.pdf", b"%PDF-1.4 body"))
    assert ok.content_type == "application/pdf" and ok.original_name == "公告.pdf" and ok.size == 13


def test_interpretation_is_linked_to_its_policy(d, people, obligations):
    officer = people["c11_officer"]
    policy = draft(
        officer, d["c11"], [obligations["D-S1-1"]], title="低保实施办法", doc_number="墅社〔2025〕1号"
    )
    reading = draft(officer, d["c11"], title="《低保实施办法》政策解读", interprets=policy)
    assert list(policy.interpretations.all()) == [reading]
    with pytest.raises(ValidationError):
        draft(officer, d["c11"], title="解读的解读", interprets=reading)
    with pytest.raises(ValidationError):
        services.update_publication(user=officer, publication=policy, interprets=policy)
    with pytest.raises(PermissionDenied):
        draft(people["c12_officer"], d["c12"], title="解读", interprets=policy)  # another unit's draft
