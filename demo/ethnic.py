"""Demo 藏汉 / 彝汉 service (issue 25 part 2), idempotent: an ethnic township with a 藏汉 and a 彝汉 window, and
a few reviewed translations (a service guide, two catalog items, the township's board notice).

The township is 硗碛藏族乡, one of the 13 民族乡 of the 雅安 seed (宝兴县). DEMO PLACEMENT: it is added to the demo
district as a street-tier unit and drawn on the district's offline map beside the streets; its real place is in
雅安. Every write goes through the services: organizations (the unit, its windows), publishing (the notice:
drafted, submitted, approved by another person, published) and translations (entered, then reviewed by a
reviewer who is not the translator).

The Tibetan texts are demo texts written for this portal, not yet checked by a native translator (each says so
in its note); the Yi texts are placeholders for the county's Yi translator, and say so in the text itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from catalog.models import CatalogEdition, DisclosureItem, ServiceGuide
from organizations import services as org_services
from organizations.models import ServicePoint, Unit
from publishing.models import Obligation, Publication
from publishing.services import generate_obligations
from publishing.services import publications as pub
from translations import services as tr_services
from translations.models import Status, Translation

from .publishing import people

SYSTEM = None
TOWNSHIP = {
    "code": "GS-QQ",
    "name": "硗碛藏族乡人民政府",
    "short_name": "硗碛藏族乡",
    "kind": "township",
    "order": 120,
    "phone": "0835-6100001",
    "address": "硗碛藏族乡便民服务中心（演示：雅安市宝兴县的民族乡，画在本区示意图东缘）",
    "latitude": Decimal("30.296000"),
    "longitude": Decimal("120.184000"),
    "office_hours": "工作日 8:30-12:00，14:00-17:30",
    "aliases": "硗碛乡、硗碛藏族乡",
}
WINDOWS = [
    {
        "name": "硗碛藏族乡便民服务中心藏汉双语窗口",
        "bilingual": "bo",
        "latitude": Decimal("30.296000"),
        "longitude": Decimal("120.184000"),
    },
    {
        "name": "硗碛藏族乡便民服务中心彝汉双语窗口（嘎日村代办点）",
        "bilingual": "ii",
        "latitude": Decimal("30.281000"),
        "longitude": Decimal("120.176000"),
    },
]
# 最低生活保障审核确认结果公示 (各街道办事处、社区居委会; 公示期限为7日): what the notice is — the families the
# township proposes to confirm, posted on its board for 7 days (not the quarter's 发放情况 figures)
NOTICE_ITEM = "GS-SHJZ-02-02"
NOTICE_TITLE = "硗碛藏族乡最低生活保障审核确认结果公示"
NOTICE_BODY = (
    "<p>经户主申请、入户调查、民主评议和乡人民政府审核，拟确认3户家庭为最低生活保障对象，现予公示。</p>"
    "<p>公示期7日，自张贴之日起计算。对公示对象有异议的，请在公示期内向乡便民服务中心社会救助窗口反映；"
    "藏汉、彝汉双语窗口均可受理。</p>"
)
DEMO_NOTE = "演示译文：由本门户编写，尚未经母语译审人员核对"
YI_NOTE = "演示占位：待县民宗局彝文译审人员替换为正式译文"
BO_TRANSLATOR, BO_REVIEWER = "扎西卓玛（乡民政办）", "泽仁多吉（县民宗局译审）"
YI_TRANSLATOR, YI_REVIEWER = "阿依莫（乡便民服务中心）", "吉克拉且（县民宗局译审）"

# (record kind, record key, language, reviewed?, Chinese paragraphs, title, translated paragraphs)
TEXTS = [
    (
        "guide",
        "gongshu-dibao",
        "bo",
        True,
        [
            "谁可以申请：共同生活的家庭成员人均收入低于最低生活保障标准、家庭财产符合规定的居民家庭。",
            "申请材料：社会救助申请表、居民身份证和户口簿、收入证明。",
            "办理地点：乡便民服务中心社会救助窗口；藏汉双语窗口可以用藏语咨询和申请。",
            "办理流程：申请受理—信息核对—入户调查—初审—公示7日—审核确认—告知和发放。",
        ],
        "དམའ་ཤོས་འཚོ་བའི་འགན་ལེན་གྱི་ལས་དོན་སྒྲུབ་ཐབས་ལམ་སྟོན།",
        [
            "སུས་ཞུ་ཆོག ལྷན་དུ་སྡོད་པའི་ཁྱིམ་མིའི་མི་རེའི་ཡོང་འབབ་དམའ་ཤོས་འཚོ་བའི་འགན་ལེན་ཚད་གཞི་ལས་དམའ་བ་དང་། "
            "ཁྱིམ་གྱི་རྒྱུ་ནོར་སྒྲིག་གཞི་དང་མཐུན་པའི་སྡོད་དམངས་ཁྱིམ་ཚང་།",
            "ཞུ་ཡིག་གི་ཡིག་ཆ། སྤྱི་ཚོགས་སྐྱོབ་སྐྱོར་ཞུ་ཤོག ཐོབ་ཐང་ལག་ཁྱེར་དང་ཐེམ་དེབ། ཡོང་འབབ་ར་སྤྲོད་ཡིག་ཆ།",
            "སྒྲུབ་ས། ཤང་གི་དམངས་ཕན་ཞབས་ཞུ་ལྟེ་གནས་ཀྱི་སྤྱི་ཚོགས་སྐྱོབ་སྐྱོར་སྒེའུ་ཁུང་། "
            "བོད་རྒྱ་སྐད་གཉིས་སྒེའུ་ཁུང་དུ་བོད་སྐད་ཐོག་ནས་འདྲི་རྩད་དང་ཞུ་ཡིག་སྤྲོད་ཆོག",
            "ལས་སྒྲུབ་གོ་རིམ། ཞུ་ཡིག་ལེན་པ། ཆ་འཕྲིན་ཞིབ་བཤེར། ཁྱིམ་ཚང་དུ་ཞིབ་དཔྱད། ཐོག་མའི་ཞིབ་བཤེར། "
            "ཉིན་བདུན་གསལ་བསྒྲགས། ཞིབ་བཤེར་གཏན་འཁེལ། བརྡ་ཁྱབ་དང་སྤྲོད་པ།",
        ],
    ),
    (
        "guide",
        "gongshu-dibao",
        "ii",
        True,
        ["谁可以申请、申请材料、办理地点和办理流程，见左侧中文。"],
        "ꆈꌠꉙ",
        ["ꆈꌠꉙ（演示占位译文：正式译文由县民宗局彝文译审人员提供；内容以中文为准）"],
    ),
    (
        "item",
        "GS-SHJZ-02-01",
        "bo",
        True,
        [
            "公开什么：最低生活保障的申请条件、申请材料、办理流程和时限。",
            "在哪里看：政府网站、乡便民服务中心、村务公开栏。",
        ],
        "དམའ་ཤོས་འཚོ་བའི་འགན་ལེན་གྱི་ལས་དོན་སྒྲུབ་ཐབས་ལམ་སྟོན།",
        [
            "གསལ་བསྒྲགས་ཀྱི་ནང་དོན། དམའ་ཤོས་འཚོ་བའི་འགན་ལེན་ཞུ་བའི་ཆ་རྐྱེན། ཞུ་ཡིག་གི་ཡིག་ཆ། ལས་སྒྲུབ་གོ་རིམ་དང་དུས་ཚད།",
            "གང་དུ་ལྟ་དགོས། སྲིད་གཞུང་གི་དྲ་ཚིགས། ཤང་གི་དམངས་ཕན་ཞབས་ཞུ་ལྟེ་གནས། གྲོང་ཚོའི་གསལ་བསྒྲགས་པང་ལེབ།",
        ],
    ),
    (
        "item",
        "GS-SHJZ-03-01",
        "bo",
        True,
        ["公开什么：临时救助的申请条件、申请材料、办理流程和时限。", "在哪里看：政府网站、乡便民服务中心。"],
        "གནས་སྐབས་སྐྱོབ་སྐྱོར་གྱི་ལས་དོན་སྒྲུབ་ཐབས་ལམ་སྟོན།",
        [
            "གསལ་བསྒྲགས་ཀྱི་ནང་དོན། གནས་སྐབས་སྐྱོབ་སྐྱོར་ཞུ་བའི་ཆ་རྐྱེན། ཞུ་ཡིག་གི་ཡིག་ཆ། ལས་སྒྲུབ་གོ་རིམ་དང་དུས་ཚད།",
            "གང་དུ་ལྟ་དགོས། སྲིད་གཞུང་གི་དྲ་ཚིགས། ཤང་གི་དམངས་ཕན་ཞབས་ཞུ་ལྟེ་གནས།",
        ],
    ),
    (  # waiting for review: never shown on the public page
        "item",
        "GS-SHJZ-03-01",
        "ii",
        False,
        ["公开什么：临时救助的申请条件、申请材料、办理流程和时限。"],
        "ꆈꌠꉙ",
        ["ꆈꌠꉙ（待审：演示占位译文）"],
    ),
    (
        "notice",
        NOTICE_TITLE,
        "bo",
        True,
        [
            "经审核，拟确认3户家庭为最低生活保障对象，现予公示。",
            "公示期7日。有异议的，请在公示期内向乡便民服务中心反映。",
        ],
        "ཤང་གི་དམའ་ཤོས་འཚོ་བའི་འགན་ལེན་ཐོབ་མཁན་གྱི་གསལ་བསྒྲགས།",
        [
            "ཞིབ་བཤེར་བརྒྱུད་ནས་ཁྱིམ་ཚང་གསུམ་དམའ་ཤོས་འཚོ་བའི་འགན་ལེན་ཐོབ་མཁན་དུ་གཏན་འཁེལ་བྱ་རྒྱུ་ཡིན་པས་གསལ་བསྒྲགས་བྱེད།",
            "གསལ་བསྒྲགས་ཀྱི་དུས་ཡུན་ཉིན་བདུན། བསམ་ཚུལ་ཡོད་ན་དུས་ཡུན་ནང་ཤང་གི་དམངས་ཕན་ཞབས་ཞུ་ལྟེ་གནས་ལ་སྙན་སེང་ཞུ་རོགས།",
        ],
    ),
    (
        "notice",
        NOTICE_TITLE,
        "ii",
        True,
        ["公示内容见上方中文。"],
        "ꆈꌠꉙ",
        ["ꆈꌠꉙ（演示占位译文，内容以中文为准）"],
    ),
]


def _township() -> Unit:
    unit = Unit.objects.filter(code=TOWNSHIP["code"]).first()
    values = {k: v for k, v in TOWNSHIP.items() if k != "code"}
    values["parent"] = Unit.objects.get(code="GS")
    if unit is None:
        return org_services.create_unit(
            user=SYSTEM, data={**values, "code": TOWNSHIP["code"]}, reason="演示数据"
        )
    org_services.change_unit(user=SYSTEM, unit=unit, changes=values, reason="演示数据")
    return unit


def _windows(unit: Unit) -> int:
    for row in WINDOWS:
        values = {
            "kind": "convenience_station",
            "address": "硗碛藏族乡便民服务中心一楼（演示）",
            "opening_hours": TOWNSHIP["office_hours"],
            "phone": TOWNSHIP["phone"],
            **{k: v for k, v in row.items() if k != "name"},
        }
        point = ServicePoint.objects.filter(unit=unit, name=row["name"]).first()
        if point is None:
            org_services.create_service_point(
                user=SYSTEM, data={**values, "unit": unit, "name": row["name"]}, reason="演示数据"
            )
        else:
            org_services.change_service_point(user=SYSTEM, point=point, changes=values, reason="演示数据")
    return len(WINDOWS)


def _notice(unit: Unit, today: date) -> Publication | None:
    """The township's 公示 on its board: written once through the publishing services (four eyes)."""
    existing = Publication.objects.filter(unit=unit, title=NOTICE_TITLE).first()
    if existing is not None:
        return existing
    obligations = list(Obligation.objects.active().filter(unit=unit, item__code=NOTICE_ITEM))
    if not obligations:
        return None
    _unit, author, approver = people()[unit.code]
    p = pub.create_publication(
        user=author,
        unit=unit,
        title=NOTICE_TITLE,
        body=NOTICE_BODY,
        formed_on=today - timedelta(days=1),
        obligations=obligations,
        notice_from=today,
        notice_until=today + timedelta(days=7),
        objection_channel="乡便民服务中心社会救助窗口（藏汉、彝汉双语窗口均可受理）",
    )
    pub.submit(user=author, publication=p)
    pub.approve(user=approver, publication=p, comment="保密审查通过")
    return pub.publish(user=author, publication=p)


