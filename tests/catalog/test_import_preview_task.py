"""Issue 28: a catalog workbook is parsed in the task worker, never in the web worker. The upload view only
stores the file and sends the preview task; the preview page shows the task's progress (the import job's
progress page and JSON polling) until the task has read and compared the file, then the preview; the confirm
step is always an import job."""

from __future__ import annotations

import celery
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import admin_import, importer, tasks
from catalog.importer import jobs
from catalog.models import CatalogImportJob, DisclosureItem, ImportJobStatus

pytestmark = pytest.mark.django_db

URL = "/admin/catalog/disclosureitem/import/"
TASKS = {"catalog.tasks.preview_import_upload", "catalog.tasks.run_import_job"}


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.CATALOG_IMPORT_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def parsed_in_tasks_only(monkeypatch):
    """The parser refuses to run outside a catalog task; the names of the tasks that ran it."""
    real = importer.parse_workbook
    calls: list[str] = []

    def guarded(*args, **kwargs):
        task = celery.current_task
        if task is None or task.name not in TASKS:
            raise AssertionError("parse_workbook called outside a task (in the web request)")
        calls.append(task.name)
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "parse_workbook", guarded)
    monkeypatch.setattr(jobs, "parse_workbook", guarded)
    monkeypatch.setattr(admin_import, "parse_workbook", guarded, raising=False)  # where it was called before
    return calls


@pytest.fixture
def preview_queue(monkeypatch):
    """The broker without a worker for the preview task: what was sent (the test then runs it)."""
    sent: list[dict] = []
    monkeypatch.setattr(tasks.preview_import_upload, "delay", lambda pending: sent.append(pending))
    return sent


def test_the_upload_only_stores_the_file_and_the_task_reads_it(
    client, office, upload_dir, parsed_in_tasks_only, preview_queue, django_capture_on_commit_callbacks
):
    from tests.catalog.workbooks import build

    client.force_login(office)
    response = client.post(URL, {"file": SimpleUploadedFile("拱墅区义务教育目录.xlsx", build())})
    assert response.status_code == 302 and response["Location"] == f"{URL}preview/"
    pending = client.session["catalog_import"]
    assert preview_queue == [{k: pending[k] for k in preview_queue[0]}] and parsed_in_tasks_only == []
    assert (upload_dir / pending["path"]).exists()

    # Until the task has run, the preview page is the progress page polling the preview's JSON status.
    page = client.get(f"{URL}preview/").content.decode()
    assert 'src="/static/js/import-progress.js"' in page and 'role="progressbar"' in page
    assert f'data-status-url="{URL}preview/status/"' in page and "确认导入" not in page
    status = client.get(f"{URL}preview/status/")
    assert "no-store" in status["Cache-Control"]
    assert status.json()["finished"] is False and status.json()["result_url"] == f"{URL}preview/"
    assert client.post(f"{URL}confirm/", {"token": pending["token"]})["Location"] == f"{URL}preview/"
    assert CatalogImportJob.objects.count() == 0 and parsed_in_tasks_only == []

    assert tasks.preview_import_upload.apply(args=[preview_queue[0]]).get() == "ready"  # the worker
    assert parsed_in_tasks_only == ["catalog.tasks.preview_import_upload"]
    assert client.get(f"{URL}preview/status/").json()["finished"] is True
    page = client.get(f"{URL}preview/").content.decode()
    assert "确认导入 7 个事项" in page and "招生管理／招生范围" in page
    assert page.count('<span class="import-flag">待人工设置</span>') == 1
    assert client.get(f"{URL}preview/?status=manual").status_code == 200
    assert parsed_in_tasks_only == ["catalog.tasks.preview_import_upload"]  # pages and filters: the cache

    # The confirm is a job; its task reads the file again (with Celery eager, inside the request here).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}confirm/", {"token": pending["token"]})
    job = CatalogImportJob.objects.get()  # (the test's transaction held the task until the view answered)
    assert response["Location"] == f"{URL}jobs/{job.pk}/" and job.status == ImportJobStatus.DONE
    assert parsed_in_tasks_only[-1] == "catalog.tasks.run_import_job"
    assert DisclosureItem.objects.count() == 11


def test_with_celery_eager_the_upload_goes_straight_to_the_preview(
    client, office, upload_dir, parsed_in_tasks_only
):
    from tests.catalog.workbooks import build

    client.force_login(office)
    response = client.post(URL, {"file": SimpleUploadedFile("目录.xlsx", build())})
    page = client.get(response["Location"]).content.decode()
    assert "确认导入 7 个事项" in page and parsed_in_tasks_only == ["catalog.tasks.preview_import_upload"]


def test_a_failed_preview_says_why_in_chinese_and_writes_nothing(
    client, office, upload_dir, preview_queue, monkeypatch
):
    from tests.catalog.workbooks import build

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    client.force_login(office)
    client.post(URL, {"file": SimpleUploadedFile("目录.xlsx", build())})
    monkeypatch.setattr(importer, "parse_workbook", broken)
    assert tasks.preview_import_upload.apply(args=[preview_queue[0]]).get() == "failed"
    assert client.get(f"{URL}preview/status/").json()["finished"] is True
    response = client.get(f"{URL}preview/", follow=True)
    assert "读取文件时出错，未写入任何数据。请检查文件后重新上传。" in response.content.decode()
    assert "catalog_import" not in client.session and list(upload_dir.iterdir()) == []
    assert CatalogImportJob.objects.count() == 0 and DisclosureItem.objects.count() == 0


def test_a_lost_preview_task_is_sent_again(client, office, upload_dir, preview_queue):
    from django.core.cache import cache

    from catalog.importer import preview
    from tests.catalog.workbooks import build

    client.force_login(office)
    client.post(URL, {"file": SimpleUploadedFile("目录.xlsx", build())})
    cache.delete(preview.progress_key(client.session["catalog_import"]))  # the worker died, long ago
    assert client.get(f"{URL}preview/status/").json()["finished"] is False
    assert len(preview_queue) == 2 and preview_queue[0] == preview_queue[1]
