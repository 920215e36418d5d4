"""The admin upload opens on the column mapping (issue 22): every column of every sheet with its header words,
three samples and the guessed role; the office changes roles, the sheet's field and tier, and the preview is
read again; the confirmed mapping is kept as a named layout and proposed for the next workbook with the same
headers; what the import assumed is the job's review list (on its result page, as xlsx, in the admin until
each entry is confirmed or corrected)."""

from __future__ import annotations

import copy
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import DisclosureItem, ImportLayout, ImportReview, ReviewStatus
from organizations.models import Role
from tests.catalog.corpus.layouts import DEAN, SAIHAN, WUSHAN
from tests.factories import member

pytestmark = pytest.mark.django_db

URL = "/admin/catalog/disclosureitem/import/"


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.CATALOG_IMPORT_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def upload(client, data: bytes, name="目录.xlsx", **extra) -> str:
    response = client.post(URL, {"file": SimpleUploadedFile(name, data), **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]).content.decode()


def selected(page: str, name: str) -> str:
    """The value selected in the <select name=...> of the page."""
    block = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    found = re.search(r'<option value="([^"]*)" selected>', block)
    return found.group(1) if found else ""


def form_of(page: str) -> dict:
    """The mapping form's fields as the page sets them (selects at their selected values)."""
    form = page.split('id="import-mapping"', 1)[1].split("</form>", 1)[0]
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    for name in re.findall(r'<select name="([\w-]+)"', form):
        data[name] = selected(form, name)
    return data


def apply(client, page: str, **changes) -> str:
    response = client.post(f"{URL}mapping/", {**form_of(page), **changes})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"]).content.decode()


def confirm(client, django_capture_on_commit_callbacks, page: str, **extra):
    token = form_of(page)["token"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}confirm/", {"token": token, **extra})
    result = client.get(client.get(response["Location"])["Location"])
    return result.content.decode()


def test_the_upload_opens_on_the_mapping_of_every_column(client, office, upload_dir):
    client.force_login(office)
    page = upload(client, WUSHAN.source.build(), field="major-projects", tier="district")
    assert "第一步：核对各列的用途" in page and "工作表「主动公开事项目录」：表头在第 1 行" in page
    assert selected(page, "role-0-E") == "ignore" and selected(page, "role-0-J") == "responsible_office"
    assert selected(page, "role-0-B") == "l1" and selected(page, "role-0-C") == "l2"
    assert '<div class="mapping-sample">【法定职责】</div>' in page  # a sample of the ignored column
    assert page.count('class="mapping-flagged') == 2  # 内容标准, 更新频率: ignored by guess, marked
    # the rows say what was assumed
    assert "公开主体取自责任科室" in page and "没有公开主体：取责任科室「办公室」作为公开主体" in page


def test_a_changed_role_reads_the_preview_again(
    client, office, upload_dir, django_capture_on_commit_callbacks
):
    client.force_login(office)
    page = upload(client, WUSHAN.source.build(), field="major-projects", tier="district")
    assert "E列（内容标准）：未识别的列，已忽略" in page
    page = apply(client, page, **{"role-0-E": "note", "role-0-H": "note"})
    assert "已按调整后的映射重新读取文件" in page
    assert selected(page, "role-0-E") == "note" and "未识别的列" not in page
    result = confirm(client, django_capture_on_commit_callbacks, page)
    assert "导入完成：已写入 5 个事项" in result
    assert "内容标准：【法定职责】" in DisclosureItem.objects.get(name="职能职责").import_notes


def test_the_sheet_field_and_tier_are_asked_when_the_workbook_does_not_say(
    client, office, upload_dir, django_capture_on_commit_callbacks
):
    client.force_login(office)
    page = upload(client, DEAN.source.build())
    assert "无法确定所属领域" in page and "确认导入" not in page
    page = apply(client, page, **{"field-0": "agri-subsidies"})
    assert selected(page, "field-0") == "agri-subsidies" and "确认导入 2 个事项" in page
    # a tier for the rows that name none: the saihan page has no tier column
    page = upload(client, SAIHAN.source.build())
    assert "缺少必需的列「公开层级」" in page
    page = apply(client, page, **{"tier-0": "street"})
    assert "确认导入 3 个事项" in page and "待核对 6 项（涉及 3 个事项）" in page


def test_the_confirmed_mapping_is_saved_and_proposed_for_the_same_headers(
    client, office, upload_dir, django_capture_on_commit_callbacks
):
    client.force_login(office)
    page = upload(client, WUSHAN.source.build(), field="major-projects", tier="district")
    page = apply(client, page, layout_title="巫山发改委目录", **{"role-0-E": "note", "role-0-H": "note"})
    assert "导入成功后将保存版式「巫山发改委目录」" in page
    confirm(client, django_capture_on_commit_callbacks, page)
    layout = ImportLayout.objects.get(title="巫山发改委目录")
    assert layout.confirmed_by == office and layout.is_active
    assert layout.mapping["field"] == ""  # the field was an upload option, not part of the sheet mapping

    second = copy.deepcopy(WUSHAN.source)
    second.sheets[0].rows[2][2] = "职能职责（调整）"  # other data, the same headers
    page = upload(client, second.build(), field="major-projects", tier="district")
    assert "已套用保存的版式「巫山发改委目录」" in page
    assert selected(page, "role-0-E") == "note" and 'class="mapping-flagged' not in page


