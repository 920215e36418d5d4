"""Exporting the catalog in the standard layout, and importing the export back (the round trip)."""

import io
import zipfile

import openpyxl
import pytest
from django.core.management import call_command

from catalog import excel, services
from catalog.importer import import_catalog, parse_workbook
from catalog.models import DisclosureItem, FivePublic
from catalog.services import BasisRef, ItemData
from catalog.snapshot import working_copy
from domains.models import Domain
from organizations.models import Role
from tests.catalog import workbooks as wb
from tests.factories import district, member

pytestmark = pytest.mark.django_db

INJECTIONS = {
    "name": '=HYPERLINK("http://evil.example","点我")',
    "element": "+SUM(1,2)",
    "subject": "@区教育局",
    "basis": "-《条例》",
    "content_tab": "\t制表符开头",
    "quote": "'单引号开头",
}


@pytest.fixture
def office():
    return member(Role.OFFICE, district()["gov"], "office_a")


@pytest.fixture
def edu():
    domain = Domain.objects.get(code="compulsory-education")
    domain.is_active = True
    domain.save()
    return domain


@pytest.fixture
def relief():
    return Domain.objects.get(code="disaster-relief")


def save(user, domain, name, parent=None, **kw):
    data = ItemData(
        name=name,
        elements=kw.pop("elements", ["招生范围", "学区划分详细情况"]),
        basis_text=kw.pop("basis_text", "《中华人民共和国政府信息公开条例》（国务院令第711号）第二十条"),
        bases=kw.pop(
            "bases",
            [
                BasisRef(
                    name="中华人民共和国政府信息公开条例", doc_number="国务院令第711号", article="第二十条"
                )
            ],
        ),
        time_limit_text=kw.pop("time_limit_text", "信息形成或者变更之日起20个工作日内"),
        subject_text=kw.pop("subject_text", "区教育局"),
        channels=kw.pop("channels", [("website", True), ("new_media", True), ("reading_point", False)]),
        tier_district=kw.pop("tier_district", True),
        **kw,
    )
    return services.save_item(user=user, domain=domain, parent=parent, data=data)


def build_catalog(user, domain):
    """A catalog with every feature the layout carries: groups, a leaf 一级, a 一级 with data of its own and
    children, 三级 items, word ticks, five-public, the negative list, an unparsed wording."""
    enrol = save(
        user,
        domain,
        "招生管理",
        elements=[],
        basis_text="",
        bases=[],
        time_limit_text="",
        subject_text="",
        channels=[],
        tier_district=False,
    )
    save(user, domain, "招生范围", parent=enrol, order=1)
    save(
        user,
        domain,
        "招生计划",
        parent=enrol,
        order=2,
        elements=["招生计划", "招生人数"],
        channels=[("website", True)],
        tier_street=True,
        tier_community=True,
        audience_specific=True,
        mode_on_request=True,
        five_public=FivePublic.RESULT,
        form="文字",
        duration="长期",
        responsible_office="基础教育科",
    )
    finance = save(
        user,
        domain,
        "财务信息",
        order=2,
        elements=["财务管理办法"],
        time_limit_text="每季度结束后10日内",
        subject_text="镇中心学校",
        tier_district=False,
        tier_street=True,
    )
    save(user, domain, "预决算", parent=finance, time_limit_text="另行通知", channels=[])
    students = save(
        user,
        domain,
        "学生管理",
        order=3,
        elements=[],
        basis_text="",
        bases=[],
        time_limit_text="",
        subject_text="",
        channels=[],
        tier_district=False,
    )
    aid = save(
        user,
        domain,
        "资助",
        parent=students,
        elements=[],
        basis_text="",
        bases=[],
        time_limit_text="",
        subject_text="",
        channels=[],
        tier_district=False,
    )
    save(
        user,
        domain,
        "两免一补",
        parent=aid,
        elements=["统一城乡义务教育“两免一补”政策"],
        channels=[("bulletin_board", True), ("hotline", False)],
    )
    save(user, domain, "政策文件", order=4, channels=[("website", True), ("service_center", False)])
    save(
        user,
        domain,
        "学生个人信息",
        order=5,
        elements=[],
        basis_text="",
        bases=[],
        time_limit_text="",
        subject_text="",
        channels=[],
        tier_district=False,
        mode_proactive=False,
        is_negative=True,
        negative_ground="《中华人民共和国个人信息保护法》第二十八条",
    )


