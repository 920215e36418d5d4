"""Demo assessment over the living demo year (idempotent): the templates, the district's indicator system, the
events found in the units' ledgers (应公开事件登记), citizens' ratings and supervisors' reports through the year,
and the rounds computed from that history — the last four quarters, last month's 月通报 and the assessment year
closed, the current quarter open; and an open round of the year that scores the 互动交流 and 舆情 ledgers.

The publishing loader (:mod:`demo.publishing`) has written the year's records; this loader reads its unanswered
events from ``data["story"]["triggers"]``. Ratings are recorded by the participation service and dated to their
day with :func:`set_rating_time`; the democratic review and the assessors' scores follow each unit's profile in
the story (:func:`demo.year.profile`) — a unit that published little is not praised by its assessors.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessment import services
from assessment.models import (
    AssessorGroup,
    DutyTrigger,
    IndicatorSystem,
    Round,
    RoundKind,
    RoundStatus,
    Scoring,
)
from demo.year import DILIGENT, SILENT, WEAK, moment, profile, year_start
from organizations.models import Unit
from participation import services as participation
from participation.models import Rating, SupervisorReport
from publishing.models import Obligation, Publication, PublicationStatus

TEMPLATE_KEY = "jindong-2021"


SYSTEM_DESCRIPTION = (
    "以金东区2021年细则（主动公开40分）为基础，按应公开事项考核按时公开、目录覆盖、栏目更新，"
    "并计入群众好差评、民主评议和多方评议，满分100分。"
)


def system_name(year: int) -> str:
    return f"{year}年度拱墅区政务公开考核指标（依金东区2021年细则）"


def set_rating_time(rating, moment_: datetime):
    """DEMO AND TEST DATA ONLY: date a citizen's rating (just recorded by the participation service).

    A queryset update after creation: the historical day of the story, without touching any ``auto_now``."""
    type(rating).objects.filter(pk=rating.pk).update(created_at=moment_, day=timezone.localdate(moment_))
    rating.created_at = moment_
    return rating


# -- the indicator system ----------------------------------------------------------------------------------
EXTRA_INDICATORS = [
    # code, name, scoring, points, computation, nothing due, criteria
    (
        "2",
        "应公开事项按时公开率",
        Scoring.RATE,
        15,
        "ontime_rate",
        "excluded",
        "按时公开的应公开事项 ÷ 考核期内应公开事项（定期、限时、栏目），逾期和未公开均不得分。",
    ),
    (
        "3",
        "标准目录覆盖",
        Scoring.RATE,
        10,
        "catalog_coverage",
        "excluded",
        "有公开记录的公开义务 ÷ 有效公开义务。",
    ),
    (
        "4",
        "栏目更新",
        Scoring.DEDUCTION,
        10,
        "stale_columns",
        "neutral",
        "每个空白或超过更新周期未更新的栏目扣2分，扣完为止。",
    ),
    ("5", "群众好差评", Scoring.RATE, 5, "citizen_ratings", "neutral", "好评 ÷（好评 + 差评）。"),
    (
        "6",
        "民主评议",
        Scoring.BALLOT,
        10,
        "",
        "excluded",
        "满意100、基本满意85、一般70、不满意55，不了解不计票；按评议得分折算。",
    ),
    (
        "7",
        "多方评议（政府、人大、公众、第三方）",
        Scoring.MANUAL,
        10,
        "",
        "excluded",
        "评估主体按工作台账、现场检查情况评分。",
    ),
]


def district_system(office, year: int) -> IndicatorSystem:
    system = IndicatorSystem.objects.filter(name=system_name(year), year=year).first()
    if system is not None:
        return system
    template = IndicatorSystem.objects.get(template_key=TEMPLATE_KEY)
    system = services.copy_system(
        user=office, source=template, year=year, name=system_name(year), description=SYSTEM_DESCRIPTION
    )
    # the district's reading of 金东区 1.1: every duty due in the period, not only records formed (issue 12)
    for indicator in system.indicators.filter(code="1.1"):
        services.change_indicator(
            user=office, indicator=indicator, changes={"name": "应公开事项未在时限内公开（逾期公开、未公开）"}
        )
    for code, name, method, points, computation, nothing_due, criteria in EXTRA_INDICATORS:
        services.add_indicator(
            user=office,
            system=system,
            code=code,
            name=name,
            scoring=method,
            max_points=points,
            computation=computation,
            deduction_per=2 if method == Scoring.DEDUCTION else None,
            criteria=criteria,
            when_nothing_due=nothing_due,
        )
    return system


# -- the year's events, ratings and reports -----------------------------------------------------------------
def record_triggers(office, triggers) -> int:
    existing = set(DutyTrigger.objects.values_list("obligation_id", "occurred_on"))
    obligations = Obligation.objects.in_bulk([pk for pk, _day, _text in triggers])
    made = 0
    for pk, day, text in triggers:
        if (pk, day) in existing or pk not in obligations:
            continue
        services.record_trigger(user=office, obligation=obligations[pk], occurred_on=day, description=text)
        made += 1
    return made


RATING_COMMENTS = {
    "bad": [
        ("信息发布太晚，办完事才看到", "outdated"),
        ("附件打不开", "unclear"),
        ("内容不全，没有办理时限", "incomplete"),
    ],
}


def rate_year(today: date) -> int:
    """Citizens rate some records of most units: good mostly, bad more often for weak units."""
    if Rating.objects.exists():
        return 0
    records = list(
        Publication.objects.filter(status=PublicationStatus.PUBLISHED)
        .select_related("unit")
        .order_by("published_at", "pk")
    )
    rng = random.Random("ratings")
    # each load rates from its own (documentation-range) addresses: a load after a rolled-back or dropped one
    # meets the rate limits the earlier load left in a shared cache (Redis, a test process) otherwise
    visitors = f"2001:db8:{secrets.randbits(32):x}"
    count = 0
    for publication in rng.sample(records, min(90, len(records))):
        bad_chance = 0.45 if profile(publication.unit.code) == WEAK else 0.12
        value = "bad" if rng.random() < bad_chance else "good"
        comment, reason = rng.choice(RATING_COMMENTS["bad"]) if value == "bad" else ("", "")
        day = timezone.localdate(publication.published_at) + timedelta(days=rng.randint(0, 20))
        rating = participation.rate(
            target_kind="publication",
            target_code=publication.index_number,
            value=value,
            comment=comment,
            reason=reason,
            ip=f"{visitors}::{count:x}",
            browser=f"demo-browser-{count}",
        )
        set_rating_time(rating, moment(min(day, today), 14, count % 60))
        count += 1
    return count


REPORTS = [
    (
        "GS-XH",
        "小河街道避灾安置场所信息更新不及时",
        "街道网站公布的避灾安置场所联系人已调整，页面仍为旧信息，请督促更新。",
    ),
    ("GS-KJGY", "区科技工业区管委会信息公开栏目长期空白", "政府信息公开专栏“政策文件”栏目近半年无更新。"),
    ("GS-ST-02", "蜀山社区公示栏公示内容不全", "低保审核确认结果公示未写明异议反映渠道。"),
    (
        "GS-CGB",
        "区城中村改造工作办公室征收补偿信息未公开",
        "改造项目征收补偿方案未在网站公开，群众多次询问。",
    ),
]


def file_reports(users: dict) -> int:
    supervisor, office = users.get("supervisor"), users["office"]
    if supervisor is None or SupervisorReport.objects.exists():
        return 0
    units = {u.code: u for u in Unit.objects.filter(code__in=[r[0] for r in REPORTS])}
    for i, (code, subject, body) in enumerate(REPORTS):
        report = participation.file_report(user=supervisor, unit=units[code], subject=subject, body=body)
        if i == 0:
            participation.answer_report(
                user=office,
                report=report,
                answer="已转小河街道核实，相关页面已于3个工作日内更新。",
                close=True,
            )
    return len(REPORTS)


# -- rounds ----------------------------------------------------------------------------------------------
def quarter_of(day: date) -> tuple[date, date]:
    start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return start, start + relativedelta(months=3) - timedelta(days=1)


def quarter_name(start: date) -> str:
    return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"


def round_plan(today: date) -> tuple[list[tuple], tuple]:
    """(closed rounds, the open one) as (name, kind, start, end), relative to today."""
    current, _end = quarter_of(today)
    closed = []
    for back in (4, 3, 2, 1):
        start = current - relativedelta(months=3 * back)
        closed.append(
            (
                quarter_name(start),
                RoundKind.QUARTERLY,
                start,
                start + relativedelta(months=3) - timedelta(days=1),
            )
        )
    month_start = date(today.year, today.month, 1) - relativedelta(months=1)
    closed.append(
        (
            f"{month_start.year}年{month_start.month}月",
            RoundKind.MONTHLY,
            month_start,
            date(today.year, today.month, 1) - timedelta(days=1),
        )
    )
    year_from, year_to = year_start(today), current - timedelta(days=1)
    closed.append(
        (
            f"{year_to.year}考核年度（{year_from.year}年{year_from.month}月至{year_to.year}年{year_to.month}月）",
            RoundKind.YEARLY,
            year_from,
            year_to,
        )
    )
    return closed, (quarter_name(current), RoundKind.QUARTERLY, current, _end)


# -- the 互动交流 and 舆情 round (issue 24) --------------------------------------------------------------------
LEDGER_TEMPLATE_KEY = "interaction-opinion"


def ledger_round_plan(today: date) -> tuple[str, str, date, date]:
    """(name, kind, start, end) of the open round over the demo year that scores the message and 舆情 ledgers."""
    start = year_start(today)
    _current, end = quarter_of(today)
    return (f"{end.year}年度互动交流与政务舆情回应考核", RoundKind.YEARLY, start, end)


def ledger_round(office, today: date) -> Round:
    """A year's system copied from the 互动交流与政务舆情回应 template and its open round, computed: the demo's 40
    messages (some late, some unanswered for months) and three 舆情 entries (one missed) scored with their
    evidence lines."""
    name, kind, start, end = ledger_round_plan(today)
    existing = Round.objects.filter(name=name, period_start=start, period_end=end).first()
    if existing is not None:
        return existing
    template = IndicatorSystem.objects.get(template_key=LEDGER_TEMPLATE_KEY)
    system = IndicatorSystem.objects.filter(name=name, year=end.year).first() or services.copy_system(
        user=office, source=template, year=end.year, name=name
    )
    round_ = services.open_round(
        user=office, system=system, name=name, kind=kind, period_start=start, period_end=end
    )
    services.compute_round(round=round_, user=office)
    return round_


def _score_by_profile(rng: random.Random, unit: Unit) -> tuple[dict, int]:
    """Ballots and the assessors' percentage, following the unit's work in the story."""
    p = profile(unit.code)
    base = {DILIGENT: (26, 10, 2, 0), WEAK: (12, 12, 8, 4), SILENT: (6, 10, 12, 8)}.get(p, (18, 12, 5, 1))
    counts = {g: max(0, n + rng.randint(-2, 2)) for g, n in zip("ABCD", base, strict=True)}
    counts["F"] = max(0, 40 - sum(counts.values()))
    pct = {DILIGENT: (85, 98), WEAK: (55, 72), SILENT: (40, 60)}.get(p, (70, 86))
    return counts, rng.randint(*pct)


def score_round(round_: Round, office, auditor) -> None:
    """The democratic review and the assessors' scores: the office every round, the third-party auditor in the
    yearly one."""
    manual = list(round_.system.indicators.filter(scoring=Scoring.MANUAL))
    assessors = [office] + ([auditor] if auditor is not None and round_.kind == RoundKind.YEARLY else [])
    for unit in round_.units.order_by("code"):
        rng = random.Random(f"{round_.name}-{unit.code}")
        counts, pct = _score_by_profile(rng, unit)
        services.record_tally(
            user=office, round=round_, unit=unit, counts=counts, note="政风行风民主评议会，评议代表40名"
        )
        for indicator in manual:
            for assessor in assessors:
                points = (indicator.max_points * Decimal(pct + rng.randint(-3, 3)) / 100).quantize(
                    Decimal("0.1")
                )
                points = min(max(points, Decimal(0)), indicator.max_points)
                services.enter_score(
                    user=assessor,
                    round=round_,
                    unit=unit,
                    indicator=indicator,
                    score=points,
                    comment="台账齐全，公开栏更新及时。"
                    if pct >= 85
                    else "台账不全，公开栏更新不及时，须整改。",
                )


def open_and_close(office, auditor, system, name, kind, start, end, close: bool) -> Round:
    existing = Round.objects.filter(name=name, period_start=start, period_end=end).first()
    if existing is not None:
        return existing
    round_ = services.open_round(
        user=office, system=system, name=name, kind=kind, period_start=start, period_end=end
    )
    score_round(round_, office, auditor)
    if not close:
        services.compute_round(round=round_, user=office)
        return round_
    services.finish_scoring(user=office, round=round_)
    services.review_round(user=office, round=round_)
    return services.close_round(user=office, round=round_)


@transaction.atomic
def load(data: dict) -> dict:
    summary = services.load_templates()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["office", "auditor", "supervisor"])
    }
    if "office" not in users:
        return {**summary, "rounds": 0}
    office, auditor = users["office"], users.get("auditor")
    services.add_assessor(user=office, group=AssessorGroup.objects.get(code="government"), account=office)
    if auditor is not None:
        services.add_assessor(
            user=office, group=AssessorGroup.objects.get(code="third-party"), account=auditor
        )
    today = timezone.localdate()
    summary["triggers"] = record_triggers(office, data.get("story", {}).get("triggers", []))
    summary["ratings"] = rate_year(today)
    summary["reports"] = file_reports(users)
    system = district_system(office, today.year)
    closed, current = round_plan(today)
    rounds = [
        open_and_close(office, auditor, system, name, kind, start, end, close=True)
        for name, kind, start, end in closed
    ]
    name, kind, start, end = current
    rounds.append(open_and_close(office, auditor, system, name, kind, start, end, close=False))
    rounds.append(ledger_round(office, today))
    summary["rounds"] = len(rounds)
    summary["closed"] = sum(
        r.status == RoundStatus.CLOSED for r in Round.objects.filter(pk__in=[r.pk for r in rounds])
    )
    return summary
