"""The admin: offline intake, the handling page, ledger upload with preview, annual reports; privacy outside."""

import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foi.models import AccessLog, AnnualReport, DisclosureRequest

from .ledgers import make_rows, workbook_bytes


@pytest.fixture
def staff(client, officer):
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    return client


@pytest.mark.django_db
def test_offline_intake_by_letter(staff, d):
    page = staff.get(reverse("admin:foi_disclosurerequest_intake")).content.decode()
    assert "签收之日" in page  # the art. 31 rule beside the date
    data = {
        "unit": d["dept"].pk,
        "channel": "letter",
        "received_on": "2025-09-26",
        "receipt_note": "EMS签收",
        "reference": "",
        "applicant_type": "business",
        "name": "某某科技有限公司",
        "contact_person": "周经理",
        "id_type": "credit_code",
        "id_number": "91330100MA2XXXXXX",
        "phone": "0571-88888888",
        "email": "",
        "address": "",
        "description": "2025年学区划分方案",
        "purpose": "",
        "form": "paper",
        "delivery": "post",
    }
    response = staff.post(reverse("admin:foi_disclosurerequest_intake"), data)
    assert response.status_code == 302
    req = DisclosureRequest.objects.get()
    assert (req.channel, req.received_on, req.due_date) == ("letter", date(2025, 9, 26), date(2025, 10, 30))
    # another unit's officer cannot register for the 区教育局
    data["unit"] = d["s2"].pk
    assert staff.post(reverse("admin:foi_disclosurerequest_intake"), data).status_code == 200
    assert DisclosureRequest.objects.count() == 1


@pytest.mark.django_db
def test_reply_through_the_handling_page_and_letter(staff, d, make_request, reviewer):
    from foi import services

    req = make_request(date(2025, 5, 6))
    url = reverse("admin:foi_disclosurerequest_handle", args=[req.pk])
    page = staff.post(url, {"action": "reply", "on": "2025-05-20", "outcome": "public", "text": "提供"})
    assert "保密审查" in page.content.decode()  # refused, shown as a form error
    services.review_secrecy(user=reviewer, request=req, approved=True)
    assert (
        staff.post(
            url, {"action": "reply", "on": "2025-05-20", "outcome": "withheld:4", "text": "涉及商业秘密"}
        ).status_code
        == 302
    )
    req.refresh_from_db()
    assert (req.result, req.result_reason) == ("withheld", 4)
    pdf = staff.get(reverse("admin:foi_disclosurerequest_letter", args=[req.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(request=req, where__startswith="下载答复书").exists()


@pytest.mark.django_db
def test_ledger_upload_previews_then_imports(staff, d):
    url = reverse("admin:foi_disclosurerequest_ledger")
    content = workbook_bytes(make_rows(50))
    page = staff.post(url, {"unit": d["dept"].pk, "file": SimpleUploadedFile("t.xlsx", content)})
    assert "新增 50" in page.content.decode() and DisclosureRequest.objects.count() == 0
    response = staff.post(
        url, {"unit": d["dept"].pk, "file": SimpleUploadedFile("t.xlsx", content), "confirm": "on"}
    )
    assert response.status_code == 302 and DisclosureRequest.objects.count() == 50
    bad = staff.post(
        url, {"unit": d["dept"].pk, "file": SimpleUploadedFile("t.xlsx", b"not a workbook"), "confirm": "on"}
    )
    assert "不是有效的 Excel" in bad.content.decode() and DisclosureRequest.objects.count() == 50


@pytest.mark.django_db
def test_annual_report_admin_writes_and_publishes(client, d, office):
    office.is_staff = True
    office.save()
    client.force_login(office)
    data = {
        "unit": d["dept"].pk,
        "year": "2025",
        "template": "2021",
        "overview": "本年度依法办理申请。",
        "problems": "",
        "other_matters": "",
        "licences": "",
        "penalties": "3",
        "enforcement": "",
        "fees_wan_yuan": "",
    }
    assert client.post(reverse("admin:foi_annualreport_add"), data).status_code == 302
    report = AnnualReport.objects.get()
    assert report.overview == "本年度依法办理申请。" and report.penalties == 3
    page = client.get(reverse("admin:foi_annualreport_change", args=[report.pk])).content.decode()
    assert "一、本年新收政府信息公开申请数量" in page and "勾稽关系" in page
    client.post(
        reverse("admin:foi_annualreport_changelist"), {"action": "publish", "_selected_action": [report.pk]}
    )
    report.refresh_from_db()
    assert report.published_at is not None and report.figures["table2"]["penalties"] == 3


@pytest.mark.django_db
def test_annual_report_admin_refusals_are_form_errors_not_403(staff, client, d, office):
    """A unit officer may not write the district's report, a year must be in range, and a published report
    cannot be changed: each is said on the form page, and nothing is written."""
    data = {
        "unit": d["dept"].pk,
        "district": "on",
        "year": "2025",
        "template": "2021",
        "overview": "概述",
        "problems": "",
        "other_matters": "",
        "licences": "",
        "penalties": "",
        "enforcement": "",
        "fees_wan_yuan": "",
    }
    refused = staff.post(reverse("admin:foi_annualreport_add"), data)
    assert refused.status_code == 200
    assert "只有区政务公开办可以编写全区年度报告。" in refused.content.decode()
    assert not AnnualReport.objects.exists()

    too_early = staff.post(reverse("admin:foi_annualreport_add"), {**data, "district": "", "year": "2007"})
    assert too_early.status_code == 200 and "年度超出范围。" in too_early.content.decode()
    assert not AnnualReport.objects.exists()

    office.is_staff = True
    office.save()
    client.force_login(office)
    assert client.post(reverse("admin:foi_annualreport_add"), {**data, "district": ""}).status_code == 302
    report = AnnualReport.objects.get()
    AnnualReport.objects.filter(pk=report.pk).update(published_at="2026-01-15T10:00:00+08:00")
    changed = client.post(
        reverse("admin:foi_annualreport_change", args=[report.pk]), {**data, "district": ""}
    )
    assert changed.status_code == 200 and "年度报告已发布，不能修改。" in changed.content.decode()
    report.refresh_from_db()
    assert report.overview == "概述"


@pytest.mark.django_db
def test_personal_data_stays_out_of_open_data_and_search(d, make_request, tmp_path):
    from opendata.dump import write_dump

    make_request(date(2025, 5, 6), description="张三要的学区划分文件")
    result = write_dump(tmp_path / "dump.zip")
    with zipfile.ZipFile(result.path) as archive:
        blob = "".join(archive.read(name).decode("utf-8", "ignore") for name in archive.namelist())
    for private in ("张三", "330105199001011233", "13800000000", "zhangsan@example.com"):
        assert private not in blob
    from portal.search import search

    result = search("张三")
    assert result.hits == [] and result.total == 0


@pytest.mark.django_db
def test_assignment_from_the_handling_page(staff, d, make_request, officer):
    req = make_request(date(2025, 5, 6))
    url = reverse("admin:foi_disclosurerequest_handle", args=[req.pk])
    assert staff.post(url, {"action": "assign", "assignee": officer.pk}).status_code == 302
    req.refresh_from_db()
    assert req.assignee == officer
    assert staff.post(url, {"action": "assign"}).status_code == 200  # missing field: shown as an error
