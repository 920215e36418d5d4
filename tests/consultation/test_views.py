"""征求意见's pages: the list and a consultation's page (draft, 起草说明, 依据, the rule, a shortening's reason),
the form that opens and closes by itself at the set times, personal data never on a public page (nor in the
export), hostile input (a script escaped, a huge text refused with nothing written, a flood rate-limited, the
honeypot), reports hiding a comment, and the officers' pages scoped to their units."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultation import services, views
from consultation.models import Comment, Consultation

pytestmark = pytest.mark.django_db


def page(client, c):
    return client.get(reverse("consultation:detail", args=[c.pk]))


def post(client, c, **data):
    return client.post(reverse("consultation:detail", args=[c.pk]), {"body": "意见", **data})


def test_the_public_page_shows_the_draft_the_rule_and_a_shortening_reason(client, make):
    c = make(code="normative", days=3, reason="上级文件要求月底前出台")
    body = page(client, c).content.decode()
    # the draft by article: the heading is the paragraph's label, the text follows it
    assert re.search(r'<span class="cs-plabel">第一条</span><div class="cs-ptext">为了方便居民出行', body)
    for text in (
        "起草背景",
        "第二百七十八条",
        "国办发〔2018〕37号",
        "上级文件要求月底前出台",
        "征集中",
    ):
        assert text in body
    listing = client.get(reverse("consultation:index") + "?state=open").content.decode()
    assert c.title in listing
    assert c.title not in client.get(reverse("consultation:index") + "?state=closed").content.decode()


def test_the_form_opens_and_closes_by_itself_at_the_set_times(client, make):
    c = make(opens_on=timezone.localdate() + timedelta(days=1))
    assert "征集尚未开始" in page(client, c).content.decode()
    assert post(client, c).status_code == 400 and Comment.objects.count() == 0
    # the set times pass (no job runs): move them instead of the clock
    now = timezone.now()
    Consultation.objects.filter(pk=c.pk).update(
        opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(minutes=5)
    )
    assert 'name="body"' in page(client, c).content.decode()
    assert post(client, c).status_code == 302 and Comment.objects.count() == 1
    Consultation.objects.filter(pk=c.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    body = page(client, c).content.decode()
    assert "意见征集已截止" in body and 'name="body"' not in body
    assert post(client, c).status_code == 400 and Comment.objects.count() == 1


def test_personal_data_never_on_public_pages(client, make, officer_s1):
    c = make()
    post(client, c, body="建议加装电梯补贴向低楼层倾斜", name="张秘密", contact="13912345678")
    services.enter_comment(
        user=officer_s1,
        consultation=c,
        channel="letter",
        body="来信意见",
        received_on=timezone.localdate(),
        name="王来信",
        contact="wang@example.cn",
    )
    for url in (reverse("consultation:detail", args=[c.pk]), reverse("consultation:index")):
        body = client.get(url).content.decode()
        for secret in ("张秘密", "13912345678", "王来信", "wang@example.cn"):
            assert secret not in body
    assert "建议加装电梯补贴向低楼层倾斜" in page(client, c).content.decode()
    client.force_login(officer_s1)
    staff = client.get(reverse("consultation:manage", args=[c.pk])).content.decode()
    assert "张秘密" in staff  # the drafting unit's officer sees it, to reply
    export = client.get(reverse("consultation:export", args=[c.pk]))
    assert "filename*=UTF-8''%E5%BE%81%E6%B1%82" in export["Content-Disposition"]
    cells = [
        str(v)
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for v in row
        if v
    ]
    assert any("建议加装电梯补贴" in v for v in cells)
    assert not any(s in v for v in cells for s in ("张秘密", "13912345678", "王来信", "wang@example.cn"))


def test_contacts_typed_into_a_comment_are_masked_on_the_page_and_in_the_export(client, make, officer_s1):
    """A commenter who writes a phone number, an ID number or an e-mail into the text itself: the public page,
    the feedback and the office's anonymised export mask them, as the API does."""
    c = make()
    typed = "请联系我 13987654321，身份证 330105199001020017，邮箱 li.si@example.cn"
    post(client, c, body="楼道改造意见：" + typed)
    public = page(client, c).content.decode()
    assert "楼道改造意见" in public
    for secret in ("13987654321", "330105199001020017", "li.si@example.cn"):
        assert secret not in public
    client.force_login(officer_s1)
    export = client.get(reverse("consultation:export", args=[c.pk]))
    cells = " ".join(
        str(v)
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for v in row
    )
    assert "楼道改造意见" in cells
    for secret in ("13987654321", "330105199001020017", "li.si@example.cn"):
        assert secret not in cells


