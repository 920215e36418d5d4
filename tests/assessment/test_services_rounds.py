"""Rounds: the 金东区 rubric on the known quarter, the life cycle, immutability, recompute from the snapshot."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessment import scoring, services
from assessment.models import (
    AssessorGroup,
    Indicator,
    IndicatorScore,
    IndicatorSystem,
    ManualScore,
    ReviewTally,
    RoundStatus,
    UnitResult,
)
from publishing import services as pub

from .conftest import close, publish_at

pytestmark = pytest.mark.django_db


def test_templates_load_once_with_the_rubrics(templates):
    assert set(templates) == {"licheng-2020", "jindong-2021", "national-index", "interaction-opinion"}
    licheng = {i.code: i for i in templates["licheng-2020"].indicators.all()}
    assert [licheng[c].max_points for c in ("1", "2", "3", "4")] == [10, 10, 6, 6]
    assert licheng["1.1"].deduction_per == 5 and licheng["1.2"].deduction_per == 1
    jindong = {i.code: i for i in templates["jindong-2021"].indicators.all()}
    assert (
        jindong["1"].max_points == 40
        and jindong["1.1"].deduction_per == 2
        and jindong["1.2"].deduction_per == 4
    )
    national = templates["national-index"].indicators.filter(parent=None)
    assert [i.name for i in national] == [
        "决策公开",
        "管理服务公开",
        "执行和结果公开",
        "政务公开平台建设",
        "依申请公开",
    ]
    ledgers = {i.code: i for i in templates["interaction-opinion"].indicators.all()}
    assert [ledgers[c].max_points for c in ("1", "2")] == [10, 10]
    assert [ledgers[c].deduction_per for c in ("1.1", "1.2", "1.3")] == [1, 3, 10]  # 1.3: the whole pool
    assert [ledgers[c].params for c in ("1.1", "1.2", "1.3")] == [
        {},
        {"waiting_months": 2},
        {"waiting_months": 3},
    ]
    assert ledgers["2"].computation == "opinion_responses" and ledgers["2"].scoring == "rate"
    assert services.load_templates() == {"templates": 0, "groups": 0}
    assert set(AssessorGroup.objects.values_list("name", flat=True)) == {"政府", "人大", "公众", "第三方"}


def test_copy_template_into_a_year(office, jindong, templates):
    assert not jindong.is_template and jindong.year == 2025
    assert jindong.indicators.count() == templates["jindong-2021"].indicators.count() == 3
    assert Indicator.history.filter(system=jindong).count() == 3  # history registered on the MPTT model


def test_jindong_round_on_the_known_quarter(d, quarter, open_q3):
    services.compute_round(round=open_q3)
    s1 = UnitResult.objects.get(round=open_q3, unit=d["s1"])
    s2 = UnitResult.objects.get(round=open_q3, unit=d["s2"])
    # 湖墅街道: 40 − 1 late item × 2 − 1 规范性文件 without interpretation × 4 = 34
    # 小河街道: nothing due in the quarter (no record, no registered event): 1.1 says what it does then —
    # neutral, the mean of the units that had duties (−2) — and 1.2 full (no policy document): 40 − 2 = 38
    assert (s1.total, s2.total) == (Decimal("34.00"), Decimal("38.00"))
    assert (s2.rank, s1.rank) == (1, 2)
    neutral = IndicatorScore.objects.get(round=open_q3, unit=d["s2"], indicator__code="1.1")
    assert neutral.score == Decimal("-2.00") and neutral.details["nothing_due"] is True
    assert neutral.details["policy"] == "neutral" and "平均分" in neutral.details["note"]
    late = IndicatorScore.objects.get(round=open_q3, unit=d["s1"], indicator__code="1.1")
    assert late.score == Decimal("-2.00")
    assert [(e.content_type.model, e.object_id) for e in late.evidence.all()] == [
        ("publication", quarter["p2"].pk)
    ]
    # 1.2: −4 per 规范性文件 without its interpretation: P3 has none (P4's came the same day) → 1 × −4 = −4
    interp = IndicatorScore.objects.get(round=open_q3, unit=d["s1"], indicator__code="1.2")
    assert interp.score == Decimal("-4.00")
    assert [(e.content_type.model, e.object_id) for e in interp.evidence.all()] == [
        ("publication", quarter["p3"].pk)
    ]
    # 主动公开 pool: 40 − 2 − 4 = 34
    assert IndicatorScore.objects.get(round=open_q3, unit=d["s1"], indicator__code="1").score == Decimal(
        "34.00"
    )
    assert s1.by_domain == {"compulsory-education": [1, 1]}


def test_officer_and_auditor_cannot_run_the_round(office, people, open_q3):
    for user in (people["s1_officer"], people["auditor"]):
        with pytest.raises(PermissionDenied):
            services.finish_scoring(user=user, round=open_q3)
    with pytest.raises(ValidationError):
        services.close_round(user=office, round=open_q3)  # not reviewed yet


def test_officer_cannot_close_a_reviewed_round(office, people, open_q3):
    services.finish_scoring(user=office, round=open_q3)
    services.review_round(user=office, round=open_q3)
    with pytest.raises(PermissionDenied):
        services.close_round(user=people["s1_officer"], round=open_q3)
    assert services.close_round(user=office, round=open_q3).status == RoundStatus.CLOSED


def test_assessors_score_while_open_with_validated_evidence(d, office, people, jindong, open_q3):
    from django.core.files.uploadedfile import SimpleUploadedFile

    manual = services.add_indicator(
        user=office, system=jindong, code="2", name="多方评议", scoring="manual", max_points=10
    )
    AssessorGroup.objects.get(code="third-party").members.add(people["auditor"])
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    entry = services.enter_score(
        user=people["auditor"],
        round=open_q3,
        unit=d["s1"],
        indicator=manual,
        score="8.5",
        comment="台账齐全",
        file=pdf,
    )
    assert entry.group.code == "third-party" and entry.file_type == "application/pdf"
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.enter_score(
            user=people["auditor"], round=open_q3, unit=d["s1"], indicator=manual, score=8, file=fake
        )
    with pytest.raises(ValidationError):  # above the indicator's points
        services.enter_score(user=people["auditor"], round=open_q3, unit=d["s1"], indicator=manual, score=11)
    with pytest.raises(PermissionDenied):  # a unit's officer does not score
        services.enter_score(
            user=people["s1_officer"], round=open_q3, unit=d["s1"], indicator=manual, score=5
        )
    tally = services.record_tally(
        user=people["auditor"],
        round=open_q3,
        unit=d["s1"],
        ballots=["A"] * 10 + ["B"] * 5 + ["C"] * 3 + ["D"] * 2 + ["F"] * 4,
    )
    assert scoring.ballot_score(tally.counts()) == Decimal("87.25")


@pytest.fixture
def closed_q3(d, office, people, quarter, jindong, open_q3):
    manual = services.add_indicator(
        user=office, system=jindong, code="2", name="多方评议", scoring="manual", max_points=10
    )
    services.add_indicator(
        user=office, system=jindong, code="3", name="民主评议", scoring="ballot", max_points=10
    )
    AssessorGroup.objects.get(code="third-party").members.add(people["auditor"])
    services.enter_score(user=people["auditor"], round=open_q3, unit=d["s1"], indicator=manual, score=8)
    services.record_tally(
        user=office, round=open_q3, unit=d["s1"], counts={"A": 10, "B": 5, "C": 3, "D": 2, "F": 4}
    )
    return close(office, open_q3)


def test_closed_round_is_immutable(d, office, people, closed_q3):
    with pytest.raises(ValidationError):
        closed_q3.save()
    with pytest.raises(ValidationError):
        closed_q3.delete()
    with pytest.raises(ValidationError), transaction.atomic():
        closed_q3.units.add(d["c11"])
    for model in (IndicatorScore, UnitResult, ManualScore, ReviewTally):
        row = model.objects.filter(round=closed_q3).first()
        with pytest.raises(ValidationError):
            row.save()
        with pytest.raises(ValidationError):
            row.delete()
    with pytest.raises(ValidationError):
        services.compute_round(round=closed_q3)
    with pytest.raises(ValidationError):
        services.reopen_round(user=office, round=closed_q3)
    manual = Indicator.objects.get(system=closed_q3.system, code="2")
    with pytest.raises(ValidationError):
        services.enter_score(user=people["auditor"], round=closed_q3, unit=d["s1"], indicator=manual, score=1)
    with pytest.raises(ValidationError):
        services.record_tally(user=office, round=closed_q3, unit=d["s1"], ballots=["A"])
    with pytest.raises(ValidationError):
        services.add_indicator(
            user=office, system=closed_q3.system, code="9", name="新增", scoring="manual", max_points=1
        )


def test_recompute_of_a_closed_round_reproduces_its_figures(d, office, people, quarter, closed_q3):
    stored = scoring.stored_figures(closed_q3)
    # 湖墅街道: 34 (主动公开) + 8 (多方评议) + 8.73 (民主评议 87.25 → 10 × 0.8725) = 50.73
    assert stored[d["s1"].pk][0] == "50.73"
    # the data moves on: a late record in the quarter's window, an interpretation, new weights, a new unit
    publish_at(
        people,
        d["s1"],
        "湖墅街道补发教育政策",
        formed_on=date(2025, 7, 1),
        published_on=date(2025, 9, 20),
        obligations=[pub_obligation(d["s1"])],
    )
    publish_at(
        people,
        d["s1"],
        "《湖墅街道社区教育规范性文件》解读",
        formed_on=date(2025, 8, 1),
        published_on=date(2025, 8, 8),
        interprets=quarter["p3"],
    )
    AssessorGroup.objects.update(weight=Decimal("0.01"))
    IndicatorSystem.objects.filter(pk=closed_q3.system_id).update(name="改名")
    Indicator.objects.filter(system=closed_q3.system, code="1").update(max_points=Decimal("99"))
    again = services.recompute(closed_q3)
    assert scoring.figures(again) == stored
    # an open round over the same data would now score differently
    fresh = services.open_round(
        user=office,
        system=closed_q3.system,
        name="复核",
        kind="quarterly",
        period_start=closed_q3.period_start,
        period_end=closed_q3.period_end,
        units=[d["s1"], d["s2"]],
    )
    assert scoring.figures(services.recompute(fresh)) != stored


def pub_obligation(unit):
    from publishing.models import Obligation

    return Obligation.objects.get(unit=unit)


def test_nightly_task_computes_open_rounds_only(d, office, quarter, open_q3, settings):
    from assessment.tasks import compute_open_rounds

    assert "assessment-compute-open-rounds" in settings.CELERY_BEAT_SCHEDULE
    assert compute_open_rounds() == [open_q3.pk]
    assert UnitResult.objects.filter(round=open_q3).count() == 2
    _ = pub  # the publishing services are used through the conftest helpers
