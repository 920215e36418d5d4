"""The annual report: per unit and district, the enforced check, the exports, publication on the portal.

The table-三 layout checked in the xlsx (row labels in the first columns, 自然人 / five 法人或其他组织 columns /
总计) is the one of 国办公开办函〔2021〕30号 as printed by e.g. 深圳市龙岗区 2024 年报
(https://www.lg.gov.cn/xxgk/xxgknb/qzfgzbm/content/post_11956962.html).
"""

import io
import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from foi import exports, ledger, report, services
from foi.models import DisclosureRequest

from .ledgers import independent_table3, make_rows, workbook_bytes


@pytest.fixture
def imported(d, office):
    """The dept's ledger plus a smaller one for 湖墅街道."""
    dept_rows, street_rows = make_rows(60), make_rows(20, seed=7)
    for r in street_rows:
        r["ref"] = r["ref"].replace("GS-JY", "GS-HS")
    ledger.import_ledger(user=office, unit=d["dept"], fileobj=io.BytesIO(workbook_bytes(dept_rows)))
    ledger.import_ledger(user=office, unit=d["s1"], fileobj=io.BytesIO(workbook_bytes(street_rows)))
    return dept_rows, street_rows


@pytest.mark.django_db
def test_district_report_aggregates_every_unit(d, imported):
    dept_rows, street_rows = imported
    data = report.build(unit=d["gov"], year=2025, district=True)
    expected = independent_table3(dept_rows + street_rows, 2025)
    for key, *_ in report.table3_rows():
        assert data.table3[key] == expected.get(key, [0] * 7), key
    assert data.problems_found == []
    assert "全区" in data.title


@pytest.mark.django_db
def test_an_unbalanced_table_is_shown_and_refused(d, office, imported):
    # a reply dated before its receipt (only possible by writing around the services) breaks 一+二=三+四
    DisclosureRequest.objects.filter(reference="GS-JY-2025-030").update(
        received_on=date(2025, 6, 1), replied_on=date(2024, 6, 1)
    )
    data = report.build(unit=d["dept"], year=2025)
    assert data.problems_found and "总计" in data.problems_found[-1]
    with pytest.raises(ValidationError, match="不平衡"):
        services.publish_report(user=office, unit=d["dept"], year=2025)
    with pytest.raises(CommandError, match="不平衡"):
        call_command(
            "foi_annual_report",
            "--year",
            "2025",
            "--unit",
            "D-EDU",
            "--format",
            "json",
            "--output",
            "/dev/null",
        )