def test_a_script_in_a_comment_is_escaped(client, make):
    c = make()
    post(client, c, body='<script>alert("x")</script>')
    body = page(client, c).content.decode()
    assert '<script>alert("x")</script>' not in body and "&lt;script&gt;" in body


def test_a_huge_text_is_refused_cleanly_with_nothing_written(client, make):
    c = make()
    response = post(client, c, body="长" * 200_000)
    assert response.status_code == 400 and "3000" in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_flood_is_rate_limited(client, make):
    c = make()
    per_session = views.SUBMIT_PER_SESSION[0]
    codes = [post(client, c, body=f"意见{i}").status_code for i in range(per_session + 2)]
    assert codes[:per_session] == [302] * per_session and codes[per_session:] == [429, 429]
    assert Comment.objects.count() == per_session


def test_the_flood_from_one_address_across_sessions_is_limited(make):
    from django.test import Client

    c = make()
    per_address = views.SUBMIT_PER_ADDRESS[0]
    codes = [post(Client(), c, body=f"意见{i}").status_code for i in range(per_address + 1)]
    assert codes[-1] == 429 and Comment.objects.count() == per_address


def test_the_honeypot_writes_nothing(client, make):
    c = make()
    assert post(client, c, website="http://spam.example").status_code == 302
    assert Comment.objects.count() == 0


def test_reports_from_visitors_hide_a_comment(make):
    from django.test import Client

    c = make()
    comment = services.submit_comment(consultation=c, body="垃圾广告内容")
    for _ in range(services.REPORTS_TO_HIDE):
        Client().post(reverse("consultation:report", args=[comment.pk]))
    assert "垃圾广告内容" not in page(Client(), c).content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_officers_see_only_their_units_consultations(client, make, officer_s1, officer_s2, office):
    c = make(unit="s1")
    client.force_login(officer_s2)
    assert client.get(reverse("consultation:manage", args=[c.pk])).status_code == 404
    assert client.get(reverse("consultation:export", args=[c.pk])).status_code == 404
    assert (
        client.post(
            reverse("consultation:step", args=[c.pk, "enter"]),
            {"channel": "mail", "received_on": timezone.localdate().isoformat(), "body": "x"},
        ).status_code
        == 404
    )
    assert c.title not in client.get(reverse("consultation:desk")).content.decode()
    assert client.get(reverse("consultation:new")).status_code == 403
    client.force_login(officer_s1)
    assert c.title in client.get(reverse("consultation:desk")).content.decode()
    response = client.post(
        reverse("consultation:step", args=[c.pk, "enter"]),
        {"channel": "phone", "received_on": timezone.localdate().isoformat(), "body": "电话意见"},
    )
    assert response.status_code == 302 and Comment.objects.get().channel == "phone"


def test_the_office_opens_one_from_the_page(client, office, d, kind):
    client.force_login(office)
    data = {
        "title": "关于调整公交线路的方案",
        "unit": d["s1"].pk,
        "kind": kind("major").pk,
        "draft": "草案",
        "explanation": "说明",
        "basis": "依据",
        "opens_on": timezone.localdate().isoformat(),
        "days": 10,
    }
    refused = client.post(reverse("consultation:new"), data)
    assert refused.status_code == 400 and "须说明理由" in refused.content.decode()
    assert Consultation.objects.count() == 0
    done = client.post(reverse("consultation:new"), {**data, "reason": "道路施工在即"})
    assert done.status_code == 302 and Consultation.objects.get().shortened_reason == "道路施工在即"


def test_the_desk_shows_open_consultations(client, make, officer_s1):
    from publishing.selectors import desk_sections

    make()
    (section,) = [s for s in desk_sections(officer_s1) if s.key == "consultation"]
    assert {c.key: c.count for c in section.counts}["open"] == 1