def _record(kind: str, key: str, notice: Publication | None):
    if kind == "guide":
        return ServiceGuide.objects.filter(code=key).first()
    if kind == "item":
        return DisclosureItem.objects.filter(code=key).first()
    return notice


def _translations(notice: Publication | None, today: date) -> int:
    written = 0
    for kind, key, language, reviewed, chinese, title, paragraphs in TEXTS:
        record = _record(kind, key, notice)
        if record is None:
            continue
        stored = Translation.objects.of(record).filter(language=language).first()
        if stored is not None and stored.status != Status.UNTRANSLATED:
            continue  # written once; the translators' later work is theirs
        yi = language == "ii"
        t = tr_services.save_translation(
            user=SYSTEM,
            record=record,
            language=language,
            source_text="\n\n".join(chinese),
            title=title,
            body="\n\n".join(paragraphs),
            translator=YI_TRANSLATOR if yi else BO_TRANSLATOR,
            translated_on=today - timedelta(days=3),
            note=YI_NOTE if yi else DEMO_NOTE,
            reason="演示数据",
        )
        if reviewed:
            tr_services.review_translation(
                user=SYSTEM,
                translation=t,
                reviewer=YI_REVIEWER if yi else BO_REVIEWER,
                reviewed_on=today - timedelta(days=1),
                reason="演示数据",
            )
        written += 1
    return written


@transaction.atomic
def load(data: dict) -> dict:
    today = timezone.localdate()
    unit = _township()
    windows = _windows(unit)
    edition = CatalogEdition.objects.current()
    if edition is not None:
        generate_obligations(edition=edition)  # the township's duties (idempotent)
    notice = _notice(unit, today)
    return {"township": unit.code, "windows": windows, "translations": _translations(notice, today)}