def test_the_review_list_on_the_result_page_as_xlsx_and_in_the_admin(
    client, office, upload_dir, django_capture_on_commit_callbacks
):
    client.force_login(office)
    page = upload(client, SAIHAN.source.build(), tier="street")
    result = confirm(client, django_capture_on_commit_callbacks, page)
    assert "待核对（6 项，其中 6 项尚未核对）" in result
    assert "勾选列中写的是文字「项目单位」" in result
    job_id = ImportReview.objects.first().job_id
    response = client.get(f"{URL}jobs/{job_id}/review.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert len(rows) == 6 and {r[1] for r in rows} == {
        "公开对象未勾选，按全社会",
        "公开方式未勾选，按主动",
        "勾选列中写的是文字",
    }
    # the items wait on the office's list (the changelist filter) until each entry is decided
    waiting = client.get("/admin/catalog/disclosureitem/?review=open").content.decode()
    assert "办理过程信息" in waiting
    words = ImportReview.objects.get(kind="words")
    response = client.post(
        "/admin/catalog/importreview/",
        {"action": "mark_confirmed", "_selected_action": [words.pk]},
    )
    assert response.status_code == 302
    words.refresh_from_db()
    assert words.status == ReviewStatus.CONFIRMED and words.decided_by == office and words.decided_at
    change = f"/admin/catalog/importreview/{ImportReview.objects.filter(status='open').first().pk}/change/"
    assert client.post(change, {"decision": "corrected"}).status_code == 302
    assert ImportReview.objects.filter(status="corrected").count() == 1
    assert ImportReview.objects.filter(status="open").count() == 4
    # and they stay on the office's desk until each is decided
    desk = client.get("/workspace/").content.decode()
    assert "目录导入待核对：4 项" in desk and "/admin/catalog/importreview/?status__exact=open" in desk
    # a decided entry is read-only
    assert (
        client.post(f"/admin/catalog/importreview/{words.pk}/change/", {"decision": "corrected"}).status_code
        == 403
    )


def test_the_review_export_escapes_formula_looking_text(
    client, office, upload_dir, django_capture_on_commit_callbacks
):
    client.force_login(office)
    confirm(client, django_capture_on_commit_callbacks, upload(client, SAIHAN.source.build(), tier="street"))
    review = ImportReview.objects.first()
    ImportReview.objects.filter(pk=review.pk).update(message='=HYPERLINK("http://x","点我")')
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"{URL}jobs/{review.job_id}/review.xlsx").content)
    ).active
    messages = [row[7].value for row in sheet.iter_rows(min_row=3)]
    assert '\'=HYPERLINK("http://x","点我")' in messages
    assert all(row[7].data_type == "s" for row in sheet.iter_rows(min_row=3))


def test_a_script_in_a_header_or_sample_is_shown_escaped(client, office, upload_dir):
    source = copy.deepcopy(DEAN.source)
    header, first = source.sheets[0].rows[1], source.sheets[0].rows[3]
    header.append("<script>alert(1)</script>")
    first.append("<img src=x onerror=alert(2)>")
    client.force_login(office)
    page = upload(client, source.build(), field="agri-subsidies")
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page


def test_a_layout_is_renamed_corrected_and_retired_in_the_admin(
    client, office, upload_dir, django_capture_on_commit_callbacks
):
    client.force_login(office)
    page = upload(client, WUSHAN.source.build(), field="major-projects", tier="district")
    confirm(client, django_capture_on_commit_callbacks, apply(client, page, layout_title="版式甲"))
    layout = ImportLayout.objects.get()
    url = f"/admin/catalog/importlayout/{layout.pk}/change/"
    assert client.get(url).status_code == 200
    mapping = {"columns": [{"column": "E", "role": "备注"}], "field": "", "tier": "district"}
    import json

    bad = client.post(
        url,
        {
            "title": "版式乙",
            "is_active": "on",
            "mapping": json.dumps({"columns": [{"column": "E", "role": "飞鸽"}]}),
        },
    )
    assert bad.status_code == 200 and "无法识别的列用途「飞鸽」" in bad.content.decode()
    assert (
        client.post(url, {"title": "版式乙", "is_active": "on", "mapping": json.dumps(mapping)}).status_code
        == 302
    )
    layout.refresh_from_db()
    assert layout.title == "版式乙" and layout.mapping["columns"] == [
        {"column": "E", "header": "", "role": "note"}
    ]
    assert layout.history.count() == 2
    client.post(
        "/admin/catalog/importlayout/", {"action": "retire_selected", "_selected_action": [layout.pk]}
    )
    layout.refresh_from_db()
    assert not layout.is_active
    assert client.get("/admin/catalog/importlayout/add/").status_code == 403  # made by confirming an import


def test_the_mapping_and_the_review_list_are_for_those_who_may_import(client, d, office, upload_dir):
    review = ImportReview.objects.create(source_name="目录.xlsx", kind="audience", message="公开对象未勾选")
    client.force_login(member(Role.OFFICER, d["s1"]))
    assert client.post(f"{URL}mapping/", {"token": "x"}).status_code == 403
    assert client.get(f"{URL}jobs/1/review.xlsx").status_code == 403
    # an officer may read the list (catalog data) but not decide
    assert (
        client.post(f"/admin/catalog/importreview/{review.pk}/change/", {"decision": "confirmed"}).status_code
        == 403
    )
    client.post("/admin/catalog/importreview/", {"action": "mark_confirmed", "_selected_action": [review.pk]})
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
