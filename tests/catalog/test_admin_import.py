"""The admin import preview shows its work (issue 16 item 6): each row 新增 / 有变更 (the changed cells) /
无变更 against the catalog, counts in all, by field and by changed column, filters by status and to the leaf
items whose rule must be set by hand, pages of :data:`catalog.admin_import.PREVIEW_ROWS` rows; and what a
hostile upload gets.

Workbooks are built in the layout of the published 拱墅区 catalogs (tests/catalog/workbooks.py, standards §1).
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.admin_import import PREVIEW_ROWS
from catalog.importer import import_catalog, parse_workbook
from catalog.importer.compare import CHANGED, NEW, UNCHANGED, compare_plan
from catalog.models import DisclosureItem
from organizations.models import Role
from tests.catalog import workbooks as wb
from tests.catalog.workbooks import Sheet, build
from tests.factories import member

pytestmark = pytest.mark.django_db

URL = "/admin/catalog/disclosureitem/import/"


def rows_of(n: int, prefix: str = "类别") -> list[dict]:
    """``n`` 二级 item rows in groups of 5 under their 一级, every wording understood by the parser."""
    return [
        {
            "l1": f"{prefix}{i // 5 + 1}",
            "l2": f"事项{i + 1}",
            "content": f"●要素{i + 1}甲 ●要素{i + 1}乙",
            "basis": "《中华人民共和国政府信息公开条例》",
            "time_limit": "信息形成或者变更之日起20个工作日内",
            "subject": "区教育局",
            "channels": "■政府网站□两微一端",
            "tiers": ("区级",),
        }
        for i in range(n)
    ]


def plan_of(data: bytes, **options):
    plan = parse_workbook(io.BytesIO(data), **options)
    assert plan.ok, [str(e) for e in plan.errors]
    plan.groups_to_create = compare_plan(plan)
    return plan


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.CATALOG_IMPORT_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def upload(client, data: bytes, name="拱墅区目录.xlsx", **extra):
    response = client.post(URL, {"file": SimpleUploadedFile(name, data), **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def table_rows(page: str) -> list[str]:
    body = page.split('<table class="import-table">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr class="import-row-(\w+)">', body)


# -- the comparison ------------------------------------------------------------------------------------------
def test_one_changed_cell_in_a_100_row_reimport_marks_exactly_that_row(office):
    rows = rows_of(100)
    plan = plan_of(build(Sheet(rows=rows)))
    assert {r.status for r in plan.rows} == {NEW} and plan.count == 100
    assert plan.groups_to_create == 20
    import_catalog(user=office, plan=plan)

    rows[42]["subject"] = "区教育局、各街道办事处"
    again = plan_of(build(Sheet(rows=rows)))
    changed = [r for r in again.rows if r.status == CHANGED]
    assert len(changed) == 1 and changed[0].label == "类别9／事项43"
    assert [(c.column, c.old, c.new) for c in changed[0].changes] == [
        ("公开主体", "区教育局", "区教育局、各街道办事处"),
        ("主体单位类型", "区级部门", "区级部门、街道办事处"),
    ]
    assert str(changed[0].changes[0]) == "公开主体：区教育局 → 区教育局、各街道办事处"
    assert sum(r.status == UNCHANGED for r in again.rows) == 99
    assert again.status_counts() == {"new": 0, "changed": 1, "unchanged": 99, "manual": 0}
    assert again.by_column() == [("主体单位类型", 1), ("公开主体", 1)]
    assert again.groups_to_create == 0

    # The write agrees: only that item gets a new history record.
    before = {i.pk: i.history.count() for i in DisclosureItem.objects.all()}
    import_catalog(user=office, plan=again)
    grown = [i.name for i in DisclosureItem.objects.all() if i.history.count() != before[i.pk]]
    assert grown == ["事项43"]
    assert {r.status for r in plan_of(build(Sheet(rows=rows))).rows} == {UNCHANGED}


def test_changes_in_elements_channels_tiers_and_time_limit_are_named(office):
    rows = rows_of(5)
    import_catalog(user=office, plan=plan_of(build(Sheet(rows=rows))))
    rows[0]["content"] = "●要素1甲 ●要素1丙"
    rows[1]["channels"] = "■政府网站■两微一端"
    rows[2]["tiers"] = ("区级", "街道级")
    rows[3]["time_limit"] = "另行通知"
    plan = plan_of(build(Sheet(rows=rows)))
    changes = {r.label: {c.column: (c.old, c.new) for c in r.changes} for r in plan.rows}
    assert changes["类别1／事项1"] == {"公开内容": ("●要素1甲 ●要素1乙", "●要素1甲 ●要素1丙")}
    assert changes["类别1／事项2"] == {"公开渠道和载体": ("■政府网站、□两微一端", "■政府网站、■两微一端")}
    assert changes["类别1／事项3"] == {"公开层级": ("区级", "区级、街道级")}
    limit = changes["类别1／事项4"]
    assert limit["公开时限"] == ("信息形成或者变更之日起20个工作日内", "另行通知")
    assert limit["时限规则"][0].startswith("自动识别：") and limit["时限规则"][1] == "待人工设置"
    assert changes["类别1／事项5"] == {}
    assert [r.needs_rule for r in plan.rows] == [False, False, False, True, False]


def test_counts_by_field_and_status(office):
    education = Sheet(rows=rows_of(6))
    first = plan_of(build(education))
    import_catalog(user=office, plan=first)
    education.rows[0]["content"] = "●改过的要素"
    assistance = Sheet(
        name="社会救助", title="拱墅区社会救助领域基层政务公开标准目录", rows=rows_of(4, "救助")
    )
    plan = plan_of(build(education, assistance))
    by_field = {
        e["domain"].name: (e["rows"], e["new"], e["changed"], e["unchanged"]) for e in plan.per_domain()
    }
    assert by_field == {"义务教育": (6, 0, 1, 5), "社会救助": (4, 4, 0, 0)}
    assert plan.status_counts() == {"new": 4, "changed": 1, "unchanged": 5, "manual": 0}
    assert plan.by_column() == [("公开内容", 1)]


def test_manual_filter_lists_only_leaf_rows():
    rows = [
        # a 一级 with a row of its own (an unparsed wording) and 二级 items below it: not a leaf
        {**rows_of(1)[0], "l1": "政策文件", "l2": "", "time_limit": "另行通知"},
        {**rows_of(1)[0], "l1": "政策文件", "l2": "法规", "time_limit": "另行通知"},
        {**rows_of(1)[0], "l1": "政策文件", "l2": "规章"},
        {**rows_of(1)[0], "l1": "重大决策", "l2": "学校布局调整", "time_limit": "视情况而定"},
    ]
    plan = plan_of(build(Sheet(rows=rows)))
    assert [r.label for r in plan.unparsed] == ["政策文件", "政策文件／法规", "重大决策／学校布局调整"]
    assert [r.label for r in plan.manual] == ["政策文件／法规", "重大决策／学校布局调整"]
    assert [r.label for r in plan.filtered("manual")] == [r.label for r in plan.manual]
    assert plan.status_counts()["manual"] == 2


def test_a_rule_the_office_confirmed_needs_no_setting_by_hand(office):
    from catalog.models import RuleStatus

    rows = rows_of(2)
    rows[0]["time_limit"] = "另行通知"
    import_catalog(user=office, plan=plan_of(build(Sheet(rows=rows))))
    DisclosureItem.objects.filter(name="事项1").update(
        time_limit_status=RuleStatus.CONFIRMED, time_limit_rule={"kind": "continuous"}
    )
    plan = plan_of(build(Sheet(rows=rows)))
    assert plan.manual == [] and [r.status for r in plan.rows] == [UNCHANGED, UNCHANGED]


# -- the preview page ------------------------------------------------------------------------------------------
def test_preview_marks_counts_and_filters(client, office, upload_dir):
    rows = rows_of(8)
    import_catalog(user=office, plan=plan_of(build(Sheet(rows=rows))))
    rows[3]["basis"] = "《中华人民共和国义务教育法》"
    rows.append({**rows_of(9)[8], "time_limit": "另行通知"})
    client.force_login(office)
    page = client.get(upload(client, build(Sheet(rows=rows)))["Location"]).content.decode()
    assert re.search(r'<span class="n">1</span>新增', page) and re.search(
        r'<span class="n">1</span>有变更', page
    )
    assert re.search(r'<span class="n">7</span>无变更', page) and re.search(
        r'<span class="n">1</span>待人工设置', page
    )
    assert (
        "公开依据</span>：<del>《中华人民共和国政府信息公开条例》</del> → <ins>《中华人民共和国义务教育法》</ins>"
        in page
    )
    assert "<td>义务教育</td><td>9</td><td>1</td><td>1</td><td>7</td><td>1</td>" in page
    assert table_rows(page).count("unchanged") == 7 and "更新" not in page.split("import-table")[1]
    assert "确认导入 9 个事项" in page

    only = lambda status: table_rows(client.get(f"{URL}preview/?status={status}").content.decode())  # noqa: E731
    assert only("changed") == ["changed"] and only("new") == ["new"] and len(only("unchanged")) == 7
    manual = client.get(f"{URL}preview/?status=manual").content.decode()
    assert table_rows(manual) == ["new"] and "类别2／事项9" in manual and "类别1／事项1" not in manual
    assert len(table_rows(client.get(f"{URL}preview/?status=bogus").content.decode())) == 9


def test_preview_is_paginated(client, office, upload_dir):
    client.force_login(office)
    upload(client, build(Sheet(rows=rows_of(PREVIEW_ROWS * 2 + 30))))
    first = client.get(f"{URL}preview/").content.decode()
    assert len(table_rows(first)) == PREVIEW_ROWS and "第 1–100 个，共 230 个" in first
    assert "类别1／事项1<" in first and "事项101<" not in first
    last = client.get(f"{URL}preview/?page=3").content.decode()
    assert len(table_rows(last)) == 30 and "类别46／事项230" in last
    assert 'href="/admin/catalog/disclosureitem/import/preview/?page=2#import-rows"' in first
    assert len(table_rows(client.get(f"{URL}preview/?page=999").content.decode())) == 30  # the last page


# -- hostile uploads ------------------------------------------------------------------------------------------
def test_a_file_renamed_xlsx_that_is_not_one_is_refused(client, office, upload_dir):
    client.force_login(office)
    for data in (b"<html><script>alert(1)</script></html>", b"MZ\x90\x00" + bytes(200)):
        page = client.get(upload(client, data, name="目录.xlsx")["Location"]).content.decode()
        assert "不能导入" in page and "确认导入" not in page and "<script>alert" not in page
    assert DisclosureItem.objects.count() == 0


def test_a_script_in_a_cell_is_shown_escaped(client, office, upload_dir):
    rows = rows_of(2)
    import_catalog(user=office, plan=plan_of(build(Sheet(rows=rows))))
    rows[0]["subject"] = "<img src=x onerror=alert(1)>"
    rows.append({**rows_of(3)[2], "l2": "<script>alert('x')</script>", "content": "●<b>粗体</b>"})
    client.force_login(office)
    page = client.get(upload(client, build(Sheet(rows=rows)))["Location"]).content.decode()
    assert "<script>alert(" not in page and "<img src=x" not in page and "<b>粗体" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<ins>&lt;img src=x onerror=alert(1)&gt;</ins>" in page
    assert "●&lt;b&gt;粗体&lt;/b&gt;" in page


def test_preview_and_jobs_are_for_those_who_may_import(client, d, upload_dir):
    client.force_login(member(Role.OFFICER, d["s1"]))
    assert client.get(f"{URL}preview/").status_code == 403
    assert client.get(f"{URL}jobs/1/").status_code == 403
    assert client.get(f"{URL}jobs/1/status/").status_code == 403
    assert client.get(f"{URL}jobs/1/result/").status_code == 403


def test_the_education_sample_previews_as_before(client, office, upload_dir):
    client.force_login(office)
    page = client.get(upload(client, build())["Location"]).content.decode()
    assert "招生管理／招生范围" in page and "确认导入 7 个事项" in page
    assert table_rows(page) == ["new"] * 7
    assert page.count('<span class="import-flag">待人工设置</span>') == 1  # 学校布局调整: 另行通知
    assert wb.EDUCATION_ROWS[-1]["l2"] in page


def test_the_rows_marked_changed_are_the_items_the_write_rewrites(office):
    """Whatever made a row differ — a cell, the order of the rows, an item retired or a rule confirmed in the
    admin — the preview's 有变更 rows are exactly the items the write gives a new history record."""
    from catalog.models import ItemStatus, RuleStatus

    rows = rows_of(30)
    import_catalog(user=office, plan=plan_of(build(Sheet(rows=rows))))
    DisclosureItem.objects.filter(name="事项3").update(status=ItemStatus.RETIRED)
    DisclosureItem.objects.filter(name="事项4").update(time_limit_status=RuleStatus.CONFIRMED)  # same wording
    DisclosureItem.objects.filter(name="事项5").update(subject_kinds=["street"])  # set by hand in the admin
    rows[10], rows[11] = rows[11], rows[10]  # 事项11 and 事项12 swap places
    rows[20]["content"] = "●要素21甲\n●要素21乙"  # the same elements, other separators
    rows[21]["content"] = "●要素22乙 ●要素22甲"  # the elements in another order
    rows[22]["basis"] = "《中华人民共和国政府信息公开条例》第二十条"
    plan = plan_of(build(Sheet(rows=rows)))
    changed = {
        r.label.split("／")[1]: [c.column for c in r.changes] for r in plan.rows if r.status == CHANGED
    }
    assert changed == {
        "事项3": ["状态"],
        "事项5": ["主体单位类型"],
        "事项11": ["排序"],
        "事项12": ["排序"],
        "事项21": ["公开内容"],
        "事项22": ["公开内容"],
        "事项23": ["公开依据"],
    }
    before = {i.name: i.history.count() for i in DisclosureItem.objects.all()}
    import_catalog(user=office, plan=plan)
    rewritten = {i.name for i in DisclosureItem.objects.all() if i.history.count() != before[i.name]}
    assert rewritten == set(changed)


def test_a_file_with_thousands_of_errors_lists_the_first_ones(client, office, upload_dir, monkeypatch):
    from catalog import admin_import

    monkeypatch.setattr(admin_import, "LISTED_PROBLEMS", 5)
    rows = [{**row, "l2": "同一事项"} for row in rows_of(15)]  # the same 二级 name in every row of a group
    client.force_login(office)
    page = client.get(upload(client, build(Sheet(rows=rows)))["Location"]).content.decode()
    assert "发现 12 处错误" in page and "另有 7 处错误未列出" in page and "确认导入" not in page
    assert page.count("同一领域中已有事项") == 5
