"""The demo year's story records (DEMO DATA ONLY), written through the publishing services.

Each record is drafted, submitted, approved (by a reviewer, never the author) and published by the services at
the real time, then :func:`set_historical_times` dates it to its day in the story (``days_ago`` before today).
Among them: policy documents (规范性文件) with and without their interpretation (政策解读), the 低保 documents
filed under 社会救助, a 公示 withdrawn for a privacy slip and published again, figures superseded by a
corrected record, and records still on their way — a draft formed long ago (overdue today) and one submitted
for review whose deadline falls within the week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from workdays import engine

from . import deadlines
from . import services as pub
from .demo_year import moment
from .models import Obligation, Publication, PublicationEvent, PublicationStatus

#: When each step of the replayed workflow happened on the publication day (hour, minute).
WORKFLOW_TIMES = {"create": (9, 0), "edit": (9, 0), "submit": (9, 0), "approve": (10, 0), "publish": (10, 30)}


@dataclass(frozen=True)
class Story:
    unit: str
    item: str
    title: str
    body: str
    formed_ago: int
    published_ago: int | None  # None: still on its way (see ``stage``)
    doc: str = ""
    interprets: str = ""
    stage: str = "published"  # draft | submitted | published | withdrawn


def _policy(title: str, doc: str, points: list[str]) -> str:
    return (
        f"<p>各街道办事处，区级各部门：</p><p>《{title.split('》')[0].lstrip('《')}》已经区政府同意，现印发给你们，请认真贯彻执行。</p>"
        + "".join(f"<p>{'一二三四五六七八'[i]}、{p}</p>" for i, p in enumerate(points))
        + f'<p>本办法自印发之日起施行。</p><p style="text-align:right">{doc}</p>'
    )


def _reading(title: str, points: list[str]) -> str:
    return (
        f"<p>为便于公众理解{title}，现就有关内容解读如下。</p>"
        + "".join(f"<p>（{'一二三四五六'[i]}）{p}</p>" for i, p in enumerate(points))
        + "<p>咨询电话：0571-88258000（工作日8:30—17:00）。</p>"
    )


def _education(y: int) -> list[Story]:
    enrol = "拱墅区义务教育阶段学校招生入学工作实施办法"
    return [
        Story(
            "GS-JYJ",
            "GS-YWJY-01-01",
            enrol,
            _policy(
                enrol,
                f"拱教〔{y}〕12号",
                ["招生对象和入学条件", "学区划分和招生程序", "随迁子女入学保障", "监督举报渠道"],
            ),
            150,
            146,
            doc=f"拱教〔{y}〕12号",
        ),
        Story(
            "GS-JYJ",
            "GS-YWJY-01-01",
            f"《{enrol}》政策解读",
            _reading(
                f"《{enrol}》",
                [
                    "出台背景：落实义务教育免试就近入学要求",
                    "主要内容：学区划分、入学顺序和材料",
                    "与往年相比的变化",
                ],
            ),
            150,
            146,
            interprets=enrol,
        ),
        Story(
            "GS-JYJ",
            "GS-YWJY-01-01",
            "拱墅区中小学课后服务管理办法",
            _policy(
                "拱墅区中小学课后服务管理办法",
                f"拱教〔{y}〕18号",
                ["服务内容和时间", "收费和经费保障", "安全管理"],
            ),
            96,
            90,
            doc=f"拱教〔{y}〕18号",
        ),
        Story(
            "GS-JYJ",
            "GS-YWJY-01-02",
            f"{y}年拱墅区公办初中学区划分情况公告",
            "<p>根据招生入学工作实施办法，现将本年度公办初中学区划分公告如下：各初中对应小学及居住地段详见附表。</p>",
            80,
            38,
        ),
    ]


def _civil_affairs(y: int) -> list[Story]:
    dibao = "拱墅区最低生活保障审核确认实施办法"
    return [
        Story(
            "GS-MZJ",
            "GS-SHJZ-01-01",
            dibao,
            _policy(
                dibao,
                f"拱民〔{y}〕11号",
                ["申请条件和家庭经济状况核对", "街道审核确认程序和时限", "动态管理和退出", "公示和监督"],
            ),
            70,
            64,
            doc=f"拱民〔{y}〕11号",
        ),
        Story(
            "GS-MZJ",
            "GS-SHJZ-01-01",
            f"《{dibao}》政策解读",
            _reading(f"《{dibao}》", ["审核确认权限下放到街道", "家庭经济状况核对办法", "公示期和异议处理"]),
            70,
            59,
            interprets=dibao,
        ),
        Story(
            "GS-MZJ",
            "GS-SHJZ-01-01",
            f"关于调整{y}年度拱墅区最低生活保障标准的通知",
            "<p>经区政府同意，自本年7月1日起，全区城乡居民最低生活保障标准调整为每人每月1258元。</p>",
            160,
            155,
            doc=f"拱民〔{y}〕7号",
        ),
        Story(
            "GS-MZJ",
            "GS-JZ-01-02",
            f"拱墅区自然灾害救助应急预案（{y}年修订）",
            _policy(
                f"拱墅区自然灾害救助应急预案（{y}年修订）",
                f"拱民〔{y}〕9号",
                ["组织指挥体系", "应急准备", "信息报告和发布", "四级响应"],
            ),
            120,
            112,
            doc=f"拱民〔{y}〕9号",
        ),
    ]


def _streets(y: int) -> list[Story]:
    return [
        Story(
            "GS-HS",
            "GS-JZ-02-02",
            f"湖墅街道{y}年避灾安置场所名录",
            "<p>湖墅街道现有避灾安置场所6处，名称、地址、可容纳人数及管理员联系方式如下表。</p>",
            140,
            133,
        ),
        Story(
            "GS-HS",
            "GS-JZ-02-01",
            "湖墅街道综合减灾示范社区创建工作公示",
            "<p>经社区申报、街道初审，信义坊社区拟申报全国综合减灾示范社区，现予公示，公示期7个工作日。</p>",
            110,
            104,
        ),
        Story(
            "GS-HS-01",
            "GS-BZF-03-01",
            "卖鱼桥社区公共租赁住房申请家庭初审公示",
            "<p>经社区初审，以下3户家庭符合公共租赁住房申请条件，现予公示。</p>",
            45,
            40,
            stage="withdrawn",
        ),
        Story(
            "GS-HS-01",
            "GS-BZF-03-01",
            "卖鱼桥社区公共租赁住房申请家庭初审公示（重新发布）",
            "<p>经社区初审，以下3户家庭符合公共租赁住房申请条件，现予公示（已隐去身份证号码）。公示期7个工作日。</p>",
            45,
            39,
        ),
        Story(
            "GS-XH",
            "GS-JZ-02-02",
            "小河街道避灾安置场所分布及联系方式",
            "<p>小河街道避灾安置场所4处，分布及联系方式如下。</p>",
            130,
            85,
        ),
        Story(
            "GS-XH",
            "GS-WFGZ-02-02",
            f"小河街道{y}年危旧房治理改造任务分解表",
            "<p>根据区危旧房治理改造工作部署，现将本街道年度改造任务分解到社区。</p>",
            42,
            None,
            stage="draft",
        ),
        Story(
            "GS-HS",
            "GS-JZ-02-01",
            "湖墅街道应急避难场所标识设置情况",
            "<p>街道完成辖区应急避难场所标识设置，现将设置点位公开如下。</p>",
            26,
            None,
            stage="submitted",
        ),
    ]


def stories(year: int) -> list[Story]:
    """The story records, in the order they are written (an interpretation after its policy)."""
    return _education(year) + _civil_affairs(year) + _streets(year)


def set_historical_times(publication, day: date, times: dict | None = None):
    """DEMO AND TEST DATA ONLY: move a publication that the publishing services have just published to ``day``.

    Rewrites, for this one publication: its ``created_at``/``updated_at``/``published_at``, the ``at`` of its
    workflow events (each step at its time in ``times``, default :data:`WORKFLOW_TIMES`), and the timeliness of
    its fulfilments, recomputed by the publishing deadline rules for the new day and recorded in their history.
    Queryset updates are used on purpose — the event log is append-only for every other caller. Refuses
    anything that is not published. Returns the fresh row."""
    times = {**WORKFLOW_TIMES, **(times or {})}
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.status != PublicationStatus.PUBLISHED:
            raise ValueError("set_historical_times: only a just-published record can be back-dated")
        published_at = moment(day, *times["publish"])
        for action, (hour, minute) in times.items():
            PublicationEvent.objects.filter(publication=publication, action=action).update(
                at=moment(day, hour, minute)
            )
        Publication.objects.filter(pk=publication.pk).update(
            created_at=moment(day, *times["create"]), updated_at=published_at, published_at=published_at
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


def set_draft_times(publication, day: date) -> None:
    """DEMO DATA ONLY: a record still on its way was drafted (and submitted) on ``day``."""
    PublicationEvent.objects.filter(publication=publication).update(at=moment(day, 9))
    Publication.objects.filter(pk=publication.pk).update(created_at=moment(day, 9), updated_at=moment(day, 9))


def _workday_before(today: date, n: int) -> date:
    """The day ``n`` working days before ``today`` (a record formed then is due around now)."""
    day = today
    while engine.count_workdays(day, today) < n:
        day -= timedelta(days=1)
    return day


def write_story(today: date, people: dict[str, tuple]) -> dict[str, Publication]:
    """Replay the story through the services; ``people``: unit code → (unit, author, approver)."""
    written: dict[str, Publication] = {}
    for story in stories(today.year if today.month > 6 else today.year - 1):
        unit, author, approver = people[story.unit]
        formed = today - timedelta(days=story.formed_ago)
        if story.stage == "submitted":
            formed = _workday_before(today, 17)  # 20 working days: due within the week
        obligations = list(Obligation.objects.active().filter(unit=unit, item__code=story.item))
        p = pub.create_publication(
            user=author,
            unit=unit,
            title=story.title,
            body=story.body,
            formed_on=formed,
            obligations=obligations,
            doc_number=story.doc,
            interprets=written.get(story.interprets) if story.interprets else None,
        )
        if story.stage == "draft":
            set_draft_times(p, formed + timedelta(days=2))
            written[story.title] = p
            continue
        pub.submit(user=author, publication=p)
        if story.stage == "submitted":
            set_draft_times(p, formed + timedelta(days=1))
            written[story.title] = p
            continue
        pub.approve(user=approver, publication=p, comment="保密审查通过")
        p = pub.publish(user=author, publication=p)
        p = set_historical_times(p, today - timedelta(days=story.published_ago))
        if story.stage == "withdrawn":
            p = pub.withdraw(
                user=author, publication=p, reason="公示名单误含申请人身份证号码，撤回后隐去重新发布"
            )
            later = today - timedelta(days=story.published_ago - 1)
            PublicationEvent.objects.filter(publication=p, action="withdraw").update(at=moment(later, 16))
        written[story.title] = p
    return written


def supersede_figures(today: date, people: dict[str, tuple]) -> int:
    """A quarter's 低保 figures corrected: the first record is superseded by the corrected one (services)."""
    unit, author, approver = people["GS-MZJ"]
    old = (
        Publication.objects.filter(
            unit=unit, status=PublicationStatus.PUBLISHED, fulfilments__obligation__item__code="GS-SHJZ-02-03"
        )
        .order_by("published_at")
        .first()
    )
    if old is None:
        return 0
    obligations = list(Obligation.objects.active().filter(unit=unit, item__code="GS-SHJZ-02-03"))
    periods = {f.obligation_id: f.period_start for f in old.fulfilments.all() if f.period_start}
    new = pub.create_publication(
        user=author,
        unit=unit,
        title=f"{old.title}（更正）",
        body=old.body + "<p>更正说明：原公布的保障金发放总额有误，现予更正。</p>",
        formed_on=old.formed_on,
        obligations=obligations,
        periods=periods,
    )
    pub.submit(user=author, publication=new)
    pub.approve(user=approver, publication=new, comment="保密审查通过")
    new = pub.publish(user=author, publication=new)
    day = min(today, timezone.localdate(old.published_at) + timedelta(days=6))
    new = set_historical_times(new, day)
    pub.supersede(user=author, old=old, new=new, comment="保障金发放总额更正")
    return 1
