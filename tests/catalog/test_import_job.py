"""A large catalog upload imported as a job by a Celery task (issue 16 item 6): the confirm step records a
:class:`~catalog.models.CatalogImportJob` (who, when, the file kept privately), the task imports it all or
nothing, the progress page polls a JSON view fed by the cache, and the result page says what was done.
"""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import importer, tasks
from catalog.importer import import_catalog, parse_workbook
from catalog.importer.jobs import Progress, create_job, progress_key, run_job
from catalog.models import CatalogImportJob, DisclosureItem, ImportJobStatus
from organizations.models import Role
from tests.catalog.test_admin_import import rows_of
from tests.catalog.workbooks import Sheet, build
from tests.factories import member

pytestmark = pytest.mark.django_db

URL = "/admin/catalog/disclosureitem/import/"


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.CATALOG_IMPORT_DIR = str(tmp_path / "uploads")
    settings.CATALOG_IMPORT_ASYNC_ROWS = 5
    return tmp_path / "uploads"


@pytest.fixture
def queued(monkeypatch):
    """The broker without a worker: the tasks sent, by job id (the test then runs them as the worker)."""
    sent: list[int] = []
    monkeypatch.setattr(tasks.run_import_job, "delay", lambda job_id: sent.append(job_id))
    return sent


def confirm(client, data: bytes, capture):
    """Upload, preview, confirm; the response of the confirm step (not followed)."""
    response = client.post(URL, {"file": SimpleUploadedFile("拱墅区义务教育目录.xlsx", data)})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200  # the preview counts the rows
    token = client.session["catalog_import"]["token"]
    with capture(execute=True):
        return client.post(f"{URL}confirm/", {"token": token})


def test_a_large_file_runs_as_a_task_and_lands_on_its_result(
    client, office, upload_dir, django_capture_on_commit_callbacks
):
    office.first_name = "区政务公开办王敏"
    office.save()
    client.force_login(office)
    response = confirm(client, build(), django_capture_on_commit_callbacks)  # 7 rows > 5: a job, run eagerly
    job = CatalogImportJob.objects.get()
    # (the test's transaction holds the task back until the view has answered: see the test below)
    assert client.get(response["Location"])["Location"] == f"{URL}jobs/{job.pk}/result/"
    response = client.get(f"{URL}jobs/{job.pk}/result/")
    assert job.status == ImportJobStatus.DONE and job.created_by == office
    assert job.created_at and job.started_at and job.finished_at and job.total == job.done == 7
    assert DisclosureItem.objects.filter(level=1).count() == 6  # 7 rows, one of them a 一级 leaf
    assert job.summary["counts"] == {"new": 7, "changed": 0, "unchanged": 0, "manual": 1}
    assert job.summary["per_domain"][0]["name"] == "义务教育" and job.summary["per_domain"][0]["new"] == 7
    assert not (upload_dir / client.session.get("catalog_import", {}).get("path", "none")).exists()
    assert job.file.name.startswith("jobs/") and (upload_dir / job.file.name).exists()  # kept, privately

    page = response.content.decode()
    item = DisclosureItem.objects.get(name="学校布局调整")
    assert "导入完成：已写入 7 个事项" in page and "区政务公开办王敏" in page and office.username not in page
    assert f'href="/admin/catalog/disclosureitem/{item.pk}/change/"' in page and "另行通知" in page
    # A finished job's progress page goes to its result; its status says finished.
    assert client.get(f"{URL}jobs/{job.pk}/")["Location"] == f"{URL}jobs/{job.pk}/result/"
    status = client.get(f"{URL}jobs/{job.pk}/status/").json()
    assert status["finished"] and status["percent"] == 100 and status["result_url"].endswith("/result/")
    assert "拱墅区义务教育目录.xlsx" in client.get(URL).content.decode()  # 最近的导入

    # Importing it again: every row unchanged, nothing rewritten.
    confirm(client, build(), django_capture_on_commit_callbacks)
    again = CatalogImportJob.objects.order_by("-id").first()
    assert again.summary["counts"] == {"new": 0, "changed": 0, "unchanged": 7, "manual": 1}


