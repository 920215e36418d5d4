"""Demo assessment: the templates, a 2025 system on the 金东区 rubric, and a scored, CLOSED round
(2025年第三季度) computed from the demo district's publishing data (idempotent).

The demo district has obligations but no publications, so this loader replays a quarter of disclosure work:
the demo officers draft, submit and publish a dozen records through the publishing services (today, with every
check the services make), and :func:`set_historical_times` then gives each record the date it stands for in the
story — some on time, some late, one 规范性文件 without its interpretation; citizens leave a few ratings
(back-dated the same way by :func:`set_rating_time`); the democratic review is counted; the office and the
third-party assessor score the manual indicator; then the office computes, reviews and closes the round.

Nothing patches the clock: the services run at the real time, and the two demo-only helpers below rewrite the
timestamps of the rows they just wrote, explicitly and inside the same transaction.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organizations.models import Unit

from . import services
from .models import AssessorGroup, IndicatorSystem, Round, RoundKind, RoundStatus, Scoring

SYSTEM_NAME = "2025年度拱墅区政务公开考核指标（依金东区2021年细则）"
ROUND_NAME = "2025年第三季度"
PERIOD = (date(2025, 7, 1), date(2025, 9, 30))

# (unit, author, approver, title, 文号, item code, formed on, published on, interprets title)
PUBLICATIONS = [
    (
        "GS-JYJ",
        "officer_jyj",
        "reviewer_jyj",
        "拱墅区义务教育阶段学校招生入学工作实施办法",
        "拱教〔2025〕12号",
        "GS-YWJY-01-01",
        date(2025, 7, 3),
        date(2025, 7, 8),
        None,
    ),
    (
        "GS-JYJ",
        "officer_jyj",
        "reviewer_jyj",
        "《拱墅区义务教育阶段学校招生入学工作实施办法》政策解读",
        "",
        "GS-YWJY-01-01",
        date(2025, 7, 3),
        date(2025, 7, 8),
        "拱墅区义务教育阶段学校招生入学工作实施办法",
    ),
    (
        "GS-JYJ",
        "officer_jyj",
        "reviewer_jyj",
        "拱墅区中小学课后服务管理办法",
        "拱教〔2025〕18号",
        "GS-YWJY-01-01",
        date(2025, 8, 18),
        date(2025, 8, 25),
        None,
    ),
    (
        "GS-JYJ",
        "officer_jyj",
        "reviewer_jyj",
        "2025年拱墅区公办初中学区划分情况公告",
        "",
        "GS-YWJY-01-02",
        date(2025, 7, 14),
        date(2025, 8, 29),
        None,
    ),
    (
        "GS-MZJ",
        "officer_mzj",
        "office",
        "拱墅区自然灾害救助应急预案（2025年修订）",
        "拱民〔2025〕9号",
        "GS-JZ-01-02",
        date(2025, 7, 20),
        date(2025, 7, 30),
        None,
    ),
    (
        "GS-MZJ",
        "officer_mzj",
        "office",
        "拱墅区最低生活保障审核确认实施办法",
        "拱民〔2025〕11号",
        "GS-JZ-01-01",
        date(2025, 8, 1),
        date(2025, 9, 26),
        None,
    ),
    (
        "GS-HS",
        "officer_hushu",
        "reviewer_hushu",
        "湖墅街道2025年避灾安置场所名录",
        "",
        "GS-JZ-02-02",
        date(2025, 7, 7),
        date(2025, 7, 15),
        None,
    ),
    (
        "GS-HS",
        "officer_hushu",
        "reviewer_hushu",
        "湖墅街道综合减灾示范社区创建工作公示",
        "",
        "GS-JZ-02-01",
        date(2025, 8, 4),
        date(2025, 8, 12),
        None,
    ),
    (
        "GS-HS-01",
        "officer_community",
        "reviewer_hushu",
        "卖鱼桥社区公共租赁住房申请家庭初审公示（2025年9月）",
        "",
        "GS-BZF-03-01",
        date(2025, 9, 1),
        date(2025, 9, 12),
        None,
    ),
    (
        "GS-XH",
        "officer_xiaohe",
        "office",
        "小河街道避灾安置场所分布及联系方式",
        "",
        "GS-JZ-02-02",
        date(2025, 7, 1),
        date(2025, 8, 20),
        None,
    ),
    (
        "GS-XH",
        "officer_xiaohe",
        "office",
        "通知",
        "",
        "GS-WFGZ-02-02",
        date(2025, 9, 1),
        date(2025, 9, 5),
        None,
    ),
]

# (publication title, good, bad, comment on the bad ones)
RATINGS = [
    ("湖墅街道2025年避灾安置场所名录", 4, 0, ""),
    ("拱墅区义务教育阶段学校招生入学工作实施办法", 3, 1, "附件下载不了"),
    ("小河街道避灾安置场所分布及联系方式", 1, 2, "信息发布太晚"),
    ("卖鱼桥社区公共租赁住房申请家庭初审公示（2025年9月）", 2, 0, ""),
]


#: When each step of the replayed workflow happened on the publication day (hour, minute).
WORKFLOW_TIMES = {"create": (9, 0), "edit": (9, 0), "submit": (9, 0), "approve": (10, 0), "publish": (10, 30)}


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def set_historical_times(publication, day: date, times: dict | None = None):
    """DEMO AND TEST DATA ONLY: move a publication that the publishing services have just published to ``day``.

    The services stamp everything with the real time; a demo (or a test) that tells the story of a past quarter
    needs the record to have been drafted, reviewed and published on ``day``. This rewrites, for this one
    publication: its ``created_at``/``updated_at``/``published_at``, the ``at`` of its workflow events (each step
    at its time in ``times``, default :data:`WORKFLOW_TIMES`), and the timeliness of its fulfilments
    (on time / working days late), recomputed by the publishing deadline rules for the new publication day
    and recorded in the fulfilments' history. Queryset updates are used on purpose — the event log is
    append-only for every other caller. Refuses anything that is not published. Returns the fresh row.
    """
    from simple_history.utils import bulk_update_with_history

    from publishing import deadlines
    from publishing.models import Publication, PublicationEvent, PublicationStatus

    times = {**WORKFLOW_TIMES, **(times or {})}
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != PublicationStatus.PUBLISHED:
        raise ValueError("set_historical_times: only a just-published record can be back-dated")
    published_at = _moment(day, *times["publish"])
    for action, (hour, minute) in times.items():
        PublicationEvent.objects.filter(publication=publication, action=action).update(
            at=_moment(day, hour, minute)
        )
    Publication.objects.filter(pk=publication.pk).update(
        created_at=_moment(day, *times["create"]), updated_at=published_at, published_at=published_at
    )
    fulfilments = list(publication.fulfilments.all())
    for f in fulfilments:
        f.on_time, f.late_workdays = deadlines.timeliness(f.due_date, day)
    if fulfilments:
        bulk_update_with_history(
            fulfilments,
            type(fulfilments[0]),
            ["on_time", "late_workdays"],
            default_change_reason="演示数据：按历史发布日期重算",
        )
    publication.refresh_from_db()
    return publication


def set_rating_time(rating, moment: datetime):
    """DEMO AND TEST DATA ONLY: date a citizen's rating (just recorded by the participation service) ``moment``."""
    type(rating).objects.filter(pk=rating.pk).update(created_at=moment)
    rating.created_at = moment
    return rating


