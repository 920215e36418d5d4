"""网站纠错: anyone reports a mistake, gets a tracking code, the office answers, the reporter reads the answer;
the supervisors' page explains the sign-in."""

import pytest
from django.core.exceptions import PermissionDenied

from participation import services
from participation.models import Correction

pytestmark = pytest.mark.django_db


def test_a_citizen_reports_a_mistake_and_reads_the_answer(client, world):
    page = client.get("/participation/correction/?next=/gk/").content.decode()
    assert 'value="/gk/"' in page  # the page the citizen came from
    response = client.post(
        "/participation/correction/",
        {"kind": "link", "page_url": "/gk/", "description": "年报链接打不开<script>", "contact": "a@b.cn"},
    )
    report = Correction.objects.get()
    assert response.status_code == 200 and report.code in response.content.decode()
    status = client.get(f"/participation/correction/status/?code={report.code}").content.decode()
    assert "待处理" in status and "&lt;script&gt;" in status and "a@b.cn" not in status
    with pytest.raises(PermissionDenied):
        services.answer_correction(user=world.officer, correction=report, answer="好")
    services.answer_correction(user=world.office, correction=report, answer="已修复链接，谢谢。")
    status = client.get(f"/participation/correction/status/?code={report.code.lower()}").content.decode()
    assert "已答复" in status and "已修复链接" in status


def test_a_report_needs_a_kind_and_a_description(client, world):
    response = client.post("/participation/correction/", {"kind": "typo", "description": ""})
    assert response.status_code == 200 and Correction.objects.count() == 0
    unknown = client.get("/participation/correction/status/?code=JCNOPE").content.decode()
    assert "没有找到这个查询码" in unknown


def test_the_office_answers_in_the_admin(client, world):
    report = services.file_correction(page_url="/", kind="typo", description="错别字", ip="1.2.3.4")
    client.force_login(world.office)
    response = client.post(f"/admin/participation/correction/{report.pk}/change/", {"answer": "已改正"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "answered" and report.answered_by == world.office


def test_the_supervisors_page_explains_the_sign_in(client, world):
    page = client.get("/participation/supervise/").content.decode()
    assert "如何登录" in page and "/admin/login/?next=/participation/reports/new/" in page
    client.force_login(world.supervisor)
    page = client.get("/participation/supervise/").content.decode()
    assert 'href="/participation/reports/new/"' in page
