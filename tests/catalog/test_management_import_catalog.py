"""``manage.py import_catalog`` takes the same mapping as the admin (issue 22): ``--show-layout`` prints the
guess as JSON, ``--map COLUMN=ROLE`` corrects it, ``--layout NAME|FILE.json`` applies a saved or edited
mapping, ``--save-layout NAME`` remembers it, and the next workbook with the same headers is read with it
without a question. What the import assumed is printed and kept as the review list."""

from __future__ import annotations

import copy
import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from catalog.models import DisclosureItem, ImportLayout, ImportReview
from tests.catalog.corpus import Sheet
from tests.catalog.corpus.layouts import DEAN, LAYOUTS, WUSHAN

pytestmark = pytest.mark.django_db

MAPS = ["--map", "内容标准=备注", "--map", "H=备注"]  # by header words and by letter
WUSHAN_OPTIONS = ["--field", "major-projects", "--tier", "district"]


def run(tmp_path, data: bytes, *args, name="catalog.xlsx"):
    target = tmp_path / name
    target.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_catalog", str(target), *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def wushan(rows=None) -> bytes:
    """The 巫山县 department catalog, or the same header over other rows."""
    source = copy.deepcopy(WUSHAN.source)
    if rows is not None:
        sheet = source.sheets[0]
        source.sheets = [
            Sheet(sheet.name, sheet.rows[:2] + rows, merges=["A1:A2", "B1:C1", "D1:D2", "E1:E2"])
        ]
    return source.build()


def test_show_layout_prints_every_column_with_samples_and_role_and_writes_nothing(tmp_path):
    code, out, err = run(tmp_path, wushan(), "--show-layout", *WUSHAN_OPTIONS)
    assert code == 0, err
    shown = json.loads(out)
    columns = {c["column"]: c for c in shown["sheets"][0]["columns"]}
    assert columns["E"]["header"] == "内容标准" and columns["E"]["role"] == "ignore"
    assert columns["J"]["role"] == "responsible_office"
    assert columns["C"]["samples"] == ["职能职责", "负责人信息", "联系方式"]
    assert DisclosureItem.objects.count() == 0


def test_map_corrects_columns_by_header_words_or_letter(tmp_path):
    code, out, err = run(tmp_path, wushan(), *WUSHAN_OPTIONS, *MAPS)
    assert code == 0, err
    item = DisclosureItem.objects.get(name="职能职责")
    assert "内容标准：【法定职责】" in item.import_notes and "更新频率：据实更新" in item.import_notes
    assert "未识别的列" not in out


def test_a_map_naming_no_role_is_refused_before_reading(tmp_path):
    code, out, err = run(tmp_path, wushan(), "--map", "内容标准=飞鸽传书")
    assert code == 1 and "无法理解 --map「内容标准=飞鸽传书」" in err
    assert DisclosureItem.objects.count() == 0


def test_an_edited_show_layout_file_is_taken_back(tmp_path):
    code, out, _err = run(tmp_path, wushan(), "--show-layout", *WUSHAN_OPTIONS)
    shown = json.loads(out)
    for column in shown["sheets"][0]["columns"]:
        if column["header"] in ("内容标准", "更新频率"):
            column["role"] = "note"
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(tmp_path, wushan(), *WUSHAN_OPTIONS, "--layout", str(mapping))
    assert code == 0, err
    assert "更新频率：据实更新" in DisclosureItem.objects.get(name="联系方式").import_notes
    # the office looked at every column: nothing about them is listed as a guess
    assert not ImportReview.objects.filter(kind="column").exists()


def test_a_saved_layout_is_proposed_for_the_next_workbook_with_the_same_headers(tmp_path):
    code, out, err = run(tmp_path, wushan(), *WUSHAN_OPTIONS, *MAPS, "--save-layout", "巫山发改委目录")
    assert code == 0, err
    assert "已保存版式：巫山发改委目录" in out
    layout = ImportLayout.objects.get(title="巫山发改委目录")
    assert {c["column"]: c["role"] for c in layout.mapping["columns"]}["E"] == "note"
    assert layout.uses == 0 and layout.confirmed_by is None  # the command line's operator

    second = wushan(
        [
            [
                6,
                "政策文件",
                "行政规范性文件",
                "以本单位名义印发的行政规范性文件",
                "【标题】【文号】【正文】",
                "信息形成或变更之日起20个工作日内",
                "《条例》",
                "即时更新",
                "政府网站",
                "办公室",
            ],
        ]
    )
    code, out, err = run(tmp_path, second, *WUSHAN_OPTIONS, name="second.xlsx")  # no --map: no question
    assert code == 0, err
    assert "按版式「巫山发改委目录」读取" in out
    item = DisclosureItem.objects.get(name="行政规范性文件")
    assert (
        "内容标准：【标题】【文号】【正文】" in item.import_notes
        and "更新频率：即时更新" in item.import_notes
    )
    layout.refresh_from_db()
    assert layout.uses == 1 and layout.last_used_at is not None


