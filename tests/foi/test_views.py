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
