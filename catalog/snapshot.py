"""Freeze items into plain data: what an edition holds, what the diff compares, what the public reads."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import ContentElement, DisclosureItem, ItemBasis, ItemChannel, PublishedItem

#: The standard elements, in the order a reader (and the diff) goes through them, with their labels.
SNAPSHOT_FIELDS = [
    ("name", "事项名称"),
    ("code", "事项编码"),
    ("domain", "领域"),
    ("parent", "上级事项"),
    ("elements", "公开内容（要素）"),
    ("basis_text", "公开依据"),
    ("bases", "依据文件"),
    ("time_limit_text", "公开时限"),
    ("time_limit_rule", "时限规则"),
    ("subject_text", "公开主体"),
    ("subject_kinds", "主体单位类型"),
    ("channels", "公开渠道和载体"),
    ("audience", "公开对象"),
    ("mode", "公开方式"),
    ("tiers", "公开层级"),
    ("five_public", "五公开"),
    ("form", "公开形式"),
    ("duration", "公开时长"),
    ("responsible_office", "责任科室"),
    ("is_negative", "负面清单"),
    ("negative_ground", "不予公开依据"),
]
LABELS = dict(SNAPSHOT_FIELDS)


def items_for_snapshot():
    """Active items with everything a snapshot needs, in a fixed number of queries."""
    return (
        DisclosureItem.objects.active()
        .select_related("domain", "parent")
        .prefetch_related(
            Prefetch("elements", queryset=ContentElement.objects.order_by("order", "id")),
            Prefetch("bases", queryset=ItemBasis.objects.select_related("document").order_by("order", "id")),
            Prefetch("channels", queryset=ItemChannel.objects.order_by("id")),
        )
        .order_by("domain__order", "tree_id", "lft")
    )


def item_data(item: DisclosureItem) -> dict:
    """One item as plain JSON-safe data."""
    return {
        "name": item.name,
        "code": item.code,
        "domain": item.domain.name,
        "domain_code": item.domain.code,
        "parent": item.parent.name if item.parent_id else "",
        "parent_code": item.parent.code if item.parent_id else "",
        "level": item.level,
        "elements": [e.text for e in item.elements.all()],
        "content": item.content,
        "basis_text": item.basis_text,
        "bases": [
            {
                "name": b.document.name,
                "issuer": b.document.issuer,
                "doc_number": b.document.doc_number,
                "article": b.article,
            }
            for b in item.bases.all()
        ],
        "time_limit_text": item.time_limit_text,
        "time_limit_rule": item.time_limit_rule,
        "time_limit_status": item.time_limit_status,
        "subject_text": item.subject_text,
        "subject_kinds": list(item.subject_kinds),
        "subject_unit_id": item.subject_unit_id,
        "channels": [
            # the catalog's own words only when it has them: editions frozen before words existed stay equal
            {"channel": c.channel, "label": c.get_channel_display(), "required": c.required}
            | ({"words": c.words} if c.words else {})
            for c in item.channels.all()
        ],
        "audience": [
            label
            for label, on in (("全社会", item.audience_public), ("特定群体", item.audience_specific))
            if on
        ],
        "mode": [
            label for label, on in (("主动", item.mode_proactive), ("依申请", item.mode_on_request)) if on
        ],
        "tiers": item.tiers,
        "five_public": item.five_public,
        "form": item.form,
        "duration": item.duration,
        "responsible_office": item.responsible_office,
        "is_negative": item.is_negative,
        "negative_ground": item.negative_ground,
    }


def search_text(data: dict) -> str:
    return " ".join(
        [
            data["name"],
            data["parent"],
            data["domain"],
            *data["elements"],
            data["content"],
            data["basis_text"],
            data["subject_text"],
        ]
    )


def snapshot_items(edition) -> list[PublishedItem]:
    rows = []
    for position, item in enumerate(items_for_snapshot()):
        data = item_data(item)
        rows.append(
            PublishedItem(
                edition=edition,
                item=item,
                domain_id=item.domain_id,
                parent_item_id=item.parent_id,
                code=item.code,
                name=item.name,
                level=item.level,
                position=position,
                tier_district=item.tier_district,
                tier_street=item.tier_street,
                tier_community=item.tier_community,
                mode_proactive=item.mode_proactive,
                is_negative=item.is_negative,
                data=data,
                search_text=search_text(data),
            )
        )
    return rows


def working_copy() -> dict[int, dict]:
    """The office's current, unreviewed catalog as {item id: data}."""
    return {item.pk: item_data(item) for item in items_for_snapshot()}


def edition_data(edition) -> dict[int, dict]:
    if edition is None:
        return {}
    return dict(PublishedItem.objects.filter(edition=edition).values_list("item_id", "data"))
