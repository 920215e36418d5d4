"""Writes on the catalog: items, their rules, bulk changes, and the edition workflow.

Every function checks the user through :mod:`organizations.permissions`, runs in one transaction and
records who did what (item history through simple_history, edition steps as ``EditionEvent`` rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from core.workflow import Step, Workflow
from domains.models import Domain
from organizations import permissions as perms

from .checks import TIERS, item_problems
from .guides import save_guide  # noqa: F401 - the service guides' write path (the guide admin saves through it)
from .models import (
    BasisDocument,
    CatalogEdition,
    Channel,
    ContentElement,
    DisclosureItem,
    EditionEvent,
    EditionStatus,
    ItemBasis,
    ItemChannel,
    ItemStatus,
    PublishedItem,
    RuleStatus,
)
from .snapshot import snapshot_items
from .subjects import subject_kinds
from .timelimits import TimeLimitRule, parse_time_limit

AREA = "catalog"

#: Sent after an edition is approved; publishing regenerates the obligations.
edition_approved = Signal()
#: Sent after a street's or community's catalog changed (adopted, an item excluded or added: catalog.tiers);
#: publishing regenerates the obligations, which follow the adopted catalogs.
adoption_changed = Signal()


@dataclass
class BasisRef:
    name: str
    issuer: str = ""
    doc_number: str = ""
    article: str = ""
    #: an existing document chosen by id (the admin's picker); None: found or made by name
    document_id: int | None = None


@dataclass
class ItemData:
    """Everything one catalog row says about an item: what the admin form, the importer and the demo loader
    hand to :func:`write_item`."""

    name: str
    code: str = ""
    elements: list[str] = field(default_factory=list)
    content: str = ""
    basis_text: str = ""
    bases: list[BasisRef] = field(default_factory=list)
    time_limit_text: str = ""
    subject_text: str = ""
    #: (channel, required) or (channel, required, the catalog's own words for it)
    channels: list[tuple] = field(default_factory=list)
    audience_public: bool = True
    audience_specific: bool = False
    mode_proactive: bool = True
    mode_on_request: bool = False
    tier_district: bool = False
    tier_street: bool = False
    tier_community: bool = False
    five_public: str = ""
    form: str = ""
    duration: str = ""
    responsible_office: str = ""
    is_negative: bool = False
    negative_ground: str = ""
    order: int = 0
    #: None: read from the subject text (the default); a list: set by the office
    subject_kinds: list[str] | None = None
    subject_unit_id: int | None = None
    #: what an import noted on the item (同上, columns the catalog lacks); None keeps the stored notes
    notes: list[str] | None = None
    #: a heading that only groups sub-items (made from merged 一级 labels): no tier of its own needed
    group: bool = False


SCALAR_FIELDS = (
    "name",
    "content",
    "basis_text",
    "time_limit_text",
    "subject_text",
    "audience_public",
    "audience_specific",
    "mode_proactive",
    "mode_on_request",
    "tier_district",
    "tier_street",
    "tier_community",
    "five_public",
    "form",
    "duration",
    "responsible_office",
    "is_negative",
    "negative_ground",
    "order",
)
#: Every field :func:`apply_item_data` sets on the item row (what a bulk update writes).
ITEM_FIELDS = list(
    dict.fromkeys(
        [
            *SCALAR_FIELDS,
            "subject_kinds",
            "subject_unit_id",
            "time_limit_text",
            "time_limit_rule",
            "time_limit_status",
            "time_limit_note",
            "import_notes",
            "status",
        ]
    )
)


def item_problems_of(data: ItemData, *, has_children: bool = False) -> list[tuple[str, str]]:
    """The problems of an item's data (see :mod:`catalog.checks`): the importer names their columns."""
    return item_problems(
        name=data.name,
        is_negative=data.is_negative,
        negative_ground=data.negative_ground,
        mode_proactive=data.mode_proactive,
        tiers=data.tier_district or data.tier_street or data.tier_community,
        has_children=has_children or data.group,
        heading=not (
            data.elements
            or data.content
            or data.time_limit_text
            or data.subject_text
            or data.basis_text
            or data.channels
        ),
        elements=data.elements,
    )


