"""The pilot's pages: the public 试点专题 (plan, targets with progress, milestones; a problem only once closed),
the officers' ledger scoped to the tasks their units lead or cooperate on, progress and evidence through the
form, and the downloads for the office and auditors only."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from demo.opinion import screenshot_png
from pilot import services
from pilot.models import Evidence, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def problems(ledger, office, d):
    today = timezone.localdate()
    shut = services.open_problem(
        user=office,
        plan=ledger["plan"],
        title="查阅点未公示开放时间",
        unit=d["s1"],
        found_on=today - timedelta(days=9),
    )
    services.plan_correction(user=office, problem=shut, correction="制作标识牌", correct_by=today)
    services.close_problem(user=office, problem=shut, result="已设置，复查合格", closed_on=today)
    still = services.open_problem(
        user=office, plan=ledger["plan"], title="内部核查中的问题", unit=d["s1"], found_on=today
    )
    return shut, still


def test_the_public_page_shows_targets_and_only_closed_problems(client, ledger, problems, officer_s1):
    services.report_progress(user=officer_s1, task=ledger["target"], progress=40, actual_value=3)
    page = client.get(reverse("pilot:index")).content.decode()
    assert "测试区试点" in page and "编制街道公开事项清单" in page and "40%" in page
    assert "查阅点未公示开放时间" in page and "已设置，复查合格" in page
    assert "内部核查中的问题" not in page
    assert "问题清单共 2 个问题，已整改销号 1 个，整改中 1 个" in page
    assert client.get(reverse("pilot:plan", args=["test-pilot"])).status_code == 200
    assert client.get(reverse("pilot:plan", args=["nope"])).status_code == 404


def test_a_unit_sees_and_edits_only_its_tasks(client, ledger, officer_s1, officer_s2):
    target = ledger["target"]
    client.force_login(officer_s2)
    assert "编制街道公开事项清单" not in client.get(reverse("pilot:desk")).content.decode()
    assert client.get(reverse("pilot:task", args=[target.pk])).status_code == 404
    assert (
        client.post(reverse("pilot:task", args=[target.pk]), {"step": "progress", "progress": 90}).status_code
        == 404
    )
    client.force_login(officer_s1)
    assert "编制街道公开事项清单" in client.get(reverse("pilot:desk")).content.decode()
    response = client.post(
        reverse("pilot:task", args=[target.pk]),
        {"step": "progress", "progress": 70, "actual_value": "5", "note": "x"},
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=target.pk).progress == 70
    upload = SimpleUploadedFile("照片.png", screenshot_png())
    client.post(
        reverse("pilot:task", args=[target.pk]), {"step": "evidence", "title": "照片", "file": upload}
    )
    assert Evidence.objects.filter(task=target).count() == 1
    bad = SimpleUploadedFile("方案.pdf", b"<html><script>x</script>")
    page = client.post(reverse("pilot:task", args=[target.pk]), {"step": "evidence", "file": bad})
    assert page.status_code == 200 and Evidence.objects.filter(task=target).count() == 1


def test_downloads_are_for_the_office_and_auditors(client, ledger, office, officer_s1):
    today = timezone.localdate()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    url = reverse("pilot:report", args=["test-pilot"]) + f"?quarter={quarter}&format=xlsx"
    client.force_login(officer_s1)
    assert client.get(url).status_code == 403
    assert client.get(reverse("pilot:package", args=["test-pilot"])).status_code == 403
    client.force_login(office)
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert "总体情况" in book.sheetnames
    assert client.get(reverse("pilot:report", args=["test-pilot"]) + "?quarter=2026-Q9").status_code == 400
    package = client.get(reverse("pilot:package", args=["test-pilot"]))
    assert "索引.xlsx" in zipfile.ZipFile(io.BytesIO(package.content)).namelist()


def test_the_responsible_unit_records_the_correction_and_the_office_closes_it(
    client, ledger, office, officer_s1, d
):
    from pilot.models import Problem, ProblemState

    problem = services.open_problem(
        user=office, plan=ledger["plan"], title="清单未更新", unit=d["s1"], found_on=timezone.localdate()
    )
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    client.force_login(officer_s1)
    client.post(reverse("pilot:problem", args=[problem.pk]), {"text": "本周更新", "date": due})
    assert Problem.objects.get(pk=problem.pk).state == ProblemState.CORRECTING
    client.post(reverse("pilot:problem", args=[problem.pk]), {"step": "close", "text": "自称已改"})
    assert Problem.objects.get(pk=problem.pk).state == ProblemState.CORRECTING  # only the office closes
    client.force_login(office)
    client.post(reverse("pilot:problem", args=[problem.pk]), {"step": "close", "text": "复查合格"})
    closed = Problem.objects.get(pk=problem.pk)
    assert closed.state == ProblemState.CLOSED and closed.result == "复查合格"


def test_the_desk_shows_a_units_tasks_due_soon(ledger, officer_s1, officer_s2):
    from pilot.selectors import desk_section

    today = timezone.localdate()
    mine = desk_section(officer_s1, "", today)
    assert {c.key: c.count for c in mine.counts} == {"soon": 2, "late": 0}
    assert {c.key: c.count for c in desk_section(officer_s2, "", today).counts} == {"soon": 0, "late": 0}
    later = desk_section(officer_s1, "", today + timedelta(days=4))
    assert {c.key: c.count for c in later.counts} == {"soon": 0, "late": 2}