def test_the_progress_page_polls_the_live_progress(
    client, office, upload_dir, queued, django_capture_on_commit_callbacks
):
    client.force_login(office)
    response = confirm(client, build(), django_capture_on_commit_callbacks)
    job = CatalogImportJob.objects.get()
    assert queued == [job.pk] and job.status == ImportJobStatus.QUEUED
    assert response["Location"] == f"{URL}jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'src="/static/js/import-progress.js"' in page and 'role="progressbar"' in page
    assert f'data-status-url="{URL}jobs/{job.pk}/status/"' in page
    assert client.get(f"{URL}jobs/{job.pk}/result/")["Location"] == f"{URL}jobs/{job.pk}/"

    Progress(job.pk).stage("parse")(50, 100)  # what the task reports half-way through reading the rows
    status = client.get(f"{URL}jobs/{job.pk}/status/")
    assert "no-store" in status["Cache-Control"]
    assert status.json() == {
        "status": "queued",
        "percent": 25,
        "label": "读取并校验事项",
        "done": 50,
        "total": 100,
        "finished": False,
        "result_url": f"{URL}jobs/{job.pk}/result/",
    }
    assert DisclosureItem.objects.count() == 0

    assert tasks.run_import_job(job.pk) == ImportJobStatus.DONE  # the worker
    assert cache.get(progress_key(job.pk)) is None
    assert client.get(f"{URL}jobs/{job.pk}/status/").json()["finished"] is True
    assert tasks.run_import_job(job.pk) == ImportJobStatus.DONE  # delivered twice: nothing runs again
    assert DisclosureItem.objects.count() == 11


def test_progress_goes_through_every_stage(office, upload_dir, queued, monkeypatch):
    seen = []
    real = Progress.report
    monkeypatch.setattr(Progress, "report", lambda self, *args: (seen.append(args[:2]), real(self, *args)))
    job = create_job(user=office, data=build(), name="目录.xlsx", options={}, rows=7)
    run_job(job.pk)
    stages = [stage for stage, _percent in seen]
    assert stages[0] == "read" and stages[-1] == "summary"
    assert {"parse", "compare", "write"} <= set(stages)
    percents = [percent for _stage, percent in seen]
    assert percents == sorted(percents) and percents[-1] >= 98


def test_a_failed_job_writes_nothing_and_says_why(office, upload_dir, queued, monkeypatch):
    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer.write, "_basis_documents", broken)  # after the items are inserted
    job = create_job(user=office, data=build(), name="目录.xlsx", options={}, rows=7)
    assert run_job(job.pk) == ImportJobStatus.FAILED
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and job.finished_at is not None
    assert job.error == "写入时出错，已全部回滚，未写入任何数据。"
    assert DisclosureItem.objects.count() == 0
    assert cache.get(progress_key(job.pk)) is None


def test_a_failed_job_shows_its_reason(client, office, upload_dir, queued):
    job = create_job(user=office, data=b"a,b,c\n1,2,3\n", name="目录.xlsx", options={}, rows=7)  # renamed CSV
    assert run_job(job.pk) == ImportJobStatus.FAILED
    job.refresh_from_db()
    assert job.error.startswith("文件中有 1 处错误，未写入任何数据：") and "不是 xlsx 文件" in job.error
    client.force_login(office)
    page = client.get(f"{URL}jobs/{job.pk}/result/").content.decode()
    assert "导入失败，未写入任何数据" in page and "不是 xlsx 文件" in page
    assert DisclosureItem.objects.count() == 0


def test_a_file_changed_after_the_upload_is_not_imported(office, upload_dir, queued):
    job = create_job(user=office, data=build(), name="目录.xlsx", options={}, rows=7)
    with open(upload_dir / job.file.name, "wb") as handle:
        handle.write(build(Sheet(rows=rows_of(3))))
    assert run_job(job.pk) == ImportJobStatus.FAILED
    job.refresh_from_db()
    assert "已被改动" in job.error and DisclosureItem.objects.count() == 0