def apply_time_limit_text(item: DisclosureItem, text: str) -> None:
    """Parse the wording into the machine rule; an unknown wording is flagged, never guessed."""
    item.time_limit_text = text
    result = parse_time_limit(text)
    item.time_limit_rule = result.rule.to_dict() if result.understood else {}
    item.time_limit_status = RuleStatus.PARSED if result.understood else RuleStatus.UNPARSED
    item.time_limit_note = result.note[:300]


def apply_manual_rule(item: DisclosureItem, rule: TimeLimitRule) -> None:
    """The office's own rule: confirmed, whatever the wording says."""
    item.time_limit_rule = rule.to_dict()
    item.time_limit_status = RuleStatus.CONFIRMED
    item.time_limit_note = (_("人工设置：%(rule)s") % {"rule": rule.describe()})[:300]


def apply_item_data(
    item: DisclosureItem,
    data: ItemData,
    *,
    rule: TimeLimitRule | None = None,
    stored_time_limit: tuple[str, str] | None = None,
) -> None:
    """Set everything ``data`` says on the item row (not saved; elements, bases and channels apart).

    The wording is parsed again unless the office confirmed a rule for this same wording
    (``stored_time_limit``: the stored (wording, status), None for a new item); ``rule`` is a rule the
    office sets now."""
    for name in SCALAR_FIELDS:
        setattr(item, name, getattr(data, name))
    item.subject_kinds = (
        subject_kinds(data.subject_text) if data.subject_kinds is None else data.subject_kinds
    )
    item.subject_unit_id = data.subject_unit_id
    if data.notes is not None:
        item.import_notes = list(data.notes)
    if rule is not None:
        apply_manual_rule(item, rule)
    elif stored_time_limit != (data.time_limit_text, RuleStatus.CONFIRMED):
        apply_time_limit_text(item, data.time_limit_text)
    item.status = ItemStatus.ACTIVE


def next_code(domain: Domain, parent: DisclosureItem | None) -> str:
    prefix = parent.code if parent else domain.code.upper()[:12]
    taken = set(DisclosureItem.objects.filter(code__startswith=f"{prefix}-").values_list("code", flat=True))
    n = 1
    while f"{prefix}-{n:02d}" in taken:
        n += 1
    return f"{prefix}-{n:02d}"


def _basis_document(ref: BasisRef) -> BasisDocument:
    if ref.document_id is not None:
        return BasisDocument.objects.get(pk=ref.document_id)
    doc, created = BasisDocument.objects.get_or_create(
        name=ref.name[:200], defaults={"issuer": ref.issuer, "doc_number": ref.doc_number}
    )
    if not created and ((ref.issuer and not doc.issuer) or (ref.doc_number and not doc.doc_number)):
        doc.issuer = doc.issuer or ref.issuer
        doc.doc_number = doc.doc_number or ref.doc_number
        doc.save()
    return doc


def channel_rows(item: DisclosureItem, channels: list[tuple]) -> list[ItemChannel]:
    """ItemChannel rows for (channel, required[, words]) tuples."""
    rows = []
    for entry in channels:
        channel, required, *rest = entry
        rows.append(
            ItemChannel(item=item, channel=channel, required=required, words=(rest[0] if rest else "")[:200])
        )
    return rows


def check_item(data: ItemData, *, item: DisclosureItem | None = None) -> None:
    """Refuse an item that breaks the catalog's rules (:mod:`catalog.checks`), field by field."""
    has_children = item is not None and item.pk is not None and item.children.exists()
    problems = item_problems_of(data, has_children=has_children)
    if problems:
        errors: dict = {}
        for field_name, message in problems:
            errors.setdefault(NON_FIELD_ERRORS if field_name == TIERS else field_name, []).append(message)
        raise ValidationError(errors)


def write_item(
    *,
    domain: Domain,
    parent: DisclosureItem | None,
    data: ItemData,
    item: DisclosureItem | None = None,
    rule: TimeLimitRule | None = None,
    related: bool = True,
) -> DisclosureItem:
    """Create or overwrite one item (and, with ``related``, its elements, bases and channels) after checking
    it. The one write path of an item: the admin, the importer and the demo loader call it (the bulk import
    sets the same fields through :func:`apply_item_data`). Callers check permission and hold the
    transaction (the importer writes thousands in one)."""
    check_item(data, item=item)
    item = item if item is not None else DisclosureItem(domain=domain, parent=parent)
    stored = None
    if item.pk is not None:
        stored = (
            DisclosureItem.objects.filter(pk=item.pk)
            .values_list("time_limit_text", "time_limit_status")
            .first()
        )
    item.domain, item.parent = domain, parent
    apply_item_data(item, data, rule=rule, stored_time_limit=stored)
    item.code = data.code or item.code or next_code(domain, parent)
    item.save()
    if related:
        _replace_related(item, data)
    return item


