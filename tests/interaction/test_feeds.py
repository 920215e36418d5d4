"""The feeds of 互动交流's published answers: only those published with consent, scrubbed of the asker's data,
all or per kind; an unknown kind is a 404."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from interaction import services

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    return [i.findtext("title") for i in root.iter("item")] + [
        e.findtext(f"{atom}title") for e in root.iter(f"{atom}entry")
    ]


def test_only_consented_answers_scrubbed_per_kind(client, submit, officer_s1):
    shown = submit(subject="王小明问入学", body="我是王小明，电话13912345678。")
    hidden = submit(consent=False, subject="不公开的咨询")
    waiting = submit(subject="还没答复的咨询")
    complaint = submit(kind="complain", subject="投诉噪音")
    for message in (shown, hidden, complaint):
        services.answer(user=officer_s1, message=message, text="王小明您好：已办理。", today=date(2026, 3, 5))
    response = client.get(reverse("interaction:answers_feed"))
    listed = titles(response)
    assert sorted(listed) == sorted(["[咨询] ＊＊＊问入学", "[投诉] 投诉噪音"])
    text = response.content.decode()
    for secret in ("王小明", "13912345678", "wxm@example.cn", shown.code, hidden.subject, waiting.subject):
        assert secret not in text
    assert titles(client.get(reverse("interaction:answers_kind_feed", args=["complain"]))) == [
        "[投诉] 投诉噪音"
    ]
    assert titles(client.get(reverse("interaction:answers_kind_atom", args=["consult"]))) == [
        "[咨询] ＊＊＊问入学"
    ]
    assert len(titles(client.get(reverse("interaction:answers_atom")))) == 2
    assert client.get(reverse("interaction:answers_kind_feed", args=["nonsense"])).status_code == 404


def test_the_answers_page_links_its_feed(client):
    html = client.get(reverse("interaction:answers")).content.decode()
    assert (
        f'type="application/rss+xml" title="互动交流答复" href="{reverse("interaction:answers_feed")}"'
        in html
    )
