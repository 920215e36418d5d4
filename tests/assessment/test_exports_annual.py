"""The annual assessment report (年度考核报告): the year's closed rounds per unit, exported and read back;
and the democratic-review ballot form on the pages."""

import io
from datetime import date
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from assessment import exports, selectors, services
from assessment.models import ReviewTally, RoundKind

from .conftest import close

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2025(d, office, quarter, jindong, open_q3):
    """Two closed rounds of 2025 over the two streets, and an open one that must not count.

    Q3 on the 金东区 rubric (max 40): 湖墅街道 40 − 2 − 4 = 34; 小河街道 had nothing due, and 1.1 scores
    "nothing due" neutrally (the mean deduction of the units that had duties: −2) → 38.
    Q4 on a copy with a 民主评议 indicator of 10 points (max 50); nothing published or due in Q4 (40 each):
      湖墅街道 ballots A1 → 100 → 10 × 100/100 = 10   → 50
      小河街道 ballots D1 → 55  → 10 × 55/100  = 5.5  → 45.5
    """
    system = services.copy_system(user=office, source=jindong, year=2025, name="2025年度考核（含民主评议）")
    services.add_indicator(
        user=office, system=system, code="2", name="民主评议", scoring="ballot", max_points=10
    )
    q4 = services.open_round(
        user=office,
        system=system,
        name="2025年第四季度",
        kind=RoundKind.QUARTERLY,
        period_start=date(2025, 10, 1),
        period_end=date(2025, 12, 31),
        units=[d["s1"], d["s2"]],
    )
    services.record_tally(user=office, round=q4, unit=d["s1"], counts={"A": 1})
    services.record_tally(user=office, round=q4, unit=d["s2"], counts={"D": 1})
    services.open_round(
        user=office,
        system=system,
        name="2025年12月",
        kind=RoundKind.MONTHLY,
        period_start=date(2025, 12, 1),
        period_end=date(2025, 12, 31),
        units=[d["s1"]],
    )
    return close(office, open_q3), close(office, q4)


def test_annual_summary_averages_the_closed_rounds_per_unit(d, year_2025):
    q3, q4 = year_2025
    summary = selectors.annual_summary(2025)
    assert [c["round"].name for c in summary["columns"]] == [
        "2025年第三季度",
        "2025年第四季度",
    ]  # not the open one
    assert [c["max"] for c in summary["columns"]] == [Decimal(40), Decimal(50)]
    rows = {r["unit"].code: r for r in summary["rows"]}
    # 湖墅街道: (34 + 50) / 2 = 42.00; (34/40 = 85 % + 50/50 = 100 %) / 2 = 92.50 %
    assert rows["D-S1"]["totals"] == [Decimal("34.00"), Decimal("50.00")]
    assert (rows["D-S1"]["average"], rows["D-S1"]["average_pct"]) == (Decimal("42.00"), Decimal("92.50"))
    # 小河街道: (38 + 45.5) / 2 = 41.75; (38/40 = 95 % + 45.5/50 = 91 %) / 2 = 93.00 % → first
    assert (rows["D-S2"]["average"], rows["D-S2"]["average_pct"]) == (Decimal("41.75"), Decimal("93.00"))
    assert [(r["rank"], r["unit"].code) for r in summary["rows"]] == [(1, "D-S2"), (2, "D-S1")]
    assert selectors.annual_summary(2024)["rows"] == []


def test_annual_report_pdf_and_excel_read_back(year_2025):
    from tests.pdftext import pdf_text

    text = pdf_text(exports.annual_to_pdf(2025))
    assert "2025年度政务公开考核报告" in text
    assert "2025年第三季度" in text and "2025年第四季度" in text and "2025年12月" not in text
    assert "湖墅街道" in text and "小河街道" in text
    assert "92.50" in text and "93.00" in text and "41.75" in text
    assert "区政府" in text and "D-S1" not in text  # the issuing body; no internal codes
    wb = load_workbook(io.BytesIO(exports.annual_to_xlsx(2025)))
    ws = wb["年度汇总"]
    assert ws["A1"].value == "2025年度政务公开考核报告"
    assert ws["A2"].value.startswith("发布单位：区政府")
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert rows == [
        (1, "小河街道", 38.0, 45.5, 2, 41.75, 0.93),
        (2, "湖墅街道", 34.0, 50.0, 2, 42.0, 0.925),
    ]
    assert ws["C5"].number_format == "0.00" and ws["G5"].number_format == "0.00%"
    lines = exports.annual_to_csv(2025).decode("utf-8-sig").splitlines()
    assert lines[0] == "2025年度政务公开考核报告" and lines[2].startswith("本报告依据2025年已关闭的考核轮次")
    assert lines[4] == "1,小河街道,38.00,45.50,2,41.75,93.00%"


def test_annual_report_command_page_and_permissions(client, tmp_path, people, year_2025):
    path = tmp_path / "annual.pdf"
    call_command("assessment_export", "--annual", "2025", "--format", "pdf", "--output", str(path))
    assert path.read_bytes().startswith(b"%PDF")
    client.force_login(people["auditor"])
    page = client.get("/assessment/annual/2025/")
    assert page.status_code == 200 and "93.00%" in page.content.decode()
    response = client.get("/assessment/annual/2025/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        "filename*=UTF-8''" + quote("2025年度政务公开考核报告.xlsx")
    )
    client.force_login(people["s1_officer"])  # a unit sees its own detail, not the district's annual report
    assert client.get("/assessment/annual/2025/").status_code == 403
    assert client.get("/assessment/annual/2025/export.pdf").status_code == 403


def test_ballot_form_for_assessors_while_open(client, d, office, people, open_q3):
    services.add_indicator(
        user=office, system=open_q3.system, code="2", name="民主评议", scoring="ballot", max_points=10
    )
    url = f"/assessment/rounds/{open_q3.pk}/ballots/"
    client.force_login(people["s1_officer"])
    assert client.get(url).status_code == 403  # units do not review themselves
    client.force_login(people["auditor"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "unit": d["s1"].pk,
            "count_a": 10,
            "count_b": 5,
            "count_c": 3,
            "count_d": 2,
            "count_f": 4,
            "note": "评议会",
        },
        follow=True,
    )
    # (10×100 + 5×85 + 3×70 + 2×55) / 20 = 1745 / 20 = 87.25
    assert "评议得分87.25" in response.content.decode()
    tally = ReviewTally.objects.get(round=open_q3, unit=d["s1"])
    assert (
        tally.counts() == {"A": 10, "B": 5, "C": 3, "D": 2, "F": 4} and tally.entered_by == people["auditor"]
    )
    closed = close(office, open_q3)
    response = client.post(
        url, {"unit": d["s1"].pk, "count_a": 1, "count_b": 0, "count_c": 0, "count_d": 0, "count_f": 0}
    )
    assert response.status_code == 200 and "不能录入" in response.content.decode()
    assert ReviewTally.objects.get(round=closed, unit=d["s1"]).count_a == 10
