"""Only what was due is scored; an open round says it is open (issue 21).

* an open round counts a duty only if it fell due by today (its as-of date), says "截至" today, and is marked
  暂定 with that day on the desk, in every export's title and in the management commands — never a 考核结果通报;
  it cannot be finished before its period is over;
* a closed round stays frozen: nothing recomputes or rewrites it, its as-of date is its period's end, and the
  API shows it as final;
* the annual report does not average a yearly round with its own quarters and months, and says which rounds it
  is built from and why.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from assessment import exports, scoring, selectors, services, tasks
from assessment.models import ExpectedDisclosure, RoundKind
from publishing import services as pub

from .conftest import close, publish_at

pytestmark = pytest.mark.django_db


def cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def open_now(d, office, people, obligations, jindong):
    """An open round whose period runs from 45 days ago to 60 days from now, over the two streets, with two
    drafts of 湖墅街道 that were never published: one formed 40 days ago (due about 12 days ago: missing), one
    formed 2 days ago (due in about four weeks: not due yet)."""
    today = timezone.localdate()
    drafts = {}
    for key, back in (("old", 40), ("new", 2)):
        drafts[key] = pub.create_publication(
            user=people["s1_officer"],
            unit=d["s1"],
            title=f"湖墅街道教育政策文件（{back}天前形成）",
            formed_on=today - timedelta(days=back),
            obligations=[obligations["D-S1"]],
        )
    round_ = services.open_round(
        user=office,
        system=jindong,
        name="本期考核",
        kind=RoundKind.QUARTERLY,
        period_start=today - timedelta(days=45),
        period_end=today + timedelta(days=60),
        units=[d["s1"], d["s2"]],
    )
    services.compute_round(round=round_, user=office)
    round_.refresh_from_db()
    return round_, drafts, today


def test_an_open_round_counts_only_what_fell_due_by_today(open_now):
    round_, drafts, today = open_now
    rows = list(ExpectedDisclosure.objects.filter(round=round_))
    assert rows and all(round_.period_start <= e.due_date <= today for e in rows)
    by_day = {e.key_date: e for e in rows if e.obligation_id}
    assert drafts["new"].formed_on not in by_day  # due in four weeks: not missing today
    old = by_day[drafts["old"].formed_on]
    assert old.state == "missing" and old.due_date < today
    assert f"截至{today}" in old.evidence and f"截至{round_.period_end}" not in old.evidence
    assert not any(str(round_.period_end) in e.evidence for e in rows)
    assert round_.snapshot["as_of"] == str(today) and round_.figures_as_of == today
    assert round_.snapshot["period"] == [str(round_.period_start), str(round_.period_end)]


def test_an_open_round_is_provisional_everywhere(client, people, open_now, tmp_path):
    round_, _drafts, today = open_now
    title = exports.round_title(round_)
    assert "暂定" in title and f"截至{cn(today)}" in title and "考核结果通报" not in title
    ws = load_workbook(io.BytesIO(exports.to_xlsx(round_)))["排名"]
    assert ws["A1"].value == title and "暂定结果" in ws["A3"].value and cn(today) in ws["A3"].value
    rows = list(csv.reader(io.StringIO(exports.to_csv(round_).decode("utf-8-sig"))))
    assert rows[0] == [title] and "暂定结果" in rows[2][0]
    html = exports.render_report_html(round_)  # what the PDF is printed from
    assert f"<h1>{title}</h1>" in html and "考核结果通报" not in html
    content, _type, name = exports.export(round_, "pdf")
    assert content.startswith(b"%PDF") and name == f"{title}.pdf"

    out = io.StringIO()
    path = tmp_path / "round.xlsx"
    call_command(
        "assessment_export", "--round", str(round_.pk), "--format", "xlsx", "--output", path, stdout=out
    )
    assert title in out.getvalue()
    out = io.StringIO()
    call_command("assessment_ranking", "--round", str(round_.pk), stdout=out)
    assert title in out.getvalue() and "考核结果通报" not in out.getvalue()

    client.force_login(people["auditor"])
    page = client.get(f"/assessment/desk/?round={round_.pk}").content.decode()
    assert "暂定" in page and f"截至{cn(today)}" in page
    assert "暂定" in client.get(f"/assessment/rounds/{round_.pk}/").content.decode()


def test_an_open_round_cannot_be_finished_before_its_period_ends(office, open_now):
    round_, _drafts, _today = open_now
    with pytest.raises(ValidationError, match="考核期结束后方可完成评分"):
        services.finish_scoring(user=office, round=round_)


def test_closed_rounds_stay_frozen(client, d, office, people, obligations, quarter, open_q3):
    closed = close(office, open_q3)
    before = scoring.stored_figures(closed)
    expected = list(
        ExpectedDisclosure.objects.filter(round=closed).values_list("due_date", "state", "evidence")
    )
    assert closed.snapshot["as_of"] == str(closed.period_end) == str(closed.figures_as_of)
    assert not closed.is_provisional and "考核结果通报" in exports.round_title(closed)
    # a record of the period published afterwards changes nothing of the closed round
    publish_at(
        people,
        d["s1"],
        "湖墅街道补充公开的教育政策文件",
        formed_on=date(2025, 9, 1),
        published_on=date(2025, 9, 5),
        obligations=[obligations["D-S1"]],
    )
    with pytest.raises(ValidationError):
        services.compute_round(round=closed, user=office)
    assert tasks.compute_round(closed.pk) == {"skipped": f"round {closed.pk} is closed"}
    assert closed.pk not in tasks.compute_open_rounds()
    assert scoring.figures(services.recompute(closed)) == before == scoring.stored_figures(closed)
    assert list(
        ExpectedDisclosure.objects.filter(round=closed).values_list("due_date", "state", "evidence")
    ) == (expected)
    client.force_login(people["auditor"])
    row = client.get(f"/api/v1/assessment/rounds/{closed.pk}/").json()
    assert row["provisional"] is False and row["as_of"] == str(closed.period_end)


def _closed_round(office, d, system, name, kind, start, end):
    round_ = services.open_round(
        user=office,
        system=system,
        name=name,
        kind=kind,
        period_start=start,
        period_end=end,
        units=[d["s1"], d["s2"]],
    )
    return close(office, round_)


def test_the_annual_report_is_the_yearly_round_not_its_average_with_its_quarters(
    client, d, office, people, quarter, jindong, open_q3
):
    q3 = close(office, open_q3)
    yearly = _closed_round(
        office, d, jindong, "2025考核年度", RoundKind.YEARLY, date(2024, 10, 1), date(2025, 9, 30)
    )
    q4 = _closed_round(
        office, d, jindong, "2025年第四季度", RoundKind.QUARTERLY, date(2025, 10, 1), date(2025, 12, 31)
    )
    summary = selectors.annual_summary(2025)
    assert [c["round"] for c in summary["columns"]] == [yearly]
    assert {r["rounds"] for r in summary["rows"]} == {1}
    totals = dict(yearly.results.values_list("unit__name", "total"))
    assert {r["unit"].name: r["totals"] for r in summary["rows"]} == {k: [v] for k, v in totals.items()}
    note = summary["basis"]["note"]
    assert "「2025考核年度」" in note and "不再与之重复平均" in note
    assert f"「{q3.name}」" in note and f"「{q4.name}」不在该考核年度内" in note

    ws = load_workbook(io.BytesIO(exports.annual_to_xlsx(2025)))["年度汇总"]
    assert ws["A3"].value == note and ws["C4"].value.startswith("2025考核年度")
    lines = list(csv.reader(io.StringIO(exports.annual_to_csv(2025).decode("utf-8-sig"))))
    assert lines[2] == [note] and len(lines[3]) == 6  # 排名, 单位, one round, 参评轮次, 平均得分, 平均得分率
    client.force_login(people["auditor"])
    assert note in client.get("/assessment/annual/2025/").content.decode()


def test_without_a_yearly_round_overlapping_rounds_are_not_averaged_twice(
    d, office, people, quarter, jindong, open_q3
):
    q3 = close(office, open_q3)
    q4 = _closed_round(
        office, d, jindong, "2025年第四季度", RoundKind.QUARTERLY, date(2025, 10, 1), date(2025, 12, 31)
    )
    december = _closed_round(
        office, d, jindong, "2025年12月", RoundKind.MONTHLY, date(2025, 12, 1), date(2025, 12, 31)
    )
    basis = selectors.annual_basis(2025)
    assert basis["rounds"] == [q3, q4] and basis["left_out"] == [december]
    assert "「2025年12月」的考核期与上述轮次重叠" in basis["note"]
    assert [c["round"] for c in selectors.annual_summary(2025)["columns"]] == [q3, q4]
