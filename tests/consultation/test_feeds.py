"""The feeds of 征求意见: open consultations per kind (and all), feedback reports as published; nothing of the
comments or the commenters; an unknown kind is a 404."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation import services
from consultation.models import Consultation

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    rss = [i.findtext("title") for i in root.iter("item")]
    atom = [
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in root.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    return rss + atom


@pytest.fixture
def three(make):
    today = timezone.localdate()
    return {
        "major": make(code="major", title="重大决策草案<script>alert(1)</script>"),
        "normative": make(code="normative", title="规范性文件草案"),
        "closed": make(code="major", title="已结束的草案", opens_on=today - timedelta(days=60)),
    }


def test_open_consultations_per_kind(client, three):
    every = titles(client.get(reverse("consultation:open_feed", args=["all"])))
    assert sorted(every) == sorted(f"[{c.kind.name}] {c.title}" for k, c in three.items() if k != "closed")
    major = titles(client.get(reverse("consultation:open_feed", args=["major"])))
    assert major == [f"[重大行政决策] {three['major'].title}"]
    atom = titles(client.get(reverse("consultation:open_atom", args=["normative"])))
    assert atom == [f"[行政规范性文件] {three['normative'].title}"]
    assert titles(client.get(reverse("consultation:open_feed", args=["enterprise"]))) == []
    assert client.get(reverse("consultation:open_feed", args=["nonsense"])).status_code == 404
    raw = client.get(reverse("consultation:open_feed", args=["all"])).content.decode()
    assert "<script>" not in raw  # escaped in the XML


def test_feedback_reports_as_published_without_commenters(client, make, office):
    consultation = make(opens_on=timezone.localdate() - timedelta(days=60))
    comment = services.enter_comment(
        user=office, consultation=consultation, channel="mail", body="建议延长施工时间",
        received_on=timezone.localdate() - timedelta(days=50), name="赵六", contact="zl@example.cn",
    )  # fmt: skip
    services.answer(
        user=office, consultation=consultation, comments=[comment], verdict="adopted", reason="可行"
    )
    assert titles(client.get(reverse("consultation:feedback_feed"))) == []
    services.publish_feedback(
        user=office, consultation=consultation, decided_on=timezone.localdate() - timedelta(days=1),
        summary="采纳1条。",
    )  # fmt: skip
    response = client.get(reverse("consultation:feedback_feed"))
    assert titles(response) == [f"{consultation.title}：意见采纳情况说明"]
    text = response.content.decode()
    assert "采纳 1 条" in text and "赵六" not in text and "zl@example.cn" not in text
    assert "建议延长施工时间" not in text  # the comments are on the page, not in the feed
    Consultation.objects.filter(pk=consultation.pk).update(published=False)
    assert titles(client.get(reverse("consultation:feedback_atom"))) == []


def test_the_list_page_links_its_feeds(client):
    html = client.get(reverse("consultation:index")).content.decode()
    for name, args in (("consultation:open_feed", ["all"]), ("consultation:feedback_feed", [])):
        assert 'rel="alternate" type="application/rss+xml"' in html and reverse(name, args=args) in html
