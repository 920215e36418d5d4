"""The pages of 互动交流: the public form (a tracking code, hostile input escaped, huge text refused cleanly,
rate limits per address and per session), the status page, the officers' pages (another unit's officer: 404),
and no personal data on any public page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from interaction import services
from interaction.models import Message

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def _form(**extra):
    return {
        "kind": "consult",
        "subject": "入学材料咨询",
        "body": "请问需要哪些材料？",
        "name": "李四",
        "phone": "13811112222",
        "email": "",
        "consent": "on",
        **extra,
    }


def test_the_form_gives_a_tracking_code(client, d):
    response = client.get(reverse("interaction:write"))
    assert response.status_code == 200 and 'name="csrfmiddlewaretoken"' in response.content.decode()
    response = client.post(reverse("interaction:write"), _form(unit=d["s1"].pk))
    message = Message.objects.get()
    assert response.status_code == 200
    assert message.code[:4] in response.content.decode() and message.unit == d["s1"]
    status = client.get(reverse("interaction:status"), {"code": message.code.lower()})
    assert "入学材料咨询" in status.content.decode()


def test_script_in_a_message_is_escaped(client, d, office):
    client.post(reverse("interaction:write"), _form(subject=SCRIPT, body=SCRIPT))
    message = Message.objects.get()
    for page in (reverse("interaction:status") + f"?code={message.code}",):
        html = client.get(page).content.decode()
        assert SCRIPT not in html and "&lt;script&gt;" in html
    client.force_login(office)
    html = client.get(reverse("interaction:detail", args=[message.pk])).content.decode()
    assert SCRIPT not in html and "&lt;script&gt;" in html


def test_huge_text_is_refused_cleanly(client, d):
    response = client.post(reverse("interaction:write"), _form(body="长" * 20000))
    assert response.status_code == 400 and Message.objects.count() == 0
    assert "3000" in response.content.decode()


def test_rate_limited_per_session(client, d):
    codes = [
        client.post(reverse("interaction:write"), _form(subject=f"咨询{i}")).status_code for i in range(5)
    ]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    assert Message.objects.count() == 3


def test_rate_limited_per_address(client, d):
    from django.test import Client

    statuses = []
    for i in range(12):
        fresh = Client(REMOTE_ADDR="203.0.113.9")  # a new session each time, the same address
        statuses.append(fresh.post(reverse("interaction:write"), _form(subject=f"咨询{i}")).status_code)
    assert statuses.count(200) == 10 and statuses[10:] == [429, 429]


def test_another_units_officer_gets_404_and_the_public_signs_in(client, submit, officer_s1, officer_s2):
    message = submit(unit="s1")
    detail = reverse("interaction:detail", args=[message.pk])
    response = client.get(detail)
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign_in"))
    client.force_login(officer_s2)
    assert client.get(detail).status_code == 404
    assert (
        client.post(reverse("interaction:step", args=[message.pk, "answer"]), {"text": "x"}).status_code
        == 404
    )
    assert "咨询入学材料" not in client.get(reverse("interaction:inbox")).content.decode()
    client.force_login(officer_s1)
    page = client.get(detail).content.decode()
    assert "13912345678" in page  # the handling unit's officer sees the contact whole
    response = client.post(reverse("interaction:step", args=[message.pk, "answer"]), {"text": "答复如下。"})
    assert response.status_code == 302
    assert Message.objects.get(pk=message.pk).answer == "答复如下。"


def test_the_office_routes_from_the_page(client, submit, office, d):
    message = submit(unit=None)
    client.force_login(office)
    response = client.post(reverse("interaction:step", args=[message.pk, "assign"]), {"unit": d["s2"].pk})
    assert response.status_code == 302 and Message.objects.get(pk=message.pk).unit == d["s2"]


def test_no_personal_data_on_public_pages(client, submit, office):
    agreed = submit(body="我是王小明，电话13912345678，身份证110101199003071234。", consent=True)
    refused = submit(subject="不公开的留言", consent=False)
    for m in (agreed, refused):
        services.answer(
            user=office, message=m, text="王小明您好，已回复 wxm@example.cn。", today=date(2026, 3, 4)
        )
    pages = [
        reverse("interaction:answers"),
        reverse("interaction:public_detail", args=[agreed.pk]),
        reverse("interaction:stats"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for secret in ("王小明", "13912345678", "wxm@example.cn", "110101199003071234", "不公开的留言"):
            assert secret not in html, (url, secret)
    assert client.get(reverse("interaction:public_detail", args=[refused.pk])).status_code == 404
    # the answers' keyword filter reads the scrubbed text: a name cannot be probed for
    probe = client.get(reverse("interaction:answers"), {"q": "王小明"}).content.decode()
    assert reverse("interaction:public_detail", args=[agreed.pk]) not in probe
    found = client.get(reverse("interaction:answers"), {"q": "已回复"}).content.decode()
    assert reverse("interaction:public_detail", args=[agreed.pk]) in found
    assert "已回复" in client.get(reverse("interaction:public_detail", args=[agreed.pk])).content.decode()


def test_status_lookups_are_rate_limited(client, d):
    statuses = [client.get(reverse("interaction:status"), {"code": "ABCD"}).status_code for _ in range(22)]
    assert statuses[:20] == [200] * 20 and statuses[20:] == [429, 429]


def test_staff_pages_the_desk_and_the_rules(client, submit, office, officer_s1):
    submit(unit="s1", received=date(2026, 3, 2), subject="逾期的咨询")
    client.force_login(officer_s1)
    desk = client.get(reverse("publishing:desk")).content.decode()
    assert "互动交流" in desk and "逾期的咨询" in desk
    inbox = client.get(reverse("interaction:inbox"), {"state": "overdue"}).content.decode()
    assert "逾期的咨询" in inbox and "已超期" in inbox
    assert client.post(reverse("interaction:rules"), {"kind": "consult", "workdays": 3}).status_code == 403
    client.force_login(office)
    response = client.post(
        reverse("interaction:rules"), {"kind": "consult", "workdays": 3, "basis": "区办通知"}
    )
    assert response.status_code == 302
    assert "区办通知" in client.get(reverse("interaction:rules")).content.decode()


def test_the_statistics_page_shows_the_months_figures(client, submit, office):
    m = submit(received=date(2026, 3, 2))
    services.answer(user=office, message=m, text="答复", today=date(2026, 3, 4))
    html = client.get(reverse("interaction:stats")).content.decode()
    assert "2026-03" in html and "<td>1</td><td>1</td><td>1</td><td>100.0%</td><td>2.0</td>" in html