COMPARED = (
    "name",
    "level",
    "elements",
    "basis_text",
    "bases",
    "time_limit_text",
    "time_limit_rule",
    "time_limit_status",
    "subject_text",
    "subject_kinds",
    "channels",
    "audience",
    "mode",
    "tiers",
    "five_public",
    "form",
    "duration",
    "responsible_office",
    "is_negative",
    "negative_ground",
    "parent",
)


def comparable(domain) -> list[dict]:
    items = DisclosureItem.objects.filter(domain=domain).order_by("tree_id", "lft")
    data = working_copy()
    return [{key: data[item.pk][key] for key in COMPARED} for item in items]


def export(tmp_path, *args, name="out.xlsx"):
    target = tmp_path / name
    out = io.StringIO()
    call_command("export_catalog", str(target), *args, stdout=out, stderr=io.StringIO())
    return target, out.getvalue()


def test_export_writes_the_standard_layout(tmp_path, office, edu):
    build_catalog(office, edu)
    target, out = export(tmp_path)
    assert out.splitlines()[-1] == f"exported 7 items in {Domain.objects.active().count()} sheets to {target}"
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [d.name for d in Domain.objects.active().order_by("order", "id")]
    ws = book["义务教育"]
    assert ws["A1"].value == "拱墅区义务教育领域基层政务公开标准目录"
    row2 = [ws.cell(row=2, column=c).value for c in range(1, ws.max_column + 1)]
    row3 = [ws.cell(row=3, column=c).value for c in range(1, ws.max_column + 1)]
    assert row2[:10] == [
        "序号",
        "公开事项",
        None,
        None,
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
    ]
    assert row3[1:4] == ["一级事项", "二级事项", "三级事项"]  # this field has 三级 items
    assert row3[9:16] == ["全社会", "特定群体", "主动", "依申请", "区级", "街道级", "社区级"]
    assert row2[16:] == ["五公开", "公开形式", "公开时长", "责任科室", "负面清单", "不予公开依据"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:V1", "A2:A3", "B2:D2", "J2:K2", "L2:M2", "N2:P2", "E2:E3"} <= merged
    assert ws.freeze_panes == "E4"
    assert ws["E4"].alignment.wrap_text
    assert ws.column_dimensions["E"].width > ws.column_dimensions["A"].width

    rows = list(ws.iter_rows(min_row=4, values_only=True))
    names = [r[1:4] for r in rows]
    assert names[0] == ("招生管理", "招生范围", None) and names[1] == (None, "招生计划", None)
    assert "B4:B5" in merged  # 一级 merged over its group
    scope = rows[0]
    assert scope[4] == "●招生范围\n●学区划分详细情况"
    assert scope[8] == "■政府网站■两微一端□公开查阅点"
    assert scope[9:16] == ("√", None, "√", None, "√", None, None)
    plan_row = rows[1]
    assert plan_row[16:20] == ("结果", "文字", "长期", "基础教育科")
    negative = rows[-1]
    assert (
        negative[1] == "学生个人信息"
        and negative[20] == "√"
        and negative[21].startswith("《中华人民共和国个人信息保护法》")
    )


def test_export_is_a_plain_workbook_without_formulas_or_macros(tmp_path, office, edu):
    build_catalog(office, edu)
    target, _ = export(tmp_path)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert "xl/workbook.xml" in names and not any("vba" in n.lower() for n in names)
    assert not excel.read_book(target.read_bytes()).formulas


def test_round_trip_into_an_empty_field(tmp_path, office, edu, relief):
    build_catalog(office, edu)
    target, _ = export(tmp_path, "--field", "compulsory-education")
    plan = parse_workbook(target, field_code="disaster-relief")
    assert plan.ok, [str(e) for e in plan.errors]
    result = import_catalog(user=office, plan=plan)
    assert result.count == 7 and result.created == 7 and result.groups_created == 3
    original, copy = comparable(edu), comparable(relief)
    assert len(copy) == len(original) == 10
    assert copy == original


def test_round_trip_into_an_empty_database(tmp_path, office, edu):
    build_catalog(office, edu)
    before = comparable(edu)
    target, _ = export(tmp_path, "--field", "compulsory-education")
    plan = parse_workbook(target)
    # an empty database: no item of the field exists any more (codes and history are new)
    DisclosureItem.objects.filter(level=2).delete()
    DisclosureItem.objects.filter(level=1).delete()
    DisclosureItem.objects.all().delete()
    assert DisclosureItem.objects.count() == 0
    result = import_catalog(user=office, plan=plan)
    assert result.created == 7 and result.updated == 0
    assert comparable(edu) == before


def test_reimporting_the_export_changes_nothing(tmp_path, office, edu):
    build_catalog(office, edu)
    before = working_copy()
    target, _ = export(tmp_path)
    code_out = io.StringIO()
    call_command("import_catalog", str(target), stdout=code_out)
    assert code_out.getvalue().splitlines()[-1] == "imported 7 items"
    assert "更新 7" in code_out.getvalue()
    after = working_copy()
    # the same items, ids and codes; only ``content`` now keeps the cell's wording (the elements are equal)
    for data in (*before.values(), *after.values()):
        data.pop("content")
    assert after == before


def test_reimporting_an_unchanged_catalog_writes_no_history_and_one_change_writes_one(tmp_path, office, edu):
    build_catalog(office, edu)
    first, _ = export(tmp_path, name="first.xlsx")
    call_command("import_catalog", str(first), stdout=io.StringIO())  # the export's own wording settles in
    settled, _ = export(tmp_path, name="settled.xlsx")
    history = DisclosureItem.history.count()
    call_command("import_catalog", str(settled), stdout=io.StringIO())
    assert DisclosureItem.history.count() == history  # nothing changed, nothing written

    book = openpyxl.load_workbook(settled)
    sheet = book.worksheets[0]
    header = {cell.value: cell.column for row in sheet.iter_rows(max_row=4) for cell in row if cell.value}
    column = header["公开时限"]
    target_row = next(
        row for row in range(1, sheet.max_row + 1) if sheet.cell(row, column).value not in (None, "公开时限")
    )
    sheet.cell(target_row, column).value = "信息形成之日起10个工作日内"
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    call_command("import_catalog", str(changed), stdout=io.StringIO())
    assert DisclosureItem.history.count() == history + 1
    assert DisclosureItem.objects.filter(time_limit_text="信息形成之日起10个工作日内").count() == 1


def test_formula_injection_is_defused_and_restored(tmp_path, office, edu, relief):
    save(
        office,
        edu,
        INJECTIONS["name"],
        elements=[INJECTIONS["element"], INJECTIONS["quote"]],
        subject_text=INJECTIONS["subject"],
        basis_text=INJECTIONS["basis"],
        bases=[],
        time_limit_text="20个工作日",
        channels=[],
    )
    save(office, edu, INJECTIONS["content_tab"], order=2, basis_text="", bases=[])
    target, _ = export(tmp_path, "--field", "compulsory-education")

    book = openpyxl.load_workbook(target, data_only=False)
    ws = book["义务教育"]
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert ws["B4"].value == "'" + INJECTIONS["name"] and ws["B4"].data_type == "s"
    assert ws["D4"].value == "●+SUM(1,2)\n●'单引号开头"  # inside a cell only the first character matters
    assert ws["G4"].value == "'" + INJECTIONS["subject"]
    assert ws["E4"].value == "'" + INJECTIONS["basis"]

    plan = parse_workbook(target, field_code="disaster-relief")
    assert plan.ok, [str(e) for e in plan.errors]
    import_catalog(user=office, plan=plan)
    copy = DisclosureItem.objects.get(domain=relief, name=INJECTIONS["name"])
    assert [e.text for e in copy.elements.all()] == [INJECTIONS["element"], INJECTIONS["quote"]]
    assert copy.subject_text == INJECTIONS["subject"] and copy.basis_text == INJECTIONS["basis"]
    # a leading tab is whitespace to the importer: the name comes back trimmed
    assert DisclosureItem.objects.filter(domain=relief, name="制表符开头").exists()


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'x", "''x", "'=x", "plain", "", "'"]
)
def test_escape_round_trips(text):
    escaped = excel.escape_text(text)
    assert escaped[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert excel.unescape_text(escaped) == text


def test_export_an_edition(tmp_path, office, edu):
    build_catalog(office, edu)
    meeting = member(Role.OFFICE, district_unit(), "joint_meeting")
    edition = services.draft_edition(user=office, title="2025年版")
    services.submit_edition(user=office, edition=edition)
    services.approve_edition(user=meeting, edition=edition, comment="同意")
    save(office, edu, "版本之后新增", order=9)  # in the working copy only

    target, out = export(tmp_path, "--edition", "current", "--field", "compulsory-education")
    assert out.splitlines()[-1] == f"exported 7 items in 1 sheets to {target}"
    ws = openpyxl.load_workbook(target)["义务教育"]
    assert ws["A1"].value.endswith("（第1版）")
    assert "版本之后新增" not in [c.value for c in ws["B"]]
    target, out = export(tmp_path, "--edition", "1", name="v1.xlsx")
    assert "已导出第1版" in out
    _, out = export(tmp_path, name="wc.xlsx")
    assert "exported 8 items" in out


def district_unit():
    from organizations.models import Unit

    return Unit.objects.get(code="D")


def test_export_command_refusals(tmp_path, office, edu):
    for args, message in (
        (["--edition", "current"], "还没有已批准的目录版本"),
        (["--edition", "7"], "第7版不存在"),
        (["--edition", "latest"], "版次号或 current"),
        (["--field", "nope"], "未知的领域代码「nope」"),
    ):
        err = io.StringIO()
        with pytest.raises(SystemExit) as exit_info:
            call_command("export_catalog", str(tmp_path / "x.xlsx"), *args, stdout=io.StringIO(), stderr=err)
        assert exit_info.value.code == 1 and message in err.getvalue()
    with pytest.raises(SystemExit):
        call_command("export_catalog", str(tmp_path / "x.xls"), stdout=io.StringIO(), stderr=io.StringIO())


def test_export_never_drops_items_of_inactive_fields_and_leaves_out_retired_items(
    tmp_path, office, edu, relief
):
    save(office, edu, "招生范围")
    gone = save(office, edu, "已停用事项", order=2)
    services.retire_items(user=office, items=[gone], reason="调整")
    save(office, relief, "救灾物资")  # 救灾 is not active: its items are exported all the same, and said so
    target, out = export(tmp_path)
    book = openpyxl.load_workbook(target)
    assert "救灾" in book.sheetnames and "未启用" in book["救灾"]["A1"].value
    assert "救灾物资" in [c.value for c in book["救灾"]["B"]]
    assert "尚未在本区启用" in out and "救灾" in out
    values = [c.value for c in book["义务教育"]["B"]]
    assert "招生范围" in values and "已停用事项" not in values


def test_import_of_a_sample_workbook_then_export_then_import_again(tmp_path, office, edu, relief):
    """The district's own file → the portal → the standard layout → the same catalog."""
    plan = parse_workbook(
        io.BytesIO(
            wb.build(
                wb.Sheet(
                    tiers=("县级", "乡、村级"),
                    rows=[
                        dict(r, tiers=("乡、村级",) if i % 2 else ("县级",))
                        for i, r in enumerate(wb.EDUCATION_ROWS)
                    ],
                )
            )
        )
    )
    assert plan.ok
    import_catalog(user=office, plan=plan)
    target, _ = export(tmp_path, "--field", "compulsory-education")
    again = parse_workbook(target, field_code="disaster-relief")
    assert again.ok and again.count == plan.count
    import_catalog(user=office, plan=again)
    assert comparable(relief) == comparable(edu)
