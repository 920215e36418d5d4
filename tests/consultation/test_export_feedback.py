"""The feedback report (意见采纳情况说明) as Word: the office's anonymised copy at any time, the public copy once
the report is published; figures counted again here from the comments, no name or contact, contacts typed
into a text masked, another unit's officer refused."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from consultation import services
from consultation.models import Comment, Consultation

pytestmark = pytest.mark.django_db

NAME, PHONE = "赵保密", "13811112222"


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def closed(make, office):
    c = make(opens_on=timezone.localdate() - timedelta(days=60))
    Consultation.objects.filter(pk=c.pk).update(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=20)
    )
    c.refresh_from_db()
    day = timezone.localdate() - timedelta(days=50)
    bodies = ["第一条应写明补贴标准", f"电梯噪声扰民，联系我 {PHONE}", "第二条的期限太短", "同意"]
    comments = [
        services.enter_comment(
            user=office,
            consultation=c,
            channel="letter",
            body=body,
            received_on=day,
            name=NAME,
            contact=PHONE,
            paragraph=paragraph,
        )
        for body, paragraph in zip(bodies, (1, None, 2, None), strict=True)
    ]
    services.answer(user=office, consultation=c, comments=comments[:2], verdict="adopted", reason="合理")
    services.answer(
        user=office, consultation=c, comments=comments[2:3], verdict="partly", reason="延长至十日"
    )
    services.answer(
        user=office, consultation=c, comments=comments[3:], verdict="rejected", reason="无具体意见"
    )
    return c, comments


def test_the_office_gets_the_report_as_word_anonymised(client, closed, office, officer_s1, officer_s2):
    c, comments = closed
    client.force_login(officer_s1)  # the drafting unit's officer
    response = client.get(reverse("consultation:feedback_export", args=[c.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = text_of(response.content)
    verdicts = list(Comment.objects.filter(consultation=c).values_list("verdict", flat=True))
    counted = {v: verdicts.count(v) for v in ("adopted", "partly", "rejected")}
    assert (
        f"共收到意见 {len(comments)} 条：采纳 {counted['adopted']} 条，部分采纳 {counted['partly']} 条，"
        f"不予采纳 {counted['rejected']} 条" in text
    )
    for words in ("第一条应写明补贴标准", "延长至十日", "第一条", "第二条", "电梯噪声扰民"):
        assert words in text
    assert NAME not in text and PHONE not in text  # nor the phone typed into the text
    client.force_login(officer_s2)  # another street's officer
    assert client.get(reverse("consultation:feedback_export", args=[c.pk])).status_code == 404


def test_the_public_gets_it_once_published(client, closed, office):
    c, _comments = closed
    url = reverse("consultation:feedback_docx", args=[c.pk])
    assert client.get(url).status_code == 404
    services.publish_feedback(
        user=office,
        consultation=c,
        decided_on=timezone.localdate() - timedelta(days=1),
        summary="已逐条研究。",
    )
    response = client.get(url)
    assert response.status_code == 200
    text = text_of(response.content)
    assert "已逐条研究。" in text and NAME not in text and PHONE not in text
    assert url in client.get(reverse("consultation:detail", args=[c.pk])).content.decode()
