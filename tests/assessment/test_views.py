"""Pages and exports: who sees what, the heat map and trend, the files opened and read back, the command."""

import csv
import io
from urllib.parse import quote

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from assessment import exports, services
from assessment.models import Indicator, ManualScore
from organizations.models import Role
from tests.factories import member

from .conftest import close

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(d, office, quarter, open_q3):
    return close(office, open_q3)


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_unit_sees_its_own_detail_not_another(client, d, people, closed):
    officer = people["s1_officer"]
    own = get(client, officer, f"/assessment/rounds/{closed.pk}/units/D-S1/")
    assert own.status_code == 200
    text = own.content.decode()
    assert "湖墅街道" in text and "34.00" in text and "逾期5个工作日" in text
    assert "/admin/publishing/publication/" in text  # evidence links to the records
    assert get(client, officer, f"/assessment/rounds/{closed.pk}/units/D-S2/").status_code == 403
    # the ranking shows the own unit only, and no exports
    ranking = get(client, officer, f"/assessment/rounds/{closed.pk}/").content.decode()
    assert "湖墅街道" in ranking and "小河街道" not in ranking and "export.xlsx" not in ranking
    assert get(client, officer, f"/assessment/rounds/{closed.pk}/export.xlsx").status_code == 403
    assert get(client, officer, "/assessment/units/D-S2/trend/").status_code == 403


def test_auditor_sees_everything_with_heat_map_and_trend(client, d, people, closed):
    auditor = people["auditor"]
    page = get(client, auditor, f"/assessment/rounds/{closed.pk}/").content.decode()
    assert "湖墅街道" in page and "小河街道" in page and 'class="heat-table"' in page
    assert "100%" in page and "0%" in page  # coverage cells carry their numbers
    assert get(client, auditor, f"/assessment/rounds/{closed.pk}/units/D-S2/").status_code == 200
    trend = get(client, auditor, "/assessment/units/D-S1/trend/").content.decode()
    assert "<svg" in trend and "2025年第三季度" in trend
    assert get(client, auditor, f"/assessment/rounds/{closed.pk}/bulletin/").status_code == 200
    assert get(client, auditor, "/assessment/").status_code == 200