@pytest.mark.django_db
def test_xlsx_holds_table_three_in_the_template_layout(d, imported, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    call_command(
        "foi_annual_report", "--year", "2025", "--unit", "D-EDU", "--format", "xlsx", "--output", str(out)
    )
    ws = load_workbook(out)["三、收到和处理政府信息公开申请情况"]
    assert (
        ws["D1"].value == "申请人情况" and ws["D2"].value == "自然人" and ws["E2"].value == "法人或其他组织"
    )
    assert [ws.cell(3, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert ws["J2"].value == "总计"
    labels = {ws.cell(r, 1).value or ws.cell(r, 2).value or "": r for r in range(4, ws.max_row + 1)}
    assert "一、本年新收政府信息公开申请数量" in labels and "四、结转下年度继续办理" in labels
    assert ws.cell(labels["三、本年度办理结果"], 2).value == "（一）予以公开"
    total_row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == "（七）总计")
    data = report.build(unit=d["dept"], year=2025)
    assert [ws.cell(total_row, c).value for c in range(4, 11)] == data.table3["total"]
    new_row = labels["一、本年新收政府信息公开申请数量"]
    assert [ws.cell(new_row, c).value for c in range(4, 11)] == data.table3["new"]
    withheld = [r for r in range(4, ws.max_row + 1) if (ws.cell(r, 3).value or "").startswith("4.保护第三方")]
    assert withheld and ws.cell(withheld[0], 10).value == data.table3["withheld:4"][-1]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt, magic", [("pdf", b"%PDF"), ("docx", b"PK"), ("json", b"{")])
def test_other_formats(d, imported, tmp_path, fmt, magic):
    out = tmp_path / f"r.{fmt}"
    call_command("foi_annual_report", "--year", "2025", "--district", "--format", fmt, "--output", str(out))
    content = out.read_bytes()
    assert content.startswith(magic)
    if fmt == "json":
        body = json.loads(content)
        assert body["check"]["balanced"] is True
        assert (
            body["table3"]["rows"]["total"]["总计"]
            == report.build(unit=d["gov"], year=2025, district=True).table3["total"][-1]
        )
    if fmt == "pdf":
        from tests.pdftext import pdf_text

        text = pdf_text(content)
        assert "收到和处理政府信息公开申请情况" in text


@pytest.mark.django_db
def test_publishing_freezes_the_figures_and_the_portal_shows_it(client, d, office, imported):
    assert client.get("/foi/annual/2025/D-EDU/").status_code == 404
    services.save_report(user=office, unit=d["dept"], year=2025, overview="<b>全年</b>依法办理申请。")
    services.publish_report(user=office, unit=d["dept"], year=2025)
    page = client.get("/foi/annual/2025/D-EDU/").content.decode()
    assert (
        "&lt;b&gt;全年" in page
        and "勾稽关系" in page
        and "平衡" in page
        and "国办公开办函〔2021〕30号" in page
    )
    before = report.build(unit=d["dept"], year=2025).table3["new"]
    ledger_rows = make_rows(3, seed=99)
    for r in ledger_rows:
        r["ref"] = r["ref"] + "-late"
        r.update(
            received=date(2025, 3, 3),
            replied=None,
            result="",
            reason="",
            notice=None,
            corrected=None,
            c_from=None,
            c_to=None,
        )
    ledger.import_ledger(user=office, unit=d["dept"], fileobj=io.BytesIO(workbook_bytes(ledger_rows)))
    assert report.build(unit=d["dept"], year=2025).table3["new"] == before  # frozen
    assert client.get("/foi/annual/2025/D-EDU.xlsx").status_code == 200
    figures = client.get("/api/v1/foi/reports/2025/D-EDU/").json()
    assert figures["check"]["balanced"] is True
    assert "张三" not in json.dumps(figures, ensure_ascii=False)
    with pytest.raises(ValidationError):
        services.save_report(user=office, unit=d["dept"], year=2025, overview="改")


@pytest.mark.django_db
def test_only_the_office_writes_the_district_report(d, officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.save_report(user=officer, unit=d["gov"], year=2025, district=True, overview="x")


def test_formats_are_closed():
    with pytest.raises(ValueError):
        exports.render(None, "exe")


@pytest.mark.django_db
def test_the_2019_trial_template_sits_beside_2021(d, office, imported, tmp_path):
    from openpyxl import load_workbook

    services.save_report(user=office, unit=d["dept"], year=2025, template="2019")
    data = report.build(unit=d["dept"], year=2025)
    assert data.template == "2019" and data.problems_found == []
    layout = [key for key, *_ in report.table3_rows("2019")]
    assert (
        "other" in layout and "other:1" not in layout and "other:1" in [k for k, *_ in report.table3_rows()]
    )
    assert data.table3["other"] == [
        sum(v) for v in zip(*(data.table3[f"other:{i}"] for i in (1, 2, 3)), strict=True)
    ]
    out = tmp_path / "r2019.xlsx"
    out.write_bytes(exports.render(data, "xlsx"))
    ws = load_workbook(out)["三、收到和处理政府信息公开申请情况"]
    rows = [ws.cell(r, 2).value for r in range(4, ws.max_row + 1)]
    assert "（六）其他处理" in rows
    assert not any(
        (ws.cell(r, 3).value or "").startswith("1.申请人无正当理由") for r in range(4, ws.max_row + 1)
    )
    assert json.loads(exports.render(data, "json"))["template"] == "国办公开办函〔2019〕60号（试行）"


@pytest.mark.django_db
def test_a_published_reports_files_are_rendered_once(client, d, office, imported, monkeypatch):
    from django.core.cache import cache

    from foi import exports

    cache.clear()
    services.save_report(user=office, unit=d["dept"], year=2025, overview="全年依法办理申请。")
    services.publish_report(user=office, unit=d["dept"], year=2025)
    calls = []
    real = exports.render
    monkeypatch.setattr(exports, "render", lambda data, fmt: calls.append(fmt) or real(data, fmt))
    first = client.get("/foi/annual/2025/D-EDU.xlsx")
    second = client.get("/foi/annual/2025/D-EDU.xlsx")
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert calls == ["xlsx"]  # the second download is served without rendering