def test_a_script_in_the_result_is_escaped(client, office, upload_dir, queued):
    rows = rows_of(3)
    import_catalog(user=office, plan=parse_workbook(io.BytesIO(build(Sheet(rows=rows)))))
    rows[0]["subject"] = "<script>alert(1)</script>"
    job = create_job(user=office, data=build(Sheet(rows=rows)), name="<b>目录</b>.xlsx", options={}, rows=3)
    run_job(job.pk)
    client.force_login(office)
    page = client.get(f"{URL}jobs/{job.pk}/result/").content.decode()
    assert "<script>alert(1)" not in page and "<b>目录" not in page
    assert "公开主体：区教育局 → &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;目录&lt;/b&gt;.xlsx" in page


def test_only_those_who_may_import_start_or_see_jobs(client, d, office, upload_dir, queued):
    officer = member(Role.OFFICER, d["s1"])
    with pytest.raises(PermissionDenied):
        create_job(user=officer, data=build(), name="目录.xlsx", options={}, rows=7)
    job = create_job(user=office, data=build(), name="目录.xlsx", options={}, rows=7)
    client.force_login(officer)
    for suffix in ("", "status/", "result/"):
        assert client.get(f"{URL}jobs/{job.pk}/{suffix}").status_code == 403
    client.force_login(office)
    assert client.get(f"{URL}jobs/{job.pk + 1}/").status_code == 404


def test_a_job_is_never_deleted(office, upload_dir, queued):
    job = create_job(user=office, data=build(), name="目录.xlsx", options={}, rows=7)
    with pytest.raises(ValidationError):
        job.delete()
    with pytest.raises(ValidationError):
        CatalogImportJob.objects.filter(pk=job.pk).delete()
    assert CatalogImportJob.objects.filter(pk=job.pk).exists()


def test_a_small_file_is_a_job_too(client, office, upload_dir, queued, django_capture_on_commit_callbacks):
    """Issue 28: the confirm step always runs as a job, whatever the size of the file."""
    client.force_login(office)
    response = confirm(client, build(Sheet(rows=rows_of(2))), django_capture_on_commit_callbacks)
    job = CatalogImportJob.objects.get()
    assert queued == [job.pk] and response["Location"] == f"{URL}jobs/{job.pk}/"
    assert DisclosureItem.objects.count() == 0  # nothing written in the request
    assert tasks.run_import_job(job.pk) == ImportJobStatus.DONE
    assert DisclosureItem.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_with_celery_eager_the_confirm_goes_straight_to_the_result(client, settings, tmp_path):
    from tests.factories import district

    settings.CATALOG_IMPORT_DIR = str(tmp_path / "uploads")
    settings.CATALOG_IMPORT_ASYNC_ROWS = 5
    office = member(Role.OFFICE, district()["gov"], "office_a")
    client.force_login(office)
    response = client.post(URL, {"file": SimpleUploadedFile("目录.xlsx", build())})
    client.get(response["Location"])
    response = client.post(f"{URL}confirm/", {"token": client.session["catalog_import"]["token"]})
    job = CatalogImportJob.objects.get()
    assert response["Location"] == f"{URL}jobs/{job.pk}/result/" and job.status == ImportJobStatus.DONE


def test_a_job_whose_worker_died_says_so(client, office, upload_dir, queued):
    from datetime import timedelta

    from django.utils import timezone

    job = create_job(user=office, data=build(), name="目录.xlsx", options={}, rows=7)
    cache.delete(progress_key(job.pk))
    CatalogImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2)
    )
    client.force_login(office)
    status = client.get(f"{URL}jobs/{job.pk}/status/").json()
    assert status["finished"] is False and "导入可能已中断" in status["label"]
    assert tasks.run_import_job(job.pk) == ImportJobStatus.DONE  # redelivered: runs again, all of it
    assert DisclosureItem.objects.count() == 11