def test_auditors_desk(client, d, people, closed):
    """The desk: rounds, the ranking with what each unit was expected to publish, the evidence one click away,
    the exports and the annual report; district-wide viewers only."""
    page = get(client, people["auditor"], "/assessment/desk/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "考核工作台" in text and closed.name in text
    assert "小河街道" in text and "湖墅街道" in text and "34.00" in text and "85.00%" in text
    for fmt in ("xlsx", "pdf", "csv"):
        assert f"/assessment/rounds/{closed.pk}/export.{fmt}" in text
        assert f"/assessment/annual/2025/export.{fmt}" in text
    assert f"/assessment/rounds/{closed.pk}/units/D-S1/" in text  # the evidence behind the lost points
    assert "按有应考核事项单位的平均分计" in text  # the "nothing due" choice, shown
    unit = get(client, people["auditor"], f"/assessment/rounds/{closed.pk}/units/D-S1/").content.decode()
    assert "应公开事项" in unit and "逾期公开" in unit and "逾期5个工作日" in unit
    assert get(client, people["s1_officer"], "/assessment/desk/").status_code == 403


def test_anonymous_is_sent_to_login(client, closed):
    assert client.get("/assessment/").status_code == 302


def test_auditor_is_read_only_in_the_admin_but_scores_while_open(client, d, office, people, jindong, closed):
    auditor = people["auditor"]
    auditor.is_staff = True
    auditor.save()
    client.force_login(auditor)
    assert client.get(f"/admin/assessment/round/{closed.pk}/change/").status_code == 200  # view only
    assert client.post(f"/admin/assessment/round/{closed.pk}/change/", {"name": "x"}).status_code == 403
    indicator = Indicator.objects.filter(system=jindong).first()
    assert (
        client.post(f"/admin/assessment/indicator/{indicator.pk}/change/", {"name": "x"}).status_code == 403
    )
    assert client.get("/admin/assessment/indicator/add/").status_code == 403
    # a new open round: the auditor enters a score on the page
    manual = services.add_indicator(
        user=office,
        system=services.copy_system(user=office, source=jindong, year=2026),
        code="2",
        name="多方评议",
        scoring="manual",
        max_points=10,
    )
    open_round = services.open_round(
        user=office,
        system=manual.system,
        name="2026年1月",
        kind="monthly",
        period_start=closed.period_start,
        period_end=closed.period_end,
        units=[d["s1"]],
    )
    response = client.post(
        f"/assessment/rounds/{open_round.pk}/score/",
        {"unit": d["s1"].pk, "indicator": manual.pk, "score": "7.5", "comment": "良好"},
    )
    assert response.status_code == 302
    assert ManualScore.objects.get(round=open_round).score == 7.5
    # on the closed round the form refuses
    response = client.post(
        f"/assessment/rounds/{closed.pk}/score/", {"unit": d["s1"].pk, "indicator": manual.pk, "score": "7.5"}
    )
    assert response.status_code == 200 and ManualScore.objects.count() == 1


def test_pdf_has_the_chinese_unit_names_and_scores(closed):
    from tests.pdftext import pdf_text

    text = pdf_text(exports.to_pdf(closed))
    assert "湖墅街道" in text and "小河街道" in text
    assert "34.00" in text and "38.00" in text and "85.00%" in text  # two decimals, rates as percentages
    assert "通报" in text and "区政府" in text and "D-S1" not in text


def test_excel_ranking_reads_back(closed):
    wb = load_workbook(io.BytesIO(exports.to_xlsx(closed)))
    ws = wb["排名"]
    assert ws["A1"].value == "2025年第三季度政务公开工作考核结果通报"
    assert ws["A2"].value.startswith("发布单位：区政府　　日期：")
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    # rank, unit, 主动公开, total, rate: 小河街道 had nothing due (1.1 neutral: −2, the mean of the others)
    assert rows == [(1, "小河街道", 38.0, 38.0, 0.95), (2, "湖墅街道", 34.0, 34.0, 0.85)]
    assert ws["D5"].number_format == "0.00" and ws["E5"].number_format == "0.00%"
    assert {"指标得分", "扣分依据", "应公开事项", "指标说明", "领域覆盖"} <= set(wb.sheetnames)
    policies = list(wb["指标说明"].iter_rows(min_row=5, values_only=True))
    assert (
        "1.1",
        "未在20个工作日内公开",
        0.0,
        "扣分项（每项扣分）",
        "按有应考核事项单位的平均分计",
    ) in policies


def test_csv_has_a_bom_and_guards_formulas(d, closed):
    data = exports.to_csv(closed)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["2025年第三季度政务公开工作考核结果通报"] and rows[1][0] == "发布单位：区政府"
    assert rows[3] == ["1", "小河街道", "38.00", "38.00", "95.00%"] and rows[4][3] == "34.00"
    assert exports.safe_text('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert exports.safe_text("-1+2") == "'-1+2" and exports.safe_text("湖墅") == "湖墅"
    d["s2"].name = "=cmd|' /C calc'!A0"
    d["s2"].save()
    wb = load_workbook(io.BytesIO(exports.to_xlsx(closed)))
    names = [r[1] for r in wb["排名"].iter_rows(min_row=5, values_only=True)]
    assert "'=cmd|' /C calc'!A0" in names


def test_export_command(tmp_path, closed):
    for fmt in ("xlsx", "pdf", "csv"):
        path = tmp_path / f"out.{fmt}"
        call_command("assessment_export", "--round", "latest", "--format", fmt, "--output", str(path))
        assert path.stat().st_size > 100
    path = tmp_path / "by-id.csv"
    call_command("assessment_export", "--round", str(closed.pk), "--format", "csv", "--output", str(path))
    assert "湖墅街道" in path.read_bytes().decode("utf-8-sig")


def test_reviewer_of_a_street_sees_its_communities_only(client, d, closed):
    reviewer = member(Role.REVIEWER, d["s1"], "s1_rev2")
    assert get(client, reviewer, f"/assessment/rounds/{closed.pk}/units/D-S1/").status_code == 200
    assert get(client, reviewer, f"/assessment/rounds/{closed.pk}/units/D-S2/").status_code == 403


def test_admin_pages_and_export_action_for_the_office(client, d, office, closed):
    office.is_staff = True
    office.save()
    client.force_login(office)
    for url in (
        "/admin/assessment/round/",
        "/admin/assessment/indicator/",
        "/admin/assessment/indicatorsystem/",
        "/admin/assessment/indicatorscore/",
        "/admin/assessment/manualscore/add/",
        "/admin/assessment/reviewtally/add/",
        "/admin/assessment/assessorgroup/",
        "/admin/assessment/unitresult/",
        "/admin/assessment/round/add/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/admin/assessment/round/", {"action": "export_xlsx", "_selected_action": [closed.pk]}
    )
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(quote("2025年第三季度政务公开工作考核结果通报.xlsx"))
    # a closed round offers no change form to the office either
    assert client.post(f"/admin/assessment/round/{closed.pk}/change/", {"name": "x"}).status_code == 403
