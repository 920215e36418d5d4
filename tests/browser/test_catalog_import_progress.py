"""A 5,000-row catalog import in a real browser (issue 16 item 6): the office uploads the workbook the import
benchmark generates (bench/bench_import_catalog.py), reads the preview (counts, filters, 100 rows a page),
confirms, watches the progress bar move while the task runs, and lands on the result page.

The broker is replaced by a list (the confirm step's task is recorded, not sent) and the test runs the task
itself, as the worker would, while the page polls the live server; the task, the progress endpoint, the
script and the pages are the real ones. Screenshots at 1280×900 and 390×844 go to
artifacts/screenshots/import_*.png.
"""

from __future__ import annotations

import re

import pytest

from catalog import tasks
from catalog.importer.jobs import Progress
from catalog.models import CatalogImportJob, DisclosureItem, ImportJobStatus
from organizations.models import Role
from tests.factories import district, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 5000
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: ASCII words a Chinese staff page may show.
ALLOWED = {"Excel", "xlsx", "MB"}


def shoot(page, name: str, screenshot_dir, anchor: str | None = None) -> None:
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        if anchor:
            page.locator(anchor).evaluate("element => element.scrollIntoView()")
        page.screenshot(path=str(screenshot_dir / f"import_{name}_{label}.png"), full_page=False)
    page.set_viewport_size(SIZES["desktop"])


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED}


def test_a_5000_row_import_shows_progress_and_its_result(
    page, live_server, admin_login, screenshot_dir, tmp_path, settings, monkeypatch
):
    from bench.bench_import_catalog import generate

    settings.CATALOG_IMPORT_DIR = str(tmp_path / "uploads")
    book = tmp_path / "拱墅区基层政务公开标准目录.xlsx"
    assert generate(book, ROWS, 20250101) == ROWS
    office = member(Role.OFFICE, district()["gov"], "office_import")
    office.first_name = "王敏"
    office.save()
    sent: list[int] = []
    monkeypatch.setattr(tasks.run_import_job, "delay", lambda job_id: sent.append(job_id))

    admin_login("office_import", "pw-for-tests")
    page.goto(f"{live_server.url}/admin/catalog/disclosureitem/import/")
    page.set_input_files("#id_file", str(book))
    with page.expect_navigation(url=re.compile(r"/import/preview/"), timeout=180_000):
        page.click("input[type=submit][value='上传并预览']")

    # The preview: every row new, counted by field, 100 rows a page, filters.
    counts = page.inner_text("#import-counts")
    assert re.search(r"5000\s*新增", counts) and re.search(r"0\s*有变更", counts), counts
    assert page.locator(".import-table tbody tr").count() == 100
    assert "第 1–100 个，共 5000 个" in page.inner_text("#import-rows")
    assert not english_words(page.inner_text("#content-main"))
    shoot(page, "preview", screenshot_dir)
    manual = int(re.search(r"(\d+)\s*待人工设置", counts).group(1))
    assert manual > 0
    with page.expect_navigation(timeout=180_000):
        page.click("a[href*='status=manual']")
    assert page.locator(".import-table tbody tr").count() == min(100, manual)
    assert page.locator(".import-table .import-flag").count() == min(100, manual)

    # Confirm: a job, queued; the progress page.
    with page.expect_navigation(url=re.compile(r"/import/jobs/\d+/$"), timeout=60_000):
        page.click("input[type=submit][value='确认导入 5000 个事项']")
    job = CatalogImportJob.objects.get()
    assert sent == [job.pk] and job.status == ImportJobStatus.QUEUED and job.created_by == office
    assert "王敏" in page.inner_text("#content-main") and "office_import" not in page.content()

    # The worker runs the task; half-way, the page's bar has moved (it polls the JSON view).
    shots: list[str] = []
    real = Progress.report

    def report(self, stage, percent, done, total):
        real(self, stage, percent, done, total)
        if percent >= 30 and not shots:
            page.wait_for_function(
                "() => +document.querySelector('[role=progressbar]').getAttribute('aria-valuenow') >= 30",
                timeout=90_000,
            )
            shots.append(page.inner_text("#import-progress"))
            shoot(page, "progress", screenshot_dir)

    monkeypatch.setattr(Progress, "report", report)
    assert tasks.run_import_job(job.pk) == ImportJobStatus.DONE
    assert shots and "%" in shots[0], shots

    # The page notices the end and goes to the result.
    page.wait_for_url(re.compile(r"/import/jobs/\d+/result/$"), timeout=90_000)
    text = page.inner_text("#content-main")
    assert "导入完成：已写入 5000 个事项" in text and "王敏" in text
    job.refresh_from_db()
    assert job.summary["counts"]["new"] == ROWS and job.summary["counts"]["manual"] == manual
    assert DisclosureItem.objects.count() == ROWS + job.summary["groups_created"]
    assert page.locator("#import-manual li a").count() == manual
    assert not english_words(text)
    shoot(page, "result", screenshot_dir)

    # The upload page lists the job: file, who, when, status.
    page.click("text=继续导入")
    jobs = page.inner_text("#import-jobs")
    assert (
        "拱墅区基层政务公开标准目录.xlsx" in jobs and "王敏" in jobs and "已完成" in jobs and "5000" in jobs
    )
    shoot(page, "upload_jobs", screenshot_dir, anchor="#import-jobs")
    print(f"5000-row import through the task: {job.summary['seconds']} s")


def test_a_reimport_preview_shows_the_changed_cells(
    page, live_server, admin_login, screenshot_dir, settings, tmp_path
):
    """Re-importing a 120-row catalog with three cells changed: three rows 有变更 with their cells, the rest
    无变更; the 有变更 filter lists exactly those three."""
    from catalog.importer import import_catalog, parse_workbook
    from tests.catalog.test_admin_import import rows_of
    from tests.catalog.workbooks import Sheet, build

    settings.CATALOG_IMPORT_DIR = str(tmp_path / "uploads")
    office = member(Role.OFFICE, district()["gov"], "office_import")
    office.first_name = "王敏"
    office.save()
    rows = rows_of(120)
    import io

    import_catalog(user=office, plan=parse_workbook(io.BytesIO(build(Sheet(rows=rows)))))
    rows[7]["subject"] = "区教育局、各街道办事处"
    rows[30]["time_limit"] = "另行通知"
    rows[64]["channels"] = "■政府网站■两微一端■公开查阅点"
    book = tmp_path / "义务教育目录（修订）.xlsx"
    book.write_bytes(build(Sheet(rows=rows)))

    admin_login("office_import", "pw-for-tests")
    page.goto(f"{live_server.url}/admin/catalog/disclosureitem/import/")
    page.set_input_files("#id_file", str(book))
    with page.expect_navigation(url=re.compile(r"/import/preview/"), timeout=60_000):
        page.click("input[type=submit][value='上传并预览']")
    counts = page.inner_text("#import-counts")
    assert re.search(r"3\s*有变更", counts) and re.search(r"117\s*无变更", counts), counts
    with page.expect_navigation():
        page.click("a[href*='status=changed']")
    changed = page.locator(".import-table tbody tr")
    assert changed.count() == 3
    text = page.inner_text(".import-table")
    assert "公开主体：区教育局 → 区教育局、各街道办事处" in text
    assert "公开时限：信息形成或者变更之日起20个工作日内 → 另行通知" in text
    assert "公开渠道和载体：■政府网站、□两微一端 → ■政府网站、■两微一端、■公开查阅点" in text
    assert not english_words(page.inner_text("#content-main"))
    shoot(page, "preview_changes", screenshot_dir, anchor="#import-rows")
