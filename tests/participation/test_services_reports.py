"""Supervisors (监督员) file reports about units; the district office answers in the admin."""

import pytest
from django.core.exceptions import PermissionDenied

from organizations.models import Role
from participation import services
from participation.models import ReportStatus, SupervisorReport
from tests.factories import member

pytestmark = pytest.mark.django_db


def file(client, world, **extra):
    data = {
        "unit": world.d["s1"].pk,
        "subject": "公示栏未更新",
        "body": "<b>三个月</b>未更新低保公示",
        **extra,
    }
    return client.post("/participation/reports/new/", data)


def test_supervisor_files_a_report_and_sees_the_answer(client, world):
    client.force_login(world.supervisor)
    form = client.get("/participation/reports/new/?unit=D-S1")
    assert form.status_code == 200 and 'for="id_subject"' in form.content.decode()
    assert file(client, world).status_code == 302
    report = SupervisorReport.objects.get()
    assert report.author == world.supervisor and report.status == ReportStatus.OPEN
    services.answer_report(user=world.office, report=report, answer="已督促街道整改。")
    page = client.get("/participation/reports/").content.decode()
    assert "已督促街道整改。" in page and "&lt;b&gt;三个月&lt;/b&gt;" in page and "<b>三个月" not in page
    assert report.history.count() == 2


def test_citizen_and_officer_cannot_file(client, world):
    assert client.get("/participation/reports/new/").status_code == 302  # to the login page
    citizen = member(Role.OFFICER, world.d["c21"], "someone")  # then strip the membership: a plain user
    citizen.memberships.all().delete()
    client.force_login(citizen)
    assert file(client, world).status_code == 403
    client.force_login(world.officer)
    assert file(client, world).status_code == 403
    assert SupervisorReport.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.file_report(user=world.officer, unit=world.d["s1"], subject="x", body="y")


def test_officer_cannot_answer_office_can_in_admin(client, world):
    report = services.file_report(
        user=world.supervisor, unit=world.d["s1"], subject="公示栏未更新", body="内容"
    )
    with pytest.raises(PermissionDenied):
        services.answer_report(user=world.officer, report=report, answer="我来答")
    world.officer.is_staff = True
    world.officer.save()
    client.force_login(world.officer)
    url = f"/admin/participation/supervisorreport/{report.pk}/change/"
    assert client.get(url).status_code == 200  # may read (its own unit)
    client.post(url, {"status": "answered", "answer": "我来答"})
    report.refresh_from_db()
    assert report.answer == ""
    world.office.is_staff = True
    world.office.save()
    client.force_login(world.office)
    response = client.post(url, {"status": "answered", "answer": "已核实，已整改。"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.answer == "已核实，已整改。" and report.answered_by == world.office
    assert report.status == ReportStatus.ANSWERED


def test_reports_are_never_hard_deleted(client, world):
    report = services.file_report(user=world.supervisor, unit=world.d["s1"], subject="s", body="b")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        report.delete()
    world.office.is_staff = True
    world.office.save()
    client.force_login(world.office)
    assert (
        client.post(f"/admin/participation/supervisorreport/{report.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert SupervisorReport.objects.filter(pk=report.pk).exists()