def _replace_related(item: DisclosureItem, data: ItemData) -> None:
    """Replace the item's elements, bases and channels — each list only where it differs from what is stored,
    so saving an item without touching them writes no history rows for them."""
    elements = [ContentElement(item=item, text=text[:500], order=i) for i, text in enumerate(data.elements)]
    _replace_rows(item.elements, elements, ("text", "order"))
    bases = [
        ItemBasis(item=item, document=_basis_document(ref), article=ref.article, order=i)
        for i, ref in enumerate(data.bases)
    ]
    _replace_rows(item.bases, bases, ("document_id", "article", "order"))
    _replace_rows(item.channels, channel_rows(item, data.channels), ("channel", "required", "words"))


def _replace_rows(manager, rows: list, fields: tuple[str, ...]) -> None:
    stored = list(manager.order_by("pk").values_list(*fields))
    if stored == [tuple(getattr(row, f) for f in fields) for row in rows]:
        return
    manager.all().delete()  # each removed row gets its history row (post_delete)
    bulk_create_with_history(rows, manager.model)


@transaction.atomic
def save_item(
    *,
    user,
    domain: Domain,
    parent: DisclosureItem | None,
    data: ItemData,
    item: DisclosureItem | None = None,
    rule: TimeLimitRule | None = None,
    related: bool = True,
) -> DisclosureItem:
    """:func:`write_item` for a user: permission checked (ADD for a new item, CHANGE otherwise), atomic."""
    perms.require(user, perms.CHANGE if item is not None and item.pk else perms.ADD, AREA)
    return write_item(domain=domain, parent=parent, data=data, item=item, rule=rule, related=related)


@transaction.atomic
def set_time_limit_rule(*, user, item: DisclosureItem, rule: TimeLimitRule) -> DisclosureItem:
    """The office confirms or fixes the machine rule by hand."""
    perms.require(user, perms.CHANGE, AREA)
    apply_manual_rule(item, rule)
    item._change_reason = _("人工设置时限规则")
    item.save()
    return item


@transaction.atomic
def retire_items(*, user, items, reason: str) -> int:
    """Retire items (and their sub-items); they leave the next edition but are never deleted."""
    perms.require(user, perms.CHANGE, AREA)
    if not reason.strip():
        raise ValidationError(_("停用事项须说明理由。"))
    count = 0
    for item in items:
        for node in item.get_descendants(include_self=True).filter(status=ItemStatus.ACTIVE):
            node.status = ItemStatus.RETIRED
            node._change_reason = f"停用：{reason}"
            node.save()
            count += 1
    return count


@transaction.atomic
def move_items(*, user, items, domain: Domain) -> int:
    """Move top-level items (with their sub-items) to another field."""
    perms.require(user, perms.CHANGE, AREA)
    count = 0
    for item in items:
        if item.parent_id is not None:
            raise ValidationError(_("「%(item)s」不是一级事项，只能随其上级事项一起移动。") % {"item": item})
        for node in item.get_descendants(include_self=True):
            node.domain = domain
            node._change_reason = f"移至领域：{domain}"
            node.save()
            count += 1
    return count


@transaction.atomic
def set_channel(*, user, items, channel: str, required: bool) -> int:
    perms.require(user, perms.CHANGE, AREA)
    if channel not in Channel.values:
        raise ValidationError(_("未知的公开渠道。"))
    count = 0
    for item in items:
        ItemChannel.objects.update_or_create(item=item, channel=channel, defaults={"required": required})
        item._change_reason = f"设置渠道：{'■' if required else '□'}{Channel(channel).label}"
        item.save()  # one history row per item for the bulk change
        count += 1
    return count


# -- editions ------------------------------------------------------------------------------------


