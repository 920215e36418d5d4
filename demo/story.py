"""The demo year's story records (DEMO DATA ONLY), written through the publishing services.

Each record is drafted, submitted, approved (by a reviewer, never the author) and published by the services at
the real time, then :func:`set_historical_times` dates it to its day in the story (``days_ago`` before today).
Among them: policy documents (规范性文件) with and without their interpretation (政策解读), the 低保 documents
filed under 社会救助 (the 拱墅区最低生活保障实施办法 with a body a citizen can read, and the 办事指南 of 区民政局 and two
streets, each carrying the catalog's 低保 service guide and its printable DOCX, see :mod:`demo.guide_sheets`;
the documents they are modelled on are listed in ``demo/fixtures/demo_guides.json`` ``_sources`` and in
docs/demo-social-assistance.md), a 公示 withdrawn for a privacy slip and published again, figures superseded by a
corrected record, and records still on their way — a draft formed long ago (overdue today) and one submitted
for review whose deadline falls within the week.

A record is written only for a duty its own unit holds on its own item: when the unit holds no active obligation of
the item (the 三级清单 decides, not this file), the record is skipped and logged, and so is an interpretation whose
policy was skipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from catalog import selectors as catalog_selectors
from organizations.models import Tier
from publishing import deadlines
from publishing import services as pub
from publishing.models import Obligation, Publication, PublicationEvent, PublicationStatus
from workdays import engine

from . import catalog as catalog_demo
from .guide_sheets import guide_sheet, sheet_docx, sheet_html
from .year import moment

logger = logging.getLogger(__name__)

#: Where a story's body names whom to call: replaced, when the record is written, by its own unit's name and phone
#: (demo/fixtures/demo_district.json), so a reading never gives a number of its own for its unit.
UNIT_CONTACT = "{unit_contact}"

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
    guide: str = ""  # code of the item's service guide the record carries (body and printable attachment)
    attachment: str = ""  # the attachment's file name (a DOCX of the guide)


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
        + f"<p>咨询电话：{UNIT_CONTACT}（工作日8:30—17:00）。</p>"
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


#: 《拱墅区最低生活保障实施办法》 (DEMO TEXT): chapters of articles, modelled on 《社会救助暂行办法》（国务院令第649号）
#: and 《最低生活保障审核确认办法》（民发〔2021〕57号） and the 浙江/杭州 guides listed in demo/fixtures/demo_guides.json
#: ``_sources``; the phone is the demo 区民政局's (demo/fixtures/demo_district.json).
DIBAO_MEASURES: list[tuple[str, list[str]]] = [
    (
        "总则",
        [
            "为保障本区困难群众基本生活，规范最低生活保障（以下简称低保）工作，根据《社会救助暂行办法》（国务院令第649号）、"
            "《最低生活保障审核确认办法》（民发〔2021〕57号）和省、市有关规定，结合本区实际，制定本办法。",
            "低保工作坚持应保尽保、公开公平公正、动态管理，保障水平与本区经济社会发展水平相适应。",
            "区民政局主管全区低保工作，负责政策制定、家庭经济状况核对、资金管理和监督检查；各街道办事处负责低保申请的受理、"
            "调查、审核确认和日常管理；社区居民委员会协助做好相关工作。区财政、人力社保、住房保障、公安、税务、医疗保障等部门"
            "按照各自职责做好相关工作。",
        ],
    ),
    (
        "保障对象和标准",
        [
            "户籍在本区的居民家庭，共同生活的家庭成员月人均收入低于本区低保标准，且家庭财产符合本办法规定的，可以申请低保。",
            "共同生活的家庭成员包括：配偶；未成年子女；已成年但不能独立生活的子女（含在校接受全日制本科及以下学历教育的成年子女）；"
            "其他具有法定赡养、扶养、抚养义务关系并长期共同居住的人员。",
            "申请家庭人均货币财产应低于本区24个月低保标准之和；家庭成员名下不得有商铺、办公用房等非居住类房屋，住房和机动车辆"
            "应符合区民政局公布的认定口径。",
            "低保标准按照市人民政府确定的标准执行，由区民政局会同区财政局向社会公布；标准调整的，自调整之月起执行。",
            "低保金按照家庭月人均收入低于低保标准的差额按月发放；家庭中的老年人、未成年人、重度残疾人和重病患者，按照规定增发。",
        ],
    ),
    (
        "申请和审核确认",
        [
            "申请低保以家庭为单位，由共同生活的家庭成员向户籍所在地街道办事处书面提出，也可以通过“浙里办”在线申请；申请有困难的，"
            "可以委托社区居民委员会代为提出。申请人应当如实申报家庭人口、收入和财产状况，并签署家庭经济状况核对授权书。",
            "街道办事处对材料齐全的申请，应当自收到申请之日起2个工作日内受理并出具受理通知书；材料不齐全的，一次性告知需要补正的"
            "全部材料。",
            "街道办事处受理申请后，提请区民政局核对申请家庭经济状况，并组织两名以上工作人员入户调查，提出初审意见。",
            "初审意见在申请家庭所在社区公示，公示期为7日，公示内容隐去身份证号码等个人隐私信息。公示期满无异议的，街道办事处作出"
            "审核确认决定，并自确认之日下月起发放低保金；不予确认的，自作出决定之日起3个工作日内书面告知申请人并说明理由。",
            "低保审核确认工作自受理之日起30个工作日内完成；特殊情况下，可以延长至45个工作日。",
        ],
    ),
    (
        "管理和监督",
        [
            "街道办事处对低保家庭实行分类动态管理：家庭经济状况基本稳定的，每年核查一次；家庭成员有劳动能力、收入不固定的，"
            "每半年核查一次。低保家庭人口、收入和财产状况发生变化的，应当及时告知街道办事处。",
            "街道办事处在社区公示栏长期公布低保对象户主姓名、保障人数和保障金额；区民政局每季度公布全区低保对象及保障金发放情况。",
            "低保经办人员和社区居民委员会成员近亲属申请低保的，应当单独登记备案。群众对低保政策有疑问的，可以向区民政局咨询"
            "（电话0571-88259135）；任何单位和个人可以通过12345政务服务热线，或者向区纪委监委反映低保工作中的问题，"
            "区民政局应当及时核查处理。",
            "采取虚报、隐瞒、伪造等手段骗取低保金的，由区民政局决定停止发放，责令退回，并依照《社会救助暂行办法》有关规定处理；"
            "工作人员滥用职权、玩忽职守、徇私舞弊的，依法给予处分。",
        ],
    ),
    ("附则", ["本办法由区民政局负责解释。", "本办法自印发之日起施行。"]),
]

DIBAO_READING = [
    (
        "为什么制定",
        "《最低生活保障审核确认办法》（民发〔2021〕57号）施行后，低保审核确认权限下放到街道，本区原有规定需要与之衔接，"
        "并把申请条件、办理程序和时限写清楚，方便群众办事。",
    ),
    (
        "谁可以申请",
        "户籍在本区、共同生活的家庭成员月人均收入低于本区低保标准、家庭财产符合规定的家庭。"
        "“共同生活的家庭成员”包括配偶、未成年子女和长期共同居住的赡养、扶养、抚养对象。",
    ),
    (
        "怎么申请、多久办结",
        "向户籍所在地街道便民服务中心社会救助窗口提出，也可以在“浙里办”在线申请；街道2个工作日内受理，社区公示7日，"
        "自受理之日起30个工作日内办结。办理流程图见“最低生活保障办事指南”。",
    ),
    (
        "保障金怎么算",
        "按照家庭月人均收入低于低保标准的差额按月发放，自确认之日下月起打入本人银行卡或社会保障卡。",
    ),
    (
        "个人信息如何保护",
        "社区公示只公布申请人姓名、保障人口和拟保障金额，隐去身份证号码、住址门牌、联系电话等个人信息。",
    ),
]


def _chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as article numbers are written (第十二条, 第二十条)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if not tens:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _articles(chapters: list[tuple[str, list[str]]], doc: str) -> str:
    """A 实施办法 body: "第一章 总则" headings and numbered articles (第一条 …), articles counted across chapters."""
    parts, article = [], 0
    for i, (chapter, articles) in enumerate(chapters, start=1):
        parts.append(f"<p><strong>第{_chinese_number(i)}章　{chapter}</strong></p>")
        for text in articles:
            article += 1
            parts.append(f"<p>第{_chinese_number(article)}条　{text}</p>")
    return "".join(parts) + f"<p>{doc}</p>"


def _dibao(y: int) -> list[Story]:
    """The 低保 journey of the demo district (DEMO TEXT): the 实施办法 and its reading, then the 办事指南 of 区民政局 and
    two streets, each carrying the catalog's 低保 service guide and its printable copy."""
    measures = "拱墅区最低生活保障实施办法"
    doc = f"拱民〔{y}〕5号"
    reading = (
        f"<p>为便于群众理解《{measures}》（{doc}），现就有关内容解读如下。</p>"
        + "".join(
            f"<p><strong>{'一二三四五六'[i]}、{q}</strong></p><p>{a}</p>"
            for i, (q, a) in enumerate(DIBAO_READING)
        )
        + f"<p>咨询电话：{UNIT_CONTACT}（工作日8:30—17:00）。</p>"
    )
    return [
        Story("GS-MZJ", "GS-SHJZ-01-01", measures, _articles(DIBAO_MEASURES, doc), 170, 165, doc=doc),
        Story("GS-MZJ", "GS-SHJZ-01-01", f"《{measures}》政策解读", reading, 170, 165, interprets=measures),
        Story(
            "GS-MZJ",
            "GS-SHJZ-02-01",
            "拱墅区最低生活保障办事指南",
            f"<p>根据《{measures}》（{doc}），现将最低生活保障的申请条件、申请材料、办理流程及时限、受理地点和咨询电话公布如下。</p>",
            163,
            163,
            guide="gongshu-dibao",
            attachment="拱墅区最低生活保障办事指南（打印版）.docx",
        ),
        Story(
            "GS-HS",
            "GS-SHJZ-02-01",
            "湖墅街道最低生活保障办事指南",
            "<p>湖墅街道辖区居民申请最低生活保障，请到湖墅街道便民服务中心社会救助窗口（湖墅路13号）办理，"
            f"社区居民委员会可以代为提出申请。根据《{measures}》（{doc}），办事指南如下。</p>",
            150,
            150,
            guide="gongshu-dibao",
            attachment="湖墅街道最低生活保障办事指南（打印版）.docx",
        ),
        Story(
            "GS-XH",
            "GS-SHJZ-02-01",
            "小河街道最低生活保障办事指南",
            "<p>小河街道辖区居民申请最低生活保障，请到小河街道便民服务中心社会救助窗口（小河路16号）办理，"
            f"社区居民委员会可以代为提出申请。根据《{measures}》（{doc}），办事指南如下。</p>",
            148,
            148,
            guide="gongshu-dibao",
            attachment="小河街道最低生活保障办事指南（打印版）.docx",
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
    return _education(year) + _civil_affairs(year) + _dibao(year) + _streets(year)


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


def _contact(unit) -> str:
    """Whom a record's reader calls: its unit, with the unit's phone."""
    return f"{unit.name} {unit.phone}" if unit.phone else unit.name


def _with_guide(story: Story, unit, item_id: int) -> tuple[str, SimpleUploadedFile | None]:
    """The body of a 办事指南 record carrying its item's service guide ``story.guide``, and the guide's printable
    DOCX to attach; the story's own body alone when the catalog has no such guide."""
    guide = next((g for g in catalog_selectors.item_guides(item_id) if g.code == story.guide), None)
    if guide is None:
        logger.warning("演示记录「%s」：目录中没有办事指南 %s，正文不含指南", story.title, story.guide)
        return story.body, None
    obligations = Obligation.objects.active().filter(item_id=item_id).select_related("unit")
    holders = list({o.unit.pk: o.unit for o in obligations.order_by("unit__tree_id", "unit__lft")}.values())
    bureau = next((u for u in holders if u.tier == Tier.DISTRICT), None)
    streets = [u for u in holders if u.tier == Tier.STREET] if unit.tier == Tier.DISTRICT else []
    sheet = guide_sheet(guide, unit, bureau=bureau, streets=streets, title=story.title)
    upload = None
    if story.attachment:
        upload = SimpleUploadedFile(
            story.attachment, sheet_docx(sheet), content_type="application/octet-stream"
        )
    return story.body + sheet_html(sheet), upload


def write_story(today: date, people: dict[str, tuple]) -> dict[str, Publication]:
    """Replay the story through the services; ``people``: unit code → (unit, author, approver)."""
    written: dict[str, Publication] = {}
    for story in stories(catalog_demo.policy_year(today)):
        unit, author, approver = people[story.unit]
        formed = today - timedelta(days=story.formed_ago)
        if story.stage == "submitted":
            formed = _workday_before(today, 17)  # 20 working days: due within the week
        obligations = list(Obligation.objects.active().filter(unit=unit, item__code=story.item))
        if not obligations:
            logger.warning(
                "演示记录「%s」未写入：%s（%s）不承担事项 %s 的公开义务",
                story.title,
                unit.name,
                unit.code,
                story.item,
            )
            continue
        if story.interprets and story.interprets not in written:
            logger.warning("演示记录「%s」未写入：被解读的「%s」未写入", story.title, story.interprets)
            continue
        body, upload = story.body, None
        if story.guide:
            body, upload = _with_guide(story, unit, obligations[0].item_id)
        body = body.replace(UNIT_CONTACT, _contact(unit))
        p = pub.create_publication(
            user=author,
            unit=unit,
            title=story.title,
            body=body,
            formed_on=formed,
            obligations=obligations,
            doc_number=story.doc,
            interprets=written.get(story.interprets) if story.interprets else None,
        )
        if upload is not None:
            pub.add_attachment(user=author, publication=p, upload=upload)
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