def _replay_publications(users: dict) -> int:
    from publishing import services as pub
    from publishing.models import Obligation, Publication

    created = 0
    by_title: dict[str, Publication] = {}
    for (
        unit_code,
        author,
        approver,
        title,
        doc,
        item_code,
        formed_on,
        published_on,
        interprets,
    ) in PUBLICATIONS:
        unit = Unit.objects.get(code=unit_code)
        existing = Publication.objects.filter(unit=unit, title=title).first()
        if existing is not None:
            by_title[title] = existing
            continue
        obligations = list(Obligation.objects.active().filter(unit=unit, item__code=item_code))
        publication = pub.create_publication(
            user=users[author],
            unit=unit,
            title=title,
            body=f"<p>{title}</p>",
            formed_on=formed_on,
            obligations=obligations,
            doc_number=doc,
            interprets=by_title.get(interprets) if interprets else None,
        )
        pub.submit(user=users[author], publication=publication)
        pub.approve(user=users[approver], publication=publication, comment="保密审查通过")
        publication = pub.publish(user=users[author], publication=publication)
        by_title[title] = set_historical_times(publication, published_on)
        created += 1
    return created


def _replay_ratings() -> int:
    from participation import services as participation
    from participation.models import Rating
    from publishing.models import Publication

    if Rating.objects.filter(comment="信息发布太晚").exists():
        return 0
    count = 0
    for title, good, bad, comment in RATINGS:
        publication = Publication.objects.filter(title=title).first()
        if publication is None:
            continue
        day = timezone.localdate(publication.published_at)
        for i, value in enumerate(["good"] * good + ["bad"] * bad):
            rating = participation.rate(
                target_kind="publication",
                target_code=publication.index_number,
                target_label=publication.title,
                value=value,
                comment=comment if value == "bad" else "",
                ip=f"198.51.100.{10 + count}",
            )
            set_rating_time(rating, _moment(day, 14, i))
            count += 1
    return count


