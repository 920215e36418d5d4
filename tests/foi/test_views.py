"""Public pages and the API: the form with its helper, status by code + secret, letters, privacy, reports."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse

from foi import services
from foi.models import AccessLog, DisclosureRequest, Event
from organizations.models import Role
from tests.factories import member

FORM = {
    "applicant_type": "natural",
    "name": "王小明",
    "id_type": "id_card",
    "id_number": "330105199202021235",
    "phone": "13900000000",
    "email": "",
    "address": "",
    "purpose": "",
    "form": "electronic",
    "delivery": "online",
}


def _apply(client, d, **changes):
    data = {**FORM, "unit": d["dept"].pk, "description": "关于2025年学区划分的会议纪要", **changes}
    return client.post(reverse("foi:apply"), data)


def _credentials(client, response):
    page = client.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code">([A-Z0-9-]+)<', page).group(1).replace("-", "")
    secret = re.search(r'id="tracking-secret">([^<]+)<', page).group(1)
    return code, secret


@pytest.mark.django_db
def test_a_citizen_applies_and_follows_the_request(client, d, officer, reviewer):
    response = _apply(client, d, description="<script>alert('x')</script>学区划分")
    assert response.status_code == 302
    code, secret = _credentials(client, response)
    req = DisclosureRequest.objects.get(tracking_code=code)
    assert req.applicant_name == "王小明" and req.status == "submitted"
    # the code and secret are shown once
    assert client.get(reverse("foi:submitted")).status_code == 302

    fresh = client.__class__()
    page = fresh.post(reverse("foi:status"), {"code": code, "secret": secret}, follow=True).content.decode()
    assert "待确认收到" in page and "网上提交申请" in page
    for private in ("王小明", "330105199202021235", "13900000000", "<script>"):
        assert private not in page

    req.submitted_at = req.submitted_at.replace(year=2025, month=9, day=25)
    req.save()
    services.confirm_receipt(user=officer, request=req, on=date(2025, 9, 26))
    services.review_secrecy(user=reviewer, request=req, approved=True)
    services.reply(
        user=officer, request=req, on=date(2025, 10, 9), result="public", text="现将会议纪要提供给您。"
    )
    page = fresh.get(reverse("foi:status_detail", args=[code])).content.decode()
    assert "予以公开" in page and "2025-10-09" in page
    pdf = fresh.get(reverse("foi:letter", args=[code, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = fresh.get(reverse("foi:letter", args=[code, "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "行政复议" in text and "第三十六条" in text and "王小明" in text


@pytest.mark.django_db
def test_another_code_sees_nothing_of_it(client, d):
    code_a, _secret_a = _credentials(client, _apply(client, d))
    other = client.__class__()
    code_b, secret_b = _credentials(other, _apply(other, d, name="李四"))
    # B knows A's code but not its secret
    page = other.post(reverse("foi:status"), {"code": code_a, "secret": secret_b}).content.decode()
    assert "查询码或查询密码不正确" in page
    assert other.get(reverse("foi:status_detail", args=[code_a])).status_code == 404
    assert other.get(reverse("foi:letter", args=[code_a, "pdf"])).status_code == 404
    own = other.get(reverse("foi:status_detail", args=[code_b])).content.decode()
    assert code_a not in own and "王小明" not in own


@pytest.mark.django_db
def test_hostile_form_input_is_refused_or_escaped(client, d):
    from django.core.files.uploadedfile import SimpleUploadedFile

    lying = SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = _apply(client, d, attachments=lying)
    assert response.status_code == 200 and "附件" in response.content.decode()
    response = _apply(client, d, description="x" * 6000)
    assert response.status_code == 200
    response = _apply(client, d, unit="99999999999999999999")
    assert response.status_code == 200
    response = _apply(client, d, phone="", email="", address="")
    assert "联系方式" in response.content.decode()
    assert DisclosureRequest.objects.count() == 0
    pdf = SimpleUploadedFile(
        "id.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf"
    )
    assert _apply(client, d, attachments=pdf).status_code == 302
    assert DisclosureRequest.objects.get().attachments.count() == 1


@pytest.mark.django_db
def test_helper_lists_matching_public_records(client, d, office):
    from publishing import services as pub

    p = pub.create_publication(
        user=office, unit=d["dept"], title="2025年学区划分方案", body="正文", formed_on=date(2025, 5, 6)
    )
    pub.submit(user=office, publication=p)
    pub.approve(user=member(Role.REVIEWER, d["dept"], "rev2"), publication=p)
    pub.publish(user=office, publication=p)
    found = client.get(reverse("foi:helper"), {"q": "申请公开学区划分方案"}).json()["results"]
    assert any(r["title"] == "2025年学区划分方案" and p.index_number in r["url"] for r in found)
    assert client.get(reverse("foi:helper"), {"q": "<script>" * 100}).json()["results"] == []


@pytest.mark.django_db
def test_officer_api_is_scoped_and_logged(client, d, make_request, officer):
    from rest_framework.test import APIClient

    req = make_request(date(2025, 5, 6))
    api = APIClient()
    assert api.get("/api/v1/foi/requests/").status_code in (401, 403)
    stranger = member(Role.OFFICER, d["s2"], "api_stranger")
    api.force_authenticate(stranger)
    assert api.get("/api/v1/foi/requests/").json()["count"] == 0
    assert api.get(f"/api/v1/foi/requests/{req.pk}/").status_code == 404
    api.force_authenticate(officer)
    body = api.get(f"/api/v1/foi/requests/{req.pk}/").json()
    assert body["applicant_name"] == "张三"
    assert AccessLog.objects.filter(request=req, user=officer, where="API").count() == 1
    assert not AccessLog.objects.filter(user=stranger).exists()  # the stranger's empty list showed nobody
    listed = api.get("/api/v1/foi/requests/").json()
    assert [row["applicant_name"] for row in listed["results"]] == ["张三"]
    assert AccessLog.objects.filter(request=req, user=officer, where="API列表").count() == 1


@pytest.mark.django_db
def test_public_status_api_has_no_personal_data(d, officer, applicant):
    from rest_framework.test import APIClient

    req, secret = services.register(
        user=officer,
        unit=d["dept"],
        channel="email",
        received_on=date(2025, 9, 26),
        applicant=applicant,
        description="学区",
        form="electronic",
        delivery="email",
    )
    api = APIClient()
    wrong = api.post("/api/v1/foi/status/", {"code": req.tracking_code, "secret": "nope"}, format="json")
    assert wrong.status_code == 404
    ok = api.post("/api/v1/foi/status/", {"code": req.tracking_code, "secret": secret}, format="json")
    assert ok.status_code == 200 and ok.json()["due_date"] == "2025-10-30"
    flat = ok.content.decode()
    for private in ("张三", "330105199001011233", "13800000000", "zhangsan"):
        assert private not in flat


@pytest.mark.django_db
def test_anonymous_api_and_opendata_never_carry_requests(client, d, make_request):
    make_request(date(2025, 5, 6))
    for url in ("/api/v1/publications/", "/api/v1/units/", "/api/v1/foi/reports/"):
        assert "张三" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_admin_pages_escape_and_log(client, d, make_request, officer):
    req = make_request(date(2025, 5, 6), description="<img src=x onerror=alert(1)>")
    client.force_login(officer)
    officer.is_staff = True
    officer.save()
    page = client.get(reverse("admin:foi_disclosurerequest_handle", args=[req.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "2025-06-04" in html  # the due date's explanation
    assert AccessLog.objects.filter(request=req, user=officer).exists()
    response = client.post(
        reverse("admin:foi_disclosurerequest_handle", args=[req.pk]),
        {"action": "extend", "on": "2025-05-10", "days": "20", "approver": "李主任", "text": "量大"},
    )
    assert response.status_code == 302
    assert Event.objects.filter(request=req, action="extend").exists()


@pytest.mark.django_db
def test_pages_render_on_their_own(client, d, officer, make_request):
    for url in ("/foi/", "/foi/apply/", "/foi/status/", "/foi/annual/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="viewport"' in response.content.decode()  # the portal's base template
    assert client.get("/foi/workspace/").status_code == 302  # login first
    prefilled = client.get("/foi/apply/", {"q": "<b>学区</b>" + "x" * 500}).content.decode()
    area = re.search(r"<textarea[^>]*>(.*?)</textarea>", prefilled, re.S).group(1).strip()
    assert area.startswith("&lt;b&gt;学区&lt;/b&gt;") and len(area) < 230
    overdue = make_request(date(2025, 5, 6))
    client.force_login(officer)
    page = client.get("/foi/workspace/").content.decode()
    assert overdue.reference in page and "foi-overdue" in page and "公开义务" in page
    assert client.get("/foi/annual/2025/NOPE.exe", follow=True).status_code == 404
    assert client.get("/foi/annual/2025/district/").status_code == 404  # not published


# -- the applicant's status page (issue 23): 补正 online, downloads, the password re-sent ----------------------
@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _signed_in(client, d, officer):
    """An online request, received and in 补正, and a client whose session matched its code and password."""
    code, secret = _credentials(client, _apply(client, d, email="wang@example.com", notify_by="email"))
    req = DisclosureRequest.objects.get(tracking_code=code)
    DisclosureRequest.objects.filter(pk=req.pk).update(submitted_at=req.submitted_at.replace(2025, 9, 1))
    req = services.confirm_receipt(
        user=officer, request=DisclosureRequest.objects.get(pk=req.pk), on=date(2025, 9, 2)
    )
    services.request_correction(
        user=officer,
        request=req,
        on=date(2025, 9, 3),
        text="请写明<b>会议名称</b>。",
        deadline=date(2025, 9, 20),
    )
    return DisclosureRequest.objects.get(pk=req.pk), secret


@pytest.mark.django_db
def test_the_status_page_asks_for_the_correction_and_takes_it(client, d, officer, _media):
    from tests.security.conftest import pdf_bytes

    req, _secret = _signed_in(client, d, officer)
    page = client.get(reverse("foi:status_detail", args=[req.tracking_code])).content.decode()
    assert 'id="foi-correction"' in page and "2025年9月20日" in page
    assert "请写明&lt;b&gt;会议名称&lt;/b&gt;。" in page and "<b>会议名称</b>" not in page
    pdf = io.BytesIO(pdf_bytes())
    pdf.name = "会议通知.pdf"
    response = client.post(
        reverse("foi:correction", args=[req.tracking_code]),
        {"text": "<script>alert('x')</script>第3次局长办公会议", "attachments": pdf},
        follow=True,
    )
    req.refresh_from_db()
    html = response.content.decode()
    assert req.status == "received" and req.correction_received_on == date.today()
    assert f"新的答复期限为 {req.due_date.isoformat()}" in html
    assert "&lt;script&gt;alert" in html and "<script>alert('x')" not in html
    assert 'id="foi-correction"' not in html and 'id="foi-corrected"' in html
    assert req.attachments.filter(stage="correction").count() == 1


@pytest.mark.django_db
def test_a_refused_correction_shows_why_and_writes_nothing(client, d, officer, _media):
    req, _secret = _signed_in(client, d, officer)
    url = reverse("foi:correction", args=[req.tracking_code])
    lying = io.BytesIO(b"<html><script>alert(1)</script></html>")
    lying.name = "材料.pdf"
    response = client.post(url, {"text": "见附件", "attachments": lying})
    assert response.status_code == 400 and "只接受" in response.content.decode()
    response = client.post(url, {"text": "长" * (services.MAX_CORRECTION_TEXT + 1)})
    assert response.status_code == 400
    response = client.post(url, {"text": ""})
    assert response.status_code == 400 and "请填写补正内容" in response.content.decode()
    req.refresh_from_db()
    assert req.status == "correction" and not req.correction_reply and not req.attachments.exists()
    assert client.__class__().post(url, {"text": "x"}).status_code == 404  # another session


@pytest.mark.django_db
def test_the_reply_letter_and_released_files_download_and_are_logged(client, d, officer, reviewer, _media):
    from tests.security.conftest import pdf_bytes, upload

    req, _secret = _signed_in(client, d, officer)
    req = services.supply_correction(request=req, text="局长办公会议", on=date(2025, 9, 5))
    doc = services.add_released_document(
        user=officer, request=req, upload=upload("会议纪要.pdf", pdf_bytes())
    )
    file_url = reverse("foi:released_file", args=[req.tracking_code, doc.pk])
    assert client.get(file_url).status_code == 404  # not before the reply
    services.review_secrecy(user=reviewer, request=req, approved=True)
    services.reply(user=officer, request=req, on=date(2025, 9, 30), result="public", text="现提供会议纪要。")
    page = client.get(reverse("foi:status_detail", args=[req.tracking_code])).content.decode()
    assert "会议纪要.pdf" in page and file_url in page and "现提供会议纪要。" in page
    response = client.get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        response["Content-Disposition"].startswith("attachment")
        and response["X-Content-Type-Options"] == "nosniff"
    )
    assert client.get(reverse("foi:letter", args=[req.tracking_code, "pdf"])).status_code == 200
    logged = list(AccessLog.objects.filter(request=req).values_list("user", "where"))
    assert (None, "申请人下载提供的政府信息") in logged and (None, "申请人下载答复书（PDF）") in logged
    stranger = client.__class__()
    assert stranger.get(file_url).status_code == 404
    assert AccessLog.objects.filter(request=req).count() == len(logged)


@pytest.mark.django_db
def test_the_password_is_sent_again_with_one_answer_for_all(
    client, d, officer, django_capture_on_commit_callbacks
):
    from django.core import mail

    req, _secret = _signed_in(client, d, officer)
    mail.outbox.clear()
    url = reverse("foi:resend")
    answers = []
    for code, contact in [
        (req.tracking_code_display.lower(), "wang@example.com"),  # the request's own
        (req.tracking_code, "nobody@example.com"),  # the wrong contact
        ("YS-2222-2222-22", "wang@example.com"),  # no such request
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"resend-code": code, "resend-contact": contact}, follow=True)
        answers.append(re.search(r'<ul class="messages".*?</ul>', response.content.decode(), re.S).group(0))
    assert answers[0] == answers[1] == answers[2] and "新的查询密码已发送" in answers[0]
    (message,) = mail.outbox
    assert message.to == ["wang@example.com"] and req.tracking_code_display in message.body
    new = re.search(r"新的查询密码：([A-Z0-9-]+)", message.body).group(1)
    fresh = client.__class__()
    found = fresh.post(reverse("foi:status"), {"code": req.tracking_code_display, "secret": new})
    assert found.status_code == 302


@pytest.mark.django_db
def test_the_re_send_is_limited(client, d, officer):
    req, _secret = _signed_in(client, d, officer)
    url = reverse("foi:resend")
    for _n in range(5):
        client.post(url, {"resend-code": "YS2222222222", "resend-contact": "a@example.com"})
    response = client.post(url, {"resend-code": req.tracking_code, "resend-contact": "wang@example.com"})
    assert response.status_code == 200 and "过于频繁" in response.content.decode()