def _record(edition: CatalogEdition, action: str, user, comment: str) -> None:
    EditionEvent.objects.create(edition=edition, action=action, actor=user, comment=comment)


#: The edition's workflow: drafted → submitted to the joint meeting → approved, or returned and resubmitted.
EDITION_FLOW: Workflow[CatalogEdition] = Workflow(
    model=CatalogEdition,
    steps={
        "submit": Step(gettext_lazy("提交审核"), perms.CHANGE, (EditionStatus.DRAFT, EditionStatus.RETURNED)),
        "approve": Step(gettext_lazy("批准"), perms.REVIEW, (EditionStatus.SUBMITTED,), gettext_lazy("审核")),
        "return": Step(
            gettext_lazy("退回修改"), perms.REVIEW, (EditionStatus.SUBMITTED,), gettext_lazy("审核")
        ),
    },
    permit=lambda user, step, edition: perms.require(user, step.action, AREA),
    can=lambda user, step, edition: perms.can(user, step.action, AREA),
    record=_record,
    refusal=gettext_lazy("「%(status)s」状态的目录版本不能%(what)s。"),
)


def _event(edition, action, user, comment=""):
    EDITION_FLOW.tell(edition, action, user, comment)


def ensure_can_draft() -> None:
    """Refuse a new edition while another one is not approved yet (the admin form asks this first)."""
    if CatalogEdition.objects.exclude(status=EditionStatus.APPROVED).exists():
        raise ValidationError(_("已有一个未批准的目录版本，请先完成其审核。"))


@transaction.atomic
def draft_edition(*, user, title: str, summary: str = "") -> CatalogEdition:
    perms.require(user, perms.CHANGE, AREA)
    ensure_can_draft()
    last = CatalogEdition.objects.order_by("-number").first()
    edition = CatalogEdition.objects.create(
        number=(last.number + 1) if last else 1,
        title=title,
        summary=summary,
        previous=CatalogEdition.objects.current(),
        created_by=user,
    )
    _event(edition, "draft", user)
    return edition


@transaction.atomic
def submit_edition(*, user, edition: CatalogEdition) -> CatalogEdition:
    """Freeze the working copy into the edition and put it before the joint meeting."""
    with EDITION_FLOW.step("submit", edition, user=user) as change:
        edition = change.obj
        unparsed = DisclosureItem.objects.active().filter(
            time_limit_status=RuleStatus.UNPARSED, mode_proactive=True
        )
        unparsed = unparsed.exclude(time_limit_text="").exclude(children__isnull=False)
        PublishedItem.objects.filter(edition=edition).delete()  # a returned edition's old snapshot
        PublishedItem.objects.bulk_create(snapshot_items(edition))
        edition.status = EditionStatus.SUBMITTED
        edition.submitted_by = user
        edition.submitted_at = timezone.now()
        edition.save()
        change.comment = f"{unparsed.count()} 个事项的时限规则待人工设置" if unparsed.exists() else ""
    return edition


def _reviewed(edition: CatalogEdition, user, status: str, comment: str) -> CatalogEdition:
    """The joint meeting's decision, by a member other than the one who submitted (four eyes)."""
    if edition.submitted_by_id == user.pk and not perms.is_superuser(user):
        raise PermissionDenied(_("提交人不能审核自己提交的版本，请由联席会议其他成员审核。"))
    edition.status = status
    edition.reviewed_by = user
    edition.reviewed_at = timezone.now()
    edition.review_comment = comment
    edition.save()
    return edition


@transaction.atomic
def approve_edition(*, user, edition: CatalogEdition, comment: str = "") -> CatalogEdition:
    with EDITION_FLOW.step("approve", edition, user=user, comment=comment) as change:
        edition = _reviewed(change.obj, user, EditionStatus.APPROVED, comment)
    transaction.on_commit(lambda: edition_approved.send(sender=CatalogEdition, edition=edition))
    return edition


@transaction.atomic
def return_edition(*, user, edition: CatalogEdition, comment: str) -> CatalogEdition:
    if not comment.strip():
        raise ValidationError(_("退回修改须填写审核意见。"))
    with EDITION_FLOW.step("return", edition, user=user, comment=comment) as change:
        edition = _reviewed(change.obj, user, EditionStatus.RETURNED, comment)
    return edition