def _system(office) -> IndicatorSystem:
    system = IndicatorSystem.objects.filter(name=SYSTEM_NAME, year=2025).first()
    if system is not None:
        return system
    template = IndicatorSystem.objects.get(template_key="jindong-2021")
    system = services.copy_system(user=office, source=template, year=2025, name=SYSTEM_NAME)
    system.description = (
        "以金东区2021年细则（主动公开40分）为基础，增加民主评议、群众好差评、目录覆盖和多方评议。"
    )
    system.save()
    services.add_indicator(
        user=office,
        system=system,
        code="2",
        name="民主评议",
        scoring=Scoring.BALLOT,
        max_points=10,
        criteria="满意100、基本满意85、一般70、不满意55，不了解不计票；按评议得分折算。",
    )
    services.add_indicator(
        user=office,
        system=system,
        code="3",
        name="群众好差评",
        scoring=Scoring.RATE,
        max_points=5,
        computation="citizen_ratings",
    )
    services.add_indicator(
        user=office,
        system=system,
        code="4",
        name="标准目录覆盖",
        scoring=Scoring.RATE,
        max_points=5,
        computation="catalog_coverage",
    )
    services.add_indicator(
        user=office,
        system=system,
        code="5",
        name="多方评议（政府、人大、公众、第三方）",
        scoring=Scoring.MANUAL,
        max_points=10,
        criteria="评估主体按工作台账、现场检查情况评分。",
    )
    return system


@transaction.atomic
def load(data: dict) -> dict:
    summary = services.load_templates()
    User = get_user_model()
    existing = Round.objects.filter(name=ROUND_NAME, period_start=PERIOD[0], period_end=PERIOD[1]).first()
    if existing is not None and existing.status == RoundStatus.CLOSED:
        return {**summary, "round": existing.pk, "status": existing.status, "publications": 0, "ratings": 0}
    wanted = {row[1] for row in PUBLICATIONS} | {row[2] for row in PUBLICATIONS} | {"office", "auditor"}
    users = {u.username: u for u in User.objects.filter(username__in=wanted)}
    if "office" not in users:
        return {**summary, "round": None}
    office = users["office"]
    AssessorGroup.objects.get(code="government").members.add(office)
    if "auditor" in users:
        AssessorGroup.objects.get(code="third-party").members.add(users["auditor"])
    publications = _replay_publications(users) if wanted <= set(users) else 0
    ratings = _replay_ratings()
    system = _system(office)
    round_ = existing or services.open_round(
        user=office,
        system=system,
        name=ROUND_NAME,
        kind=RoundKind.QUARTERLY,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
    )
    if round_.status != RoundStatus.OPEN:
        round_ = services.reopen_round(user=office, round=round_)
    manual = system.indicators.filter(scoring=Scoring.MANUAL)
    assessors = [u for u in (office, users.get("auditor")) if u is not None]
    for unit in round_.units.order_by("code"):
        rng = random.Random(unit.code)
        a, b, c, d = rng.randint(18, 30), rng.randint(6, 14), rng.randint(0, 5), rng.randint(0, 2)
        services.record_tally(
            user=office,
            round=round_,
            unit=unit,
            counts={"A": a, "B": b, "C": c, "D": d, "F": 40 - a - b - c - d if a + b + c + d < 40 else 1},
            note="2025年10月政风行风民主评议会，评议代表40名",
        )
        for indicator in manual:
            for assessor in assessors:
                points = (indicator.max_points * Decimal(rng.randint(70, 100)) / 100).quantize(Decimal("0.1"))
                services.enter_score(
                    user=assessor,
                    round=round_,
                    unit=unit,
                    indicator=indicator,
                    score=points,
                    comment="台账齐全，现场检查公开栏更新及时。" if points >= 9 else "公开栏更新不够及时。",
                )
    services.finish_scoring(user=office, round=round_)
    services.review_round(user=office, round=round_)
    round_ = services.close_round(user=office, round=round_)
    return {
        **summary,
        "round": round_.pk,
        "status": round_.status,
        "publications": publications,
        "ratings": ratings,
    }
