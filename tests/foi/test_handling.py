"""The officer's handling page (foi/handling.py): only the steps possible now, each button calling its service
and writing an Event, scoping per unit, a double submit run once, hostile input; the bell notice of a new
request; the desk and the FOI workspace giving the same counts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from foi import clock, services
from foi.models import Consultation, DisclosureRequest, Event, Status
from organizations.models import Role
from publishing.models import Notice, NoticeKind
from tests.factories import member

pytestmark = pytest.mark.django_db


def steps_on(client, req) -> list[str]:
    response = client.get(reverse("foi:handling", args=[req.pk]))
    assert response.status_code == 200
    return re.findall(r'<details class="foi-step[^"]*" id="step-(\w+)"', response.content.decode())


def step(client, req, key: str, **data):
    fields = {f"{key}-{name}": value for name, value in data.items()}
    return client.post(reverse("foi:handling_step", args=[req.pk, key]), fields)


def online(d, applicant, description="2026年学区划分方案"):
    req, _secret = services.submit_online(
        unit=d["dept"],
        applicant=applicant,
        description=description,
        form="electronic",
        delivery="email",
    )
    return req


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def applicant():
    """张三, with an ID number whose check digit is right (GB 11643)."""
    from core.idcards import id_card_check

    first17 = "33010519900101123"
    return services.Applicant(
        applicant_type="natural",
        name="张三",
        id_type="id_card",
        id_number=first17 + id_card_check(first17),
        phone="13800000000",
        email="zhangsan@example.com",
        address="杭州市拱墅区测试路1号",
    )


# -- the steps shown ------------------------------------------------------------------------------------------
def test_only_the_steps_possible_now_are_shown(client, d, officer, reviewer, applicant, make_request, today):
    client.force_login(officer)
    submitted = online(d, applicant)
    assert steps_on(client, submitted) == ["confirm", "transfer"]

    fresh = make_request(today)  # within the 7 working days of a 补正, due in 20 working days
    assert steps_on(client, fresh) == ["reply", "correction", "consult", "extend", "transfer"]

    old = make_request(date(2025, 5, 6))  # the 补正 window and the due date are long past
    assert steps_on(client, old) == ["reply", "consult", "transfer"]

    services.request_correction(
        user=officer, request=fresh, on=today, text="请写明文件名称", deadline=today + timedelta(days=10)
    )
    assert steps_on(client, fresh) == ["corrected", "transfer"]  # 办结 only after the 补正 deadline

    consulting = make_request(today)
    services.start_consultation(user=officer, request=consulting, third_party="某公司", sent_on=today)
    assert steps_on(client, consulting) == ["consulted", "consult", "extend", "transfer"]

    services.reply(user=officer, request=old, on=today, result="unavailable", reason=1, text="本机关不掌握。")
    assert steps_on(client, old) == []  # closed, delivered by e-mail: nothing left to do

    client.force_login(reviewer)  # the unit's reviewer: the 保密审查, nothing else
    assert steps_on(client, make_request(today)) == ["secrecy"]


def test_reply_offers_disclosure_only_after_the_secrecy_review(
    client, officer, reviewer, make_request, today
):
    req = make_request(today)
    client.force_login(officer)
    page = client.get(reverse("foi:handling", args=[req.pk])).content.decode()
    assert 'value="public"' not in page and 'value="unavailable:1"' in page
    services.review_secrecy(user=reviewer, request=req, approved=True)
    page = client.get(reverse("foi:handling", args=[req.pk])).content.decode()
    assert 'value="public"' in page


# -- every button calls its service and writes an Event ----------------------------------------------------------
def test_each_button_works_and_writes_an_event(client, d, officer, reviewer, applicant, today):
    req = online(d, applicant)
    client.force_login(officer)
    on = today.isoformat()
    walk = [
        (officer, "confirm", {"on": on}, "receive", Status.RECEIVED),
        (
            officer,
            "correction",
            {"on": on, "text": "请补充文件名称", "deadline": (today + timedelta(days=10)).isoformat()},
            "correction",
            Status.CORRECTION,
        ),
        (officer, "corrected", {"on": on}, "corrected", Status.RECEIVED),
        (officer, "consult", {"on": on, "third_party": "某某公司"}, "consult", Status.CONSULTING),
        (
            officer,
            "extend",
            {"on": on, "days": "20", "approver": "李主任", "reason": "需要检索的档案较多"},
            "extend",
            Status.CONSULTING,
        ),
    ]
    for user, key, data, action, status in walk:
        client.force_login(user)
        response = step(client, req, key, **data)
        assert response.status_code == 302, (key, response.content.decode()[:2000])
        req.refresh_from_db()
        assert req.status == status, key
        assert Event.objects.filter(request=req, action=action).count() == 1, key
    consultation = Consultation.objects.get(request=req)
    assert (
        step(client, req, "consulted", consultation=consultation.pk, on=on, opinion="不同意公开").status_code
        == 302
    )
    assert Event.objects.filter(request=req, action="consulted").count() == 1
    client.force_login(reviewer)
    assert step(client, req, "secrecy", approved="1", note="").status_code == 302
    assert Event.objects.filter(request=req, action="secrecy").count() == 1
    client.force_login(officer)
    response = step(client, req, "reply", outcome="partial", text="提供可以公开的部分。", on=on)
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.CLOSED and req.result == "partial"
    assert Event.objects.filter(request=req, action="reply").count() == 1


def test_fee_transfer_close_and_delivery_buttons(client, d, officer, street_officer, make_request, today):
    client.force_login(officer)
    on = today.isoformat()
    fee = make_request(today)
    DisclosureRequest.objects.filter(pk=fee.pk).update(fee_amount=100)  # the 11th request of the month
    assert "fee" in steps_on(client, fee)
    assert (
        step(client, fee, "fee", on=on, deadline=(today + timedelta(days=15)).isoformat()).status_code == 302
    )
    assert step(client, fee, "fee_paid", on=on).status_code == 302
    assert list(Event.objects.filter(request=fee).values_list("action", flat=True)) == [
        "receive",
        "fee",
        "fee_paid",
    ]

    late = make_request(today - timedelta(days=6))
    services.request_correction(
        user=officer,
        request=late,
        on=today - timedelta(days=5),
        text="请补充",
        deadline=today - timedelta(days=3),
    )
    assert steps_on(client, late) == ["corrected", "close", "transfer"]
    assert step(client, late, "close", on=on).status_code == 302
    late.refresh_from_db()
    assert late.status == Status.CLOSED and (late.result, late.result_reason) == ("other", 1)

    posted = make_request(today)
    DisclosureRequest.objects.filter(pk=posted.pk).update(delivery="post")
    services.reply(user=officer, request=posted, on=today, result="unavailable", reason=1, text="不掌握。")
    assert steps_on(client, posted) == ["delivered"]
    assert step(client, posted, "delivered", on=on, note="SF123456").status_code == 302
    assert Event.objects.filter(request=posted, action="delivered").count() == 1

    moved = make_request(today)
    assert step(client, moved, "transfer", to_unit=d["s1"].pk, reason="信息由街道掌握").status_code == 302
    moved.refresh_from_db()
    assert moved.unit == d["s1"] and Event.objects.filter(request=moved, action="transfer").count() == 1
    # the street's officer is told, in the bell
    assert Notice.objects.filter(recipient=street_officer, kind=NoticeKind.FOI).count() == 1


def test_a_double_submit_runs_once(client, officer, make_request, today):
    req = make_request(today)
    client.force_login(officer)
    first = step(client, req, "consult", on=today.isoformat(), third_party="某某公司")
    again = step(client, req, "consult", on=today.isoformat(), third_party="某某公司")
    assert first.status_code == again.status_code == 302
    assert Consultation.objects.filter(request=req).count() == 1
    assert Event.objects.filter(request=req, action="consult").count() == 1
    page = client.get(reverse("foi:handling", args=[req.pk])).content.decode()
    assert "重复提交未再执行" in page


def test_a_refused_step_says_why_and_writes_nothing(client, officer, make_request, today):
    req = make_request(today)
    client.force_login(officer)
    response = step(
        client, req, "correction", on=today.isoformat(), text="请补充", deadline=today.isoformat()
    )
    assert response.status_code == 400
    assert "补正期限应晚于通知日期" in response.content.decode()
    assert not Event.objects.filter(request=req, action="correction").exists()
    # a step that is not possible in this state is refused by the service (the form is not shown)
    response = step(client, req, "fee_paid", on=today.isoformat())
    assert response.status_code == 400 and not Event.objects.filter(request=req, action="fee_paid").exists()


def test_the_reply_letter_is_previewed_before_anything_is_sent(client, officer, make_request, today):
    req = make_request(today)
    client.force_login(officer)
    response = client.post(
        reverse("foi:handling_step", args=[req.pk, "reply"]),
        {
            "reply-outcome": "unavailable:1",
            "reply-text": "经检索，本机关未制作该信息。",
            "reply-on": today.isoformat(),
            "preview": "1",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    srcdoc = re.search(r'<iframe class="foi-letter-preview"[^>]*sandbox srcdoc="([^"]*)"></iframe>', page)
    assert srcdoc and "经检索，本机关未制作该信息。" in srcdoc.group(1)
    assert "&lt;p" in srcdoc.group(1)  # the letter's HTML, escaped once more for the attribute
    req.refresh_from_db()
    assert req.status == Status.RECEIVED and not req.result
    assert not Event.objects.filter(request=req, action="reply").exists()


# -- who may see and act ----------------------------------------------------------------------------------------
def test_scoping_other_units_and_the_community_get_404(client, d, officer, make_request, today):
    req = make_request(today)
    url = reverse("foi:handling", args=[req.pk])
    post = reverse("foi:handling_step", args=[req.pk, "consult"])
    for outsider in (
        member(Role.OFFICER, d["s1"], "street_x"),
        member(Role.OFFICER, d["c11"], "community_x"),
        member(Role.OFFICER, d["s2"], "other_street_x"),
    ):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert (
            client.post(post, {"consult-on": today.isoformat(), "consult-third_party": "x"}).status_code
            == 404
        )
        assert req.reference not in client.get(reverse("foi:workspace")).content.decode()
    assert not Consultation.objects.filter(request=req).exists()

    client.force_login(member(Role.AUDITOR, d["gov"], "auditor_x"))  # may read, masked; may not act
    page = client.get(url).content.decode()
    assert "张*" in page and "张三" not in page and "13800000000" not in page
    assert not re.findall(r'id="step-(\w+)"', page)
    assert client.post(post, {"consult-on": today.isoformat(), "consult-third_party": "x"}).status_code == 403

    client.force_login(officer)  # the unit's officer sees the applicant whole (and the view is logged)
    page = client.get(url).content.decode()
    assert "张三" in page and req.access_log.filter(user=officer).exists()
    client.force_login(member(Role.SUPERVISOR, d["gov"], "supervisor_x"))  # no 依申请公开 at all
    assert client.get(url).status_code == 404
    assert client.get(reverse("foi:workspace")).status_code == 403


def test_hostile_input(client, officer, make_request, today):
    req = make_request(today)
    client.force_login(officer)
    script = '<script>alert("x")</script>请补充文件名称'
    deadline = (today + timedelta(days=10)).isoformat()
    assert (
        step(client, req, "correction", on=today.isoformat(), text=script, deadline=deadline).status_code
        == 302
    )
    page = client.get(reverse("foi:handling", args=[req.pk])).content.decode()
    assert (
        "<script>alert" not in page
        and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;请补充文件名称" in page
    )
    for bad in ("999999", "99999999999999999999999999", "0"):
        assert client.get(f"/foi/workspace/{bad}/").status_code == 404, bad
        assert client.post(f"/foi/workspace/{bad}/consult/", {}).status_code == 404, bad
    assert client.post(f"/foi/workspace/{req.pk}/drop_table/", {}).status_code == 404
    assert client.get(f"/foi/workspace/{req.pk}/consult/").status_code == 405  # POST only
    assert client.get("/foi/workspace/-1/").status_code == 404
    huge_days = step(client, req, "extend", on=today.isoformat(), days="9" * 30, approver="x", reason="y")
    assert huge_days.status_code == 400 and not Event.objects.filter(request=req, action="extend").exists()


def test_the_form_needs_the_csrf_token(officer, make_request, today):
    from django.test import Client

    req = make_request(today)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    response = strict.post(
        reverse("foi:handling_step", args=[req.pk, "consult"]),
        {"consult-on": today.isoformat(), "consult-third_party": "x"},
    )
    assert response.status_code == 403 and not Consultation.objects.filter(request=req).exists()


# -- the bell ---------------------------------------------------------------------------------------------------
def test_a_new_request_is_one_bell_notice_for_the_receiving_units_officers(
    client, d, officer, reviewer, applicant, street_officer
):
    colleague = member(Role.OFFICER, d["dept"], "foi_colleague")
    req = online(d, applicant)
    again = online(d, applicant)  # the same application sent twice at once: one request
    assert again.pk == req.pk
    notices = Notice.objects.filter(kind=NoticeKind.FOI)
    assert sorted(notices.values_list("recipient_id", flat=True)) == sorted([officer.pk, colleague.pk])
    notice = notices.get(recipient=officer)
    assert req.reference in notice.text and notice.url == reverse("foi:handling", args=[req.pk])
    assert not notices.filter(recipient__in=[reviewer, street_officer]).exists()
    client.force_login(officer)
    desk = client.get(reverse("publishing:desk")).content.decode()
    assert re.search(r'class="bell-count" data-count="1"', desk)
    assert 'href="/foi/workspace/"' in desk  # the staff navigation links the FOI workspace

    registered, _secret = services.register(  # at the counter, by the officer: the colleague is told, not him
        user=officer,
        unit=d["dept"],
        channel="in_person",
        received_on=timezone.localdate(),
        applicant=applicant,
        description="另一份申请",
        form="electronic",
        delivery="email",
    )
    url = reverse("foi:handling", args=[registered.pk])
    assert list(Notice.objects.filter(url=url).values_list("recipient_id", flat=True)) == [colleague.pk]


# -- the desk and the workspace count alike -----------------------------------------------------------------------
def _desk_counts(html: str) -> dict[str, int]:
    section = re.search(r'<section id="foi".*?</section>', html, re.S).group(0)
    return {
        k: int(n) for k, n in re.findall(r'<li class="(\w+)"><a href="[^"]*"><strong>(\d+)</strong>', section)
    }


def _workspace_counts(html: str) -> dict[str, int]:
    return {k: int(n) for k, n in re.findall(r'<strong data-count="(\w+)">(\d+)</strong>', html)}


def test_desk_and_workspace_give_the_same_counts(
    client, d, office, officer, street_officer, applicant, make_request, today
):
    online(d, applicant)  # new (not yet confirmed)
    make_request(today)  # new (received, untouched)
    make_request(date(2025, 5, 6))  # overdue
    waiting = make_request(today)
    services.request_correction(
        user=officer, request=waiting, on=today, text="请补充", deadline=today + timedelta(days=9)
    )
    for received in (today - timedelta(days=1), date(2025, 3, 3)):  # the street's: one new, one overdue
        services.register(
            user=street_officer,
            unit=d["s1"],
            channel="letter",
            received_on=received,
            applicant=applicant,
            description="街道的申请",
            form="electronic",
            delivery="email",
        )
    expected = {
        officer: {"overdue": 1, "week": 0, "new": 2, "waiting": 1},
        street_officer: {"overdue": 1, "week": 0, "new": 1, "waiting": 0},
        office: {"overdue": 2, "week": 0, "new": 3, "waiting": 1},
    }
    for user, counts in expected.items():
        client.force_login(user)
        desk = client.get(reverse("publishing:desk")).content.decode()
        workspace = client.get(reverse("foi:workspace")).content.decode()
        assert _desk_counts(desk) == _workspace_counts(workspace) == counts, user.username
    client.force_login(office)  # the office's dashboard carries the count too, and a street narrows both
    desk = client.get(reverse("publishing:desk")).content.decode()
    assert re.search(
        r'class="desk-extra-count">依申请公开（已逾期 2，本周到期 0，新申请 3，等待申请人或第三方 1）', desk
    )
    narrowed = client.get(reverse("publishing:desk"), {"within": d["s1"].code}).content.decode()
    workspace = client.get(reverse("foi:workspace"), {"within": d["s1"].code}).content.decode()
    assert _desk_counts(narrowed) == _workspace_counts(workspace) == expected[street_officer]


def test_a_request_due_this_week_is_counted_there(client, officer, make_request, today):
    req = make_request(today)
    DisclosureRequest.objects.filter(pk=req.pk).update(due_date=today + timedelta(days=3))
    Event.objects.create(request=req, action="assign", label="交承办人", on=today, public=False)
    client.force_login(officer)
    counts = _workspace_counts(client.get(reverse("foi:workspace")).content.decode())
    assert counts == {"overdue": 0, "week": 1, "new": 0, "waiting": 0}


def test_the_workspace_says_working_days_and_never_a_negative_number(client, officer, make_request):
    overdue = make_request(date(2025, 5, 6))
    client.force_login(officer)
    page = client.get(reverse("foi:workspace")).content.decode()
    assert overdue.reference in page
    assert re.search(r"逾期 \d+ 个工作日", page) and not re.search(r"逾期 ?-\d", page)
    handling = client.get(reverse("foi:handling", args=[overdue.pk])).content.decode()
    assert re.search(r'id="foi-remaining">逾期 \d+ 个工作日<', handling)


def test_the_date_fields_start_at_today_in_the_browsers_format(client, officer, make_request, today):
    req = make_request(today)
    client.force_login(officer)
    page = client.get(reverse("foi:handling", args=[req.pk])).content.decode()
    assert f'type="date" name="consult-on" value="{today.isoformat()}"' in page


def test_a_correction_supplied_online_is_told_to_the_officers(client, officer, make_request, today):
    req = make_request(today)
    services.request_correction(
        user=officer, request=req, on=today, text="请写明文件名称", deadline=today + timedelta(days=10)
    )
    services.supply_correction(request=req, text="文件名称：学区划分方案（2026）")
    told = Notice.objects.filter(kind=NoticeKind.FOI, recipient=officer, text__contains="已提交补正材料")
    assert told.count() == 1 and req.reference in told.get().text
    assert told.get().url.startswith(reverse("foi:handling", args=[req.pk]))
    client.force_login(officer)
    assert steps_on(client, req)[0] == "reply"  # the period runs again: the officer answers


def test_the_admin_list_says_working_days_and_links_the_handling_page(client, officer, make_request, today):
    overdue, fresh = make_request(date(2025, 5, 6)), make_request(today)
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    page = client.get(reverse("admin:foi_disclosurerequest_changelist")).content.decode()
    late = clock.remaining(overdue.due_date, today)
    assert late.overdue and f"逾期 {late.days} 个工作日" in page and not re.search(r"逾期 ?-\d", page)
    assert clock.remaining(fresh.due_date, today).label in page
    assert reverse("foi:handling", args=[overdue.pk]) in page


def test_the_released_files_are_uploaded_on_the_handling_page_and_downloaded_by_the_applicant(
    client, d, officer, reviewer, applicant, today
):
    """After a 予以公开 reply the officer uploads the information provided, checked by content; the applicant
    downloads it from the status page (and a file that lies about its type is refused, nothing written)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from foi.models import AttachmentStage

    req, secret = services.submit_online(
        unit=d["dept"],
        applicant=applicant,
        description="2026年学区划分方案",
        form="electronic",
        delivery="online",
    )
    services.confirm_receipt(user=officer, request=req, on=today)
    client.force_login(officer)
    assert "released_file" not in steps_on(client, req)  # before the reply there is nothing to provide
    services.review_secrecy(user=reviewer, request=req, approved=True)
    services.reply(user=officer, request=req, on=today, result="public", text="现提供给您。")
    assert "released_file" in steps_on(client, req)
    url = reverse("foi:handling_step", args=[req.pk, "released_file"])
    fake = SimpleUploadedFile("方案.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert client.post(url, {"released_file-file": fake}).status_code == 400
    assert not req.attachments.filter(stage=AttachmentStage.RELEASED).exists()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = client.post(url, {"released_file-file": SimpleUploadedFile("学区划分方案.pdf", pdf)})
    assert response.status_code == 302
    released = req.attachments.get(stage=AttachmentStage.RELEASED)
    assert released.original_name == "学区划分方案.pdf"
    client.logout()
    page = client.post(reverse("foi:status"), {"code": req.tracking_code, "secret": secret}, follow=True)
    html = page.content.decode()
    assert "学区划分方案.pdf" in html
    link = reverse("foi:released_file", args=[req.tracking_code, released.pk])
    assert link in html
    download = client.get(link)
    assert download.status_code == 200 and b"".join(
        download.streaming_content if download.streaming else [download.content]
    ).startswith(b"%PDF")
