"""The living demo year (load_demo, relative to today), loaded once for this module and rolled back after it.

What an auditor checks on it: every closed round ranks the units that published nothing in its period below the
median unit that published; the latest round exports to Excel, PDF and CSV that read back; the workspace states
are real (overdue today, due within the week); the demo wording and fields; a second run adds nothing.
"""

import csv
import io
import statistics

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from assessment import expected as exp
from assessment import exports, scoring, selectors, services
from assessment.indicators import Period
from assessment.models import DutyTrigger, ExpectedDisclosure, Round, RoundKind, RoundStatus, UnitResult
from demo.assessment import ledger_round_plan
from participation.models import Rating, SupervisorReport
from publishing import deadlines
from publishing.models import COUNTED_STATUSES, Obligation, Publication, PublicationStatus
from tests.pdftext import pdf_text


class Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """load_demo once, inside a transaction rolled back when the module is done."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                out = io.StringIO()
                call_command("load_demo", stdout=out)
                yield out.getvalue()
                raise Rollback
        except Rollback:
            pass


pytestmark = pytest.mark.django_db


def _published_in(round_: Round) -> set[int]:
    """Units with a record published (or later superseded) within the round's period."""
    start, end = Period(round_.period_start, round_.period_end).bounds()
    return set(
        Publication.objects.filter(
            status__in=COUNTED_STATUSES, published_at__gte=start, published_at__lt=end
        ).values_list("unit_id", flat=True)
    )


def _district_open():
    """The open quarter on the district's system (the ledger round is open too)."""
    return Round.objects.filter(status=RoundStatus.OPEN).exclude(
        name=ledger_round_plan(timezone.localdate())[0]
    )


def test_closed_rounds_of_the_year(demo):
    rounds = list(Round.objects.filter(status=RoundStatus.CLOSED))
    kinds = sorted(r.kind for r in rounds)
    assert kinds == sorted([RoundKind.QUARTERLY] * 4 + [RoundKind.MONTHLY, RoundKind.YEARLY])
    assert _district_open().count() == 1
    # and the year's open round on the 互动交流 and 舆情 ledgers (issue 24)
    assert (
        Round.objects.filter(status=RoundStatus.OPEN, name=ledger_round_plan(timezone.localdate())[0]).count()
        == 1
    )
    today = timezone.localdate()
    assert all(r.period_end < today for r in rounds)
    for r in rounds:
        assert r.results.count() == r.units.count() > 50
        assert ExpectedDisclosure.objects.filter(round=r).exists()


def test_no_silent_unit_outranks_the_median_publisher(demo):
    """For every closed round: a unit that published nothing in the period scores at most the median total of the
    units that published."""
    for round_ in Round.objects.filter(status=RoundStatus.CLOSED):
        totals = dict(UnitResult.objects.filter(round=round_).values_list("unit_id", "total"))
        published = _published_in(round_) & set(totals)
        silent = set(totals) - published
        assert published and silent, round_.name  # the demo has both kinds in every round
        median = statistics.median(totals[u] for u in published)
        assert all(totals[u] <= median for u in silent), round_.name


def test_silent_units_have_their_duties_as_missing_evidence(demo):
    latest = selectors.latest_closed_round()
    silent = UnitResult.objects.filter(round=latest).order_by("-rank").first()
    missing = ExpectedDisclosure.objects.filter(round=latest, unit=silent.unit, state="missing")
    assert (
        missing.exists()
        and not ExpectedDisclosure.objects.filter(round=latest, unit=silent.unit, state="on_time").exists()
    )
    score = latest.scores.get(unit=silent.unit, indicator__code="2")  # 按时公开率
    assert score.score == 0 and score.evidence.count() == missing.count()


def test_closed_rounds_recompute_to_their_figures(demo):
    for round_ in Round.objects.filter(status=RoundStatus.CLOSED):
        assert scoring.figures(services.recompute(round_)) == scoring.stored_figures(round_), round_.name


def test_export_latest_round_in_three_formats(demo, tmp_path):
    latest = selectors.latest_closed_round()
    top = (
        UnitResult.objects.filter(round=latest).select_related("unit").order_by("rank", "unit__code").first()
    )
    paths = {}
    for fmt in ("xlsx", "pdf", "csv"):
        paths[fmt] = tmp_path / f"latest.{fmt}"
        call_command("assessment_export", "--round", "latest", "--format", fmt, "--output", str(paths[fmt]))
    ws = load_workbook(paths["xlsx"])["排名"]
    assert ws["A1"].value == f"{latest.name}政务公开工作考核结果通报"
    assert "杭州市拱墅区人民政府" in ws["A2"].value
    first = next(ws.iter_rows(min_row=5, values_only=True))
    assert first[:2] == (1, top.unit.name) and round(first[-2], 2) == float(top.total)
    rows = list(csv.reader(io.StringIO(paths["csv"].read_bytes().decode("utf-8-sig"))))
    assert rows[3][:2] == ["1", top.unit.name] and rows[3][-1].endswith("%")
    text = pdf_text(paths["pdf"].read_bytes())
    assert latest.name in text and top.unit.name in text and "杭州市拱墅区人民政府" in text
    assert "GS-" not in text  # no internal codes


def test_ranking_command_prints_top_and_bottom_with_evidence(demo):
    out = io.StringIO()
    call_command("assessment_ranking", "--round", "latest", "--top", "5", "--bottom", "5", stdout=out)
    text = out.getvalue()
    latest = selectors.latest_closed_round()
    last = UnitResult.objects.filter(round=latest).select_related("unit").order_by("-rank").first()
    assert latest.name in text and last.unit.name in text and "未公开" in text