def test_a_retired_layout_is_no_longer_proposed_and_a_named_one_is_applied_on_request(tmp_path, office):
    from catalog.importer.services import retire_layout

    run(tmp_path, wushan(), *WUSHAN_OPTIONS, *MAPS, "--save-layout", "巫山发改委目录", "--dry-run")
    assert not ImportLayout.objects.exists()  # a dry run keeps nothing
    run(tmp_path, wushan(), *WUSHAN_OPTIONS, *MAPS, "--save-layout", "巫山发改委目录")
    retire_layout(user=office, layout=ImportLayout.objects.get())
    code, out, _err = run(tmp_path, wushan(), "--show-layout", *WUSHAN_OPTIONS)
    assert json.loads(out)["sheets"][0]["layout"] == ""
    code, out, err = run(tmp_path, wushan(), "--layout", "巫山发改委目录", *WUSHAN_OPTIONS)
    assert code == 1 and "没有名为「巫山发改委目录」的在用版式" in err


def test_what_was_assumed_is_printed_and_kept_as_the_review_list(tmp_path):
    code, out, err = run(tmp_path, wushan(), *WUSHAN_OPTIONS, *MAPS)
    assert code == 0, err
    assert "待核对 5 项（涉及 5 个事项）" in out
    assert "[公开主体取自责任科室] 工作表「主动公开事项目录」第3行 J列（责任科室）" in out
    reviews = ImportReview.objects.filter(kind="subject")
    assert reviews.count() == 5 and all(r.item_id and r.status == "open" for r in reviews)


@pytest.mark.parametrize("layout", LAYOUTS, ids=[lay.source.key for lay in LAYOUTS])
def test_each_real_catalog_comes_in_with_at_most_field_tier_and_map(tmp_path, layout):
    args = []
    if layout.source.options.get("field_code"):
        args += ["--field", layout.source.options["field_code"]]
    if layout.source.options.get("tier"):
        args += ["--tier", layout.source.options["tier"]]
    for column, role in layout.maps.items():
        args += ["--map", f"{column}={role}"]
    code, out, err = run(tmp_path, layout.source.build(), *args)
    assert code == 0, err
    assert out.rstrip().endswith(f"imported {len(layout.items)} items")
    # the review list the command keeps holds the kinds of assumption the layout's items are known to need
    kept = set(ImportReview.objects.filter(item__isnull=False).values_list("kind", flat=True))
    assert kept == {kind for item in layout.items for kind in item.assumed}


# -- hostile workbooks -----------------------------------------------------------------------------------------
def test_a_sheet_with_data_beyond_the_column_limit_is_refused_with_a_clear_message(tmp_path):
    from catalog import excel

    book = openpyxl.load_workbook(io.BytesIO(DEAN.source.build()))
    book.active.cell(row=4, column=excel.MAX_COLUMNS + 5, value="多余")
    out = io.BytesIO()
    book.save(out)
    code, _out, err = run(tmp_path, out.getvalue(), "--field", "agri-subsidies")
    assert code == 1 and f"工作表超过 {excel.MAX_COLUMNS} 列" in err
    assert DisclosureItem.objects.count() == 0


def test_empty_formatted_cells_far_to_the_right_are_skipped(tmp_path):
    from catalog import excel

    book = openpyxl.load_workbook(io.BytesIO(DEAN.source.build()))
    book.active.cell(row=4, column=excel.MAX_COLUMNS + 5).number_format = "0.00"
    out = io.BytesIO()
    book.save(out)
    code, _out, err = run(tmp_path, out.getvalue(), "--field", "agri-subsidies")
    assert code == 0, err


def test_a_text_file_named_xlsx_is_refused(tmp_path):
    code, _out, err = run(tmp_path, "序号,公开事项\n1,甲\n".encode(), name="目录.xlsx")
    assert code == 1 and "不是 xlsx 文件" in err
