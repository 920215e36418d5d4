"""The demo district's street template (issue 25 part 4): the office marks the catalog as the street tier's
template; every street adopts edition 1; the template then changes (edition 2: one item added, one changed);
nine streets adopt edition 2 and 半山街道 lags a version. 湖墅街道 excludes an item with its reason, 小河街道 adds
an item of its own, 祥符街道 adds one that nearly duplicates a template item (the drift report shows it).

Modelled on the 拱墅 plan (../shared/seeds/000: 区(部门)、街道、社区三级公开管理; 重点领域三级清单). Idempotent: a
second run changes nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from catalog.models import CatalogEdition, DisclosureItem
from catalog.services import BasisRef, ItemData, approve_edition, draft_edition, submit_edition, write_item
from catalog.tiers import services
from catalog.tiers.models import Adoption, Exclusion, LocalItem
from domains.models import Domain
from organizations.models import Unit

from .catalog import JOINT_MEETING_USERNAME, OFFICE_USERNAME

TEMPLATE_TITLE = "拱墅区街道级政务公开事项目录模板"
EDITION_TITLE = "拱墅区政务公开事项标准目录（2025年版·第一次动态调整）"
EDITION_SUMMARY = (
    "市政服务领域新增“门前三包责任落实情况”（街道级）；“道路保洁和垃圾清运作业”增加公开要素“作业时间”。"
)
#: the template change: a new street item under 市容环境 (GS-SZFW-04) and one more element of GS-SZFW-04-02
NEW_ITEM = ItemData(
    name="门前三包责任落实情况",
    code="GS-SZFW-04-04",
    elements=["责任区域划分", "责任单位（商户）名单", "检查考评结果"],
    time_limit_text="每季度结束后10日内",
    subject_text="各街道办事处",
    channels=[("website", True), ("bulletin_board", True)],
    tier_street=True,
    five_public="management",
    order=4,
)
CHANGED_CODE, ADDED_ELEMENT = "GS-SZFW-04-02", "作业时间"
LAGGING = "GS-BS"  # 半山街道 stays on edition 1
EXCLUSION = (
    "GS-HS",
    "GS-GGZY-04-02",
    "湖墅街道辖区已全部撤村建居，无农村集体经济组织，不发生农村集体资产交易。",
)
LOCAL_ITEMS = [
    (
        "GS-XH",
        "municipal-services",
        "小河街道老旧小区综合改造提升项目公示",
        ["改造范围", "改造内容", "施工单位", "工期"],
    ),
    ("GS-XF", "municipal-services", "道路保洁与垃圾清运作业", ["保洁范围", "清运时间"]),  # ≈ GS-SZFW-04-02
]
OFFICERS = {"GS-HS": "officer_hushu", "GS-XH": "officer_xiaohe"}


def _user(username):
    return get_user_model().objects.get(username=username)


def _change_template(office) -> bool:
    """The working copy carries the change (again, after demo.catalog put the fixture back); True if written."""
    changed = DisclosureItem.objects.get(code=CHANGED_CODE)
    elements = list(changed.elements.values_list("text", flat=True))
    wrote = False
    if ADDED_ELEMENT not in elements:
        from catalog.snapshot import item_data

        data = item_data(changed)
        write_item(
            domain=changed.domain,
            parent=changed.parent,
            item=changed,
            data=_data_of(changed, data, elements + [ADDED_ELEMENT]),
        )
        wrote = True
    if not DisclosureItem.objects.filter(code=NEW_ITEM.code).exists():
        parent = DisclosureItem.objects.get(code="GS-SZFW-04")
        write_item(domain=parent.domain, parent=parent, data=NEW_ITEM)
        wrote = True
    return wrote


def _data_of(item, data: dict, elements: list[str]) -> ItemData:
    return ItemData(
        name=item.name,
        code=item.code,
        elements=elements,
        content=item.content,
        basis_text=item.basis_text,
        bases=[
            BasisRef(name=b["name"], issuer=b["issuer"], doc_number=b["doc_number"], article=b["article"])
            for b in data["bases"]
        ],
        time_limit_text=item.time_limit_text,
        subject_text=item.subject_text,
        channels=[(c["channel"], c["required"]) for c in data["channels"]],
        audience_public=item.audience_public,
        audience_specific=item.audience_specific,
        mode_proactive=item.mode_proactive,
        mode_on_request=item.mode_on_request,
        tier_district=item.tier_district,
        tier_street=item.tier_street,
        tier_community=item.tier_community,
        five_public=item.five_public,
        form=item.form,
        duration=item.duration,
        responsible_office=item.responsible_office,
        order=item.order,
    )


def _second_edition(office, meeting) -> CatalogEdition:
    current = CatalogEdition.objects.current()
    if current.title == EDITION_TITLE:
        return current
    edition = draft_edition(user=office, title=EDITION_TITLE, summary=EDITION_SUMMARY)
    edition = submit_edition(user=office, edition=edition)
    return approve_edition(user=meeting, edition=edition, comment="经区政务公开工作联席会议审核，同意调整。")


@transaction.atomic
def load(data: dict) -> dict:
    office, meeting = _user(OFFICE_USERNAME), _user(JOINT_MEETING_USERNAME)
    streets = list(Unit.objects.filter(tier="street", is_active=True).order_by("tree_id", "lft"))
    services.mark_template(user=office, tier="street", title=TEMPLATE_TITLE)
    first = CatalogEdition.objects.approved().order_by("number").first()
    adopted = 0
    for unit in streets:
        if not Adoption.objects.filter(unit=unit).exists():
            services.adopt(user=office, unit=unit, edition=first)
            adopted += 1
    unit_code, item_code, reason = EXCLUSION
    hushu = Unit.objects.get(code=unit_code)
    if not Exclusion.objects.filter(adoption__unit=hushu, item__code=item_code, is_active=True).exists():
        item = DisclosureItem.objects.get(code=item_code)
        services.exclude_item(user=_user(OFFICERS[unit_code]), unit=hushu, item=item, reason=reason)
    _change_template(office)
    edition = _second_edition(office, meeting)
    for unit in streets:
        if unit.code != LAGGING and Adoption.objects.get(unit=unit).edition_id != edition.pk:
            services.adopt(user=_user(OFFICERS.get(unit.code, OFFICE_USERNAME)), unit=unit)
    for unit_code, domain_code, name, elements in LOCAL_ITEMS:
        unit = Unit.objects.get(code=unit_code)
        if not LocalItem.objects.filter(adoption__unit=unit, item__name=name).exists():
            services.add_local_item(
                user=_user(OFFICERS.get(unit_code, OFFICE_USERNAME)),
                unit=unit,
                domain=Domain.objects.get(code=domain_code),
                name=name,
                elements=elements,
                time_limit_text="信息形成或者变更之日起20个工作日内",
            )
    return {
        "template": TEMPLATE_TITLE,
        "edition": edition.number,
        "adoptions": Adoption.objects.count(),
        "adopted_now": adopted,
        "lagging": Adoption.objects.exclude(edition=edition).count(),
        "local_items": LocalItem.objects.count(),
    }