def test_workspace_states_are_real_today(demo):
    board = deadlines.obligation_status(Obligation.objects.all(), timezone.localdate())
    assert board.overdue and board.due_soon and board.done
    assert Publication.objects.filter(status=PublicationStatus.WITHDRAWN).count() == 1
    assert Publication.objects.filter(status=PublicationStatus.SUPERSEDED).exists()
    assert (
        Publication.objects.filter(interprets__isnull=False, status=PublicationStatus.PUBLISHED).count() >= 2
    )
    assert Publication.objects.filter(status=PublicationStatus.DRAFT).exists()
    assert Rating.objects.count() > 50 and SupervisorReport.objects.count() >= 3
    assert DutyTrigger.objects.exists()
    assert not Publication.objects.filter(title__in=["通知", "公告", "公示"]).exists()


def test_dibao_documents_are_filed_under_social_assistance(demo):
    dibao = Publication.objects.get(title="拱墅区最低生活保障审核确认实施办法")
    fields = set(dibao.fulfilments.values_list("obligation__item__domain__code", flat=True))
    assert fields == {"social-assistance"}
    assert dibao.fulfilments.first().obligation.item.domain.is_active


def test_a_second_run_adds_nothing(demo):
    def counts():
        return (
            Publication.objects.count(),
            Round.objects.count(),
            ExpectedDisclosure.objects.count(),
            Rating.objects.count(),
            DutyTrigger.objects.count(),
            Obligation.objects.count(),
        )

    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before


# -- only what was due is scored; an open round says it is open (issue 21) ----------------------------------
def test_no_round_counts_a_duty_due_after_its_as_of_date(demo):
    """Every round's expected disclosures fell due inside its period and by its as-of date: the period's end
    for a closed round, today for the open one (nothing due later is missing "截至" the period's end)."""
    today = timezone.localdate()
    rounds = list(Round.objects.all())
    outside = {
        r.name: ExpectedDisclosure.objects.filter(round=r)
        .exclude(due_date__gte=r.period_start, due_date__lte=r.period_end if r.is_closed else today)
        .count()
        for r in rounds
    }
    assert outside == {r.name: 0 for r in rounds}
    current = _district_open().get()
    assert current.period_end > today and current.figures_as_of == today
    later = f"截至{current.period_end}"
    assert not ExpectedDisclosure.objects.filter(round=current, evidence__contains=later).exists()
    assert ExpectedDisclosure.objects.filter(round=current, evidence__contains=f"截至{today}").exists()
    for r in rounds:
        if r.is_closed:
            assert r.figures_as_of == r.period_end and r.snapshot["as_of"] == str(r.period_end), r.name


def test_closed_rounds_count_exactly_the_duties_due_in_their_period(demo):
    """What a closed round stored is what its period held: classified again from the data, over the whole
    period, the same rows come out."""
    for r in Round.objects.filter(status=RoundStatus.CLOSED):
        unit_ids = sorted(r.units.values_list("pk", flat=True))
        again = exp.classify(*exp.load(unit_ids, r.period_start, r.period_end), r.period_start, r.period_end)
        stored = r.snapshot["expected"]
        assert sorted(map(str, (d.as_list() for d in again))) == sorted(map(str, stored)), r.name
        assert ExpectedDisclosure.objects.filter(round=r).count() == len(stored), r.name


def test_the_open_round_is_provisional_in_its_exports(demo, tmp_path):
    current = _district_open().get()
    today = timezone.localdate()
    as_of = f"截至{today.year}年{today.month}月{today.day}日"
    out = io.StringIO()
    path = tmp_path / "open.csv"
    call_command(
        "assessment_export", "--round", str(current.pk), "--format", "csv", "--output", path, stdout=out
    )
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    for title in (rows[0][0], out.getvalue()):
        assert "暂定" in title and as_of in title and "考核结果通报" not in title
    ws = load_workbook(io.BytesIO(exports.to_xlsx(current)))["排名"]
    assert "暂定" in ws["A1"].value and as_of in ws["A1"].value
    out = io.StringIO()
    call_command("assessment_ranking", "--round", str(current.pk), stdout=out)
    assert "暂定" in out.getvalue() and as_of in out.getvalue()


def test_the_annual_report_says_which_rounds_it_is_built_from(demo):
    yearly = Round.objects.get(status=RoundStatus.CLOSED, kind=RoundKind.YEARLY)
    summary = selectors.annual_summary(yearly.period_end.year)
    assert [c["round"] for c in summary["columns"]] == [yearly]
    assert f"「{yearly.name}」" in summary["basis"]["note"] and "不再与之重复平均" in summary["basis"]["note"]


def test_the_demo_rates_again_after_a_rolled_back_load_in_a_warm_cache(demo):
    """A load whose ratings were rolled back (a test module, an interrupted load) leaves the rate limits it took
    in the cache — shared, on Redis; the next load's ratings come from their own visitors and are not refused."""
    from demo.assessment import rate_year

    today = timezone.localdate()
    try:
        with transaction.atomic():
            Rating.objects.all().delete()  # as if the earlier load had been rolled back; the cache still holds it
            again = rate_year(today)
            assert again == Rating.objects.count() == 90
            raise Rollback
    except Rollback:
        pass
