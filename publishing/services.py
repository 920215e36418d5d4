"""Writes on obligations and publications.

Every function is keyword-only, runs in one transaction, asks :mod:`organizations.permissions` with the
unit the record belongs to, and records what happened (simple_history for obligations, ``PublicationEvent``
rows for publications).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalog.models import CatalogEdition, DisclosureItem, PublishedItem
from organizations import permissions as perms
from organizations.models import KIND_TIER, Unit

from . import deadlines
from .files import check_upload
from .models import (
    Attachment,
    Fulfilment,
    IndexCounter,
    Obligation,
    ObligationSource,
    ObligationStatus,
    Publication,
    PublicationEvent,
    PublicationStatus,
)

AREA = "publishing"
log = logging.getLogger(__name__)

#: Sent (inside the transaction) when a publication goes public, now or at its scheduled time;
#: receivers that reach outside the database enqueue their work with ``transaction.on_commit``.
publication_published = Signal()  # sender=Publication, publication=..., user=...


# =====================================================================================================
# Obligations (三级清单)
# =====================================================================================================


@dataclass(frozen=True)
class GenerationResult:
    created: int = 0
    reopened: int = 0
    closed: int = 0
    unchanged: int = 0
    #: Items with no recognised 公开主体 unit kind: every active unit of the ticked tiers was taken.
    fallback_items: int = 0


def desired_obligations(edition: CatalogEdition) -> tuple[dict[tuple[int, int], dict], set[int], int]:
    """The (unit id, item id) pairs the edition asks for, with each item's rule; the edition's item ids;
    and how many items fell back to "every unit of the tier". Two queries."""
    entries = list(
        PublishedItem.objects.filter(edition=edition).values_list(
            "item_id",
            "parent_item_id",
            "tier_district",
            "tier_street",
            "tier_community",
            "mode_proactive",
            "is_negative",
            "data",
        )
    )
    parents = {row[1] for row in entries if row[1] is not None}
    units_by_tier_kind: dict[tuple[str, str], list[int]] = {}
    for unit_id, kind in Unit.objects.filter(is_active=True).values_list("id", "kind"):
        units_by_tier_kind.setdefault((KIND_TIER[kind], kind), []).append(unit_id)

    desired: dict[tuple[int, int], dict] = {}
    fallback = 0
    for item_id, _parent, district, street, community, proactive, negative, data in entries:
        if not proactive or negative or item_id in parents:
            continue
        tiers = {t for t, on in (("district", district), ("street", street), ("community", community)) if on}
        kinds = set(data.get("subject_kinds") or [])
        if not kinds:
            fallback += 1
        rule = data.get("time_limit_rule") or {}
        for (tier, kind), unit_ids in units_by_tier_kind.items():
            if tier in tiers and (not kinds or kind in kinds):
                for unit_id in unit_ids:
                    desired[(unit_id, item_id)] = rule
    return desired, {row[0] for row in entries}, fallback


def _chunks(values: list, size: int):
    for i in range(0, len(values), size):
        yield values[i : i + size]


@transaction.atomic
def generate_obligations(*, edition: CatalogEdition, today: date | None = None) -> GenerationResult:
    """Bring the 三级清单 in line with an approved edition: create, reopen and close — never delete.

    Set-based: the desired pairs come from two queries, the existing obligations from one, and the changes
    are written in bulk (with history rows).
    """
    if not edition.is_frozen:
        raise ValidationError("只能从已批准的目录版本生成公开义务。")
    today = today or timezone.localdate()
    now = timezone.now()
    # Serialise runs (an approval and a unit change may regenerate at the same moment).
    CatalogEdition.objects.select_for_update().filter(pk=edition.pk).values_list("pk", flat=True).first()
    desired, edition_items, fallback = desired_obligations(edition)
    active_units = set(Unit.objects.filter(is_active=True).values_list("id", flat=True))
    # (unit, item) -> (id, status, source, rule, edition id): plain tuples, no model instances.
    existing = {
        (unit_id, item_id): rest
        for unit_id, item_id, *rest in Obligation.objects.values_list(
            "unit_id", "item_id", "id", "status", "source", "rule", "edition_id"
        ).iterator(chunk_size=5000)
    }

    to_create: list[Obligation] = []
    reopen_ids: dict[int, dict] = {}  # id -> rule
    close_ids: dict[int, str] = {}  # id -> reason
    repoint_ids: list[int] = []  # same rule, confirmed by this edition
    new_rules: list[Obligation] = []  # the rule snapshot changed
    unchanged = 0
    for key, rule in desired.items():
        row = existing.get(key)
        if row is None:
            to_create.append(
                Obligation(unit_id=key[0], item_id=key[1], edition=edition, rule=rule, started_on=today)
            )
            continue
        pk, status, _source, old_rule, edition_id = row
        if status == ObligationStatus.CLOSED:
            reopen_ids[pk] = rule
            continue
        unchanged += 1
        if old_rule != rule:
            new_rules.append(Obligation(pk=pk, rule=rule, edition_id=edition.pk))
        elif edition_id != edition.pk:
            repoint_ids.append(pk)
    for key, (pk, status, source, _rule, _edition_id) in existing.items():
        if key in desired or status == ObligationStatus.CLOSED:
            continue
        unit_gone = key[0] not in active_units
        if source == ObligationSource.ADDED and not unit_gone and key[1] in edition_items:
            continue  # added by the office on purpose: kept while its unit and item exist
        close_ids[pk] = "单位已停用" if unit_gone else f"第{edition.number}版目录不再要求"

    if to_create:
        bulk_create_with_history(to_create, Obligation, batch_size=1000, default_change_reason="由目录生成")
    changed = []
    ids = list(reopen_ids) + list(close_ids)
    for chunk in _chunks(ids, 500):  # whole rows: the history records every field
        for obligation in Obligation.objects.filter(pk__in=chunk):
            obligation.updated_at = now
            if obligation.pk in reopen_ids:
                obligation.status = ObligationStatus.ACTIVE
                obligation.edition = edition
                obligation.rule = reopen_ids[obligation.pk]
                obligation.started_on = today
                obligation.closed_at = None
                obligation.reason = f"第{edition.number}版目录重新适用"
            else:
                obligation.status = ObligationStatus.CLOSED
                obligation.closed_at = now
                obligation.reason = close_ids[obligation.pk]
            changed.append(obligation)
    if changed:
        bulk_update_with_history(
            changed,
            Obligation,
            ["status", "edition", "rule", "started_on", "closed_at", "reason", "updated_at"],
            batch_size=500,
            default_change_reason=f"第{edition.number}版目录",
        )
    # The pointer to the confirming edition and the rule snapshot are kept current without history rows.
    if new_rules:
        Obligation.objects.bulk_update(new_rules, ["rule", "edition"], batch_size=500)
    for chunk in _chunks(repoint_ids, 500):
        Obligation.objects.filter(pk__in=chunk).update(edition=edition)
    to_reopen, to_close = reopen_ids, close_ids
    result = GenerationResult(len(to_create), len(to_reopen), len(to_close), unchanged, fallback)
    if fallback:
        log.info("%s items name no unit kind; every unit of their tiers was taken", fallback)
    return result


@transaction.atomic
def add_obligation(*, user, unit: Unit, item: DisclosureItem, reason: str) -> Obligation:
    """The office adds an obligation by hand (or reopens a closed one)."""
    if not perms.is_office(user):
        raise PermissionDenied("只有区政务公开办可以添加公开义务。")
    perms.require(user, perms.ADD, AREA, unit)
    if not reason.strip():
        raise ValidationError("添加公开义务须说明理由。")
    entry = PublishedItem.objects.current().filter(item=item).first()
    edition = entry.edition if entry else CatalogEdition.objects.current()
    if edition is None:
        raise ValidationError("尚无已批准的目录版本。")
    rule = (entry.data.get("time_limit_rule") if entry else item.time_limit_rule) or {}
    obligation = Obligation.objects.select_for_update().filter(unit=unit, item=item).first()
    if obligation is None:
        obligation = Obligation(unit=unit, item=item)
    elif obligation.status == ObligationStatus.ACTIVE:
        raise ValidationError("该单位已有此公开义务。")
    obligation.edition = edition
    obligation.source = ObligationSource.ADDED
    obligation.status = ObligationStatus.ACTIVE
    obligation.rule = rule
    obligation.started_on = timezone.localdate()
    obligation.reason = reason
    obligation.closed_at = None
    obligation._change_reason = f"公开办添加：{reason}"
    obligation.save()
    return obligation


@transaction.atomic
def waive_obligation(*, user, obligation: Obligation, reason: str) -> Obligation:
    """The office exempts a unit from an obligation (recorded with who and why)."""
    if not perms.is_office(user):
        raise PermissionDenied("只有区政务公开办可以豁免公开义务。")
    perms.require(user, perms.CHANGE, AREA, obligation.unit)
    if not reason.strip():
        raise ValidationError("豁免须说明理由。")
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.status != ObligationStatus.ACTIVE:
        raise ValidationError("只有有效的公开义务可以豁免。")
    obligation.status = ObligationStatus.WAIVED
    obligation.reason = reason
    obligation.waived_by = user
    obligation.waived_at = timezone.now()
    obligation._change_reason = f"豁免：{reason}"
    obligation.save()
    return obligation


# =====================================================================================================
# Publications
# =====================================================================================================


def allocate_index_number(*, unit: Unit, year: int) -> str:
    """The next 索引号 of a unit in a year: ``<unit code>-<year>-<6-digit sequence>``.

    The counter row is locked (select_for_update) so concurrent publications never share a number.
    """
    with transaction.atomic():
        counter = IndexCounter.objects.select_for_update().filter(unit=unit, year=year).first()
        if counter is None:
            try:
                with transaction.atomic():
                    IndexCounter.objects.create(unit=unit, year=year, last=0)
            except IntegrityError:  # another transaction created it first
                pass
            counter = IndexCounter.objects.select_for_update().get(unit=unit, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{unit.code}-{year}-{counter.last:06d}"


def _event(publication, action, user, comment=""):
    PublicationEvent.objects.create(publication=publication, action=action, actor=user, comment=comment)


def _lock(publication: Publication) -> Publication:
    return Publication.objects.select_for_update().select_related("unit").get(pk=publication.pk)


def _expect(publication: Publication, *statuses, what: str) -> None:
    if publication.status not in statuses:
        raise ValidationError(f"「{publication.get_status_display()}」状态的信息不能{what}。")


def _link(user, publication: Publication, obligations, periods: dict[int, date] | None = None) -> None:
    """Attach obligations (each must be active and on a unit the user may act on), with due dates."""
    periods = periods or {}
    for obligation in obligations:
        perms.require(user, perms.ADD, AREA, obligation.unit)
        if obligation.status != ObligationStatus.ACTIVE:
            raise ValidationError(f"公开义务「{obligation}」已不再有效。")
        rule = deadlines.rule_of(obligation.rule)
        period_start = period_end = None
        if deadlines.is_periodic(rule):
            from catalog.timelimits import period_bounds

            if obligation.pk in periods:
                period_start, period_end = period_bounds(rule.period, periods[obligation.pk])
            else:
                period_start, period_end = deadlines.period_covered(rule, publication.formed_on)
        due = deadlines.due_date(rule, formed_on=publication.formed_on, period_end=period_end)
        Fulfilment.objects.update_or_create(
            publication=publication,
            obligation=obligation,
            defaults={"period_start": period_start, "period_end": period_end, "due_date": due},
        )


def _check_interprets(user, publication: Publication | None, interprets: Publication | None) -> None:
    """A 政策解读 points at a file the user may see, never at itself or at another interpretation."""
    if interprets is None:
        return
    if not perms.can(user, perms.VIEW, AREA, interprets.unit):
        raise PermissionDenied("无权引用该文件。")
    if publication is not None and interprets.pk == publication.pk:
        raise ValidationError("政策解读不能解读自身。")
    if interprets.interprets_id is not None:
        raise ValidationError("被解读的应是政策文件，不能是另一篇解读。")


@transaction.atomic
def create_publication(
    *,
    user,
    unit: Unit,
    title: str,
    body: str = "",
    formed_on: date,
    obligations=(),
    doc_number: str = "",
    validity: str | None = None,
    interprets: Publication | None = None,
    periods: dict[int, date] | None = None,
) -> Publication:
    """Draft a publication for ``unit``; it may satisfy obligations of any unit the user may act on."""
    perms.require(user, perms.ADD, AREA, unit)
    if not title.strip():
        raise ValidationError("请填写标题。")
    _check_interprets(user, None, interprets)
    publication = Publication(
        unit=unit,
        title=title.strip(),
        body=body,
        formed_on=formed_on,
        doc_number=doc_number.strip(),
        interprets=interprets,
        created_by=user,
        index_number=allocate_index_number(unit=unit, year=formed_on.year),
    )
    if validity:
        publication.validity = validity
    publication.save()
    _link(user, publication, obligations, periods)
    _event(publication, "create", user)
    return publication


EDITABLE = ("title", "body", "doc_number", "formed_on", "validity", "interprets")


@transaction.atomic
def update_publication(
    *, user, publication: Publication, obligations=None, periods: dict[int, date] | None = None, **changes
) -> Publication:
    """Edit a draft (fields in ``EDITABLE``; ``obligations`` replaces the linked set)."""
    publication = _lock(publication)
    perms.require(user, perms.CHANGE, AREA, publication.unit)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if set(changes) - {"validity"}:
        _expect(publication, PublicationStatus.DRAFT, what="修改（请先退回草稿）")
    if "interprets" in changes:
        _check_interprets(user, publication, changes["interprets"])
    for name, value in changes.items():
        setattr(publication, name, value)
    publication.save()
    if obligations is not None:
        _expect(publication, PublicationStatus.DRAFT, what="修改对应义务")
        wanted = {o.pk for o in obligations}
        for f in publication.fulfilments.select_related("obligation__unit"):
            if f.obligation_id not in wanted:
                perms.require(user, perms.CHANGE, AREA, f.obligation.unit)
                f.delete()
        _link(user, publication, obligations, periods)
    elif "formed_on" in changes:
        _link(
            user,
            publication,
            [f.obligation for f in publication.fulfilments.select_related("obligation__unit")],
            periods,
        )
    _event(publication, "edit", user, "、".join(sorted(changes)))
    return publication


@transaction.atomic
def submit(*, user, publication: Publication, comment: str = "") -> Publication:
    publication = _lock(publication)
    perms.require(user, perms.CHANGE, AREA, publication.unit)
    _expect(publication, PublicationStatus.DRAFT, what="提交审核")
    publication.status = PublicationStatus.SUBMITTED
    publication.save()
    _event(publication, "submit", user, comment)
    return publication


def _review(user, publication: Publication) -> Publication:
    publication = _lock(publication)
    perms.require(user, perms.REVIEW, AREA, publication.unit)
    _expect(publication, PublicationStatus.SUBMITTED, what="审核")
    if not perms.is_superuser(user):
        authors = {publication.created_by_id} | set(
            publication.events.filter(action="submit").values_list("actor_id", flat=True)
        )
        if user.pk in authors:
            raise PermissionDenied("起草人或提交人不能审核自己的信息。")
    return publication


@transaction.atomic
def approve(*, user, publication: Publication, comment: str = "") -> Publication:
    """The reviewer (保密审查) of the publication's unit approves; never the author."""
    publication = _review(user, publication)
    publication.status = PublicationStatus.APPROVED
    publication.save()
    _event(publication, "approve", user, comment)
    return publication


@transaction.atomic
def reject(*, user, publication: Publication, comment: str) -> Publication:
    if not comment.strip():
        raise ValidationError("退回修改须填写意见。")
    publication = _review(user, publication)
    publication.status = PublicationStatus.DRAFT
    publication.save()
    _event(publication, "reject", user, comment)
    return publication


def _make_public(publication: Publication, user, when: datetime) -> None:
    publication.status = PublicationStatus.PUBLISHED
    publication.published_at = when
    publication.publish_at = None
    publication.save()
    published_on = timezone.localdate(when)
    fulfilments = list(publication.fulfilments.all())
    for f in fulfilments:
        f.on_time, f.late_workdays = deadlines.timeliness(f.due_date, published_on)
    if fulfilments:
        bulk_update_with_history(
            fulfilments, Fulfilment, ["on_time", "late_workdays"], default_change_reason="发布"
        )
    _event(publication, "publish", user)
    publication_published.send(sender=Publication, publication=publication, user=user)


@transaction.atomic
def publish(*, user, publication: Publication, at: datetime | None = None) -> Publication:
    """Publish now, or schedule for ``at`` (a time in the future); ``publish_due`` releases scheduled ones."""
    publication = _lock(publication)
    perms.require(user, perms.CHANGE, AREA, publication.unit)
    _expect(publication, PublicationStatus.APPROVED, PublicationStatus.SCHEDULED, what="发布（须先审核通过）")
    now = timezone.now()
    if at is not None and at > now:
        publication.status = PublicationStatus.SCHEDULED
        publication.publish_at = at
        publication.save()
        _event(publication, "schedule", user, timezone.localtime(at).strftime("%Y-%m-%d %H:%M"))
    else:
        _make_public(publication, user, now)
    return publication


def publish_due(*, now: datetime | None = None) -> int:
    """Publish every scheduled publication whose time has come (the periodic task); returns how many."""
    now = now or timezone.now()
    count = 0
    for pk in Publication.objects.filter(status=PublicationStatus.SCHEDULED, publish_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            publication = (
                Publication.objects.select_for_update()
                .filter(pk=pk, status=PublicationStatus.SCHEDULED)
                .first()
            )
            if publication is None:  # published by another run meanwhile
                continue
            _make_public(publication, None, publication.publish_at or now)
            count += 1
    return count


@transaction.atomic
def withdraw(*, user, publication: Publication, reason: str) -> Publication:
    publication = _lock(publication)
    perms.require(user, perms.CHANGE, AREA, publication.unit)
    if not reason.strip():
        raise ValidationError("撤回须说明理由。")
    _expect(publication, PublicationStatus.PUBLISHED, PublicationStatus.SCHEDULED, what="撤回")
    publication.status = PublicationStatus.WITHDRAWN
    publication.publish_at = None
    publication.save()
    _event(publication, "withdraw", user, reason)
    return publication


@transaction.atomic
def supersede(*, user, old: Publication, new: Publication, comment: str = "") -> Publication:
    """Mark ``old`` as replaced by ``new`` (both on units the user may change; ``new`` published)."""
    old, new = _lock(old), _lock(new)
    perms.require(user, perms.CHANGE, AREA, old.unit)
    perms.require(user, perms.CHANGE, AREA, new.unit)
    if old.pk == new.pk:
        raise ValidationError("不能用自身替代。")
    _expect(old, PublicationStatus.PUBLISHED, what="被替代")
    _expect(new, PublicationStatus.PUBLISHED, what="作为替代信息（须先发布）")
    old.status = PublicationStatus.SUPERSEDED
    old.superseded_by = new
    old.save()
    _event(old, "supersede", user, comment or f"由「{new.title}」（{new.index_number}）替代")
    return old


@transaction.atomic
def add_attachment(*, user, publication: Publication, upload) -> Attachment:
    """Attach a file to a draft: the admin's checks (permission, type by content, size), recorded as an edit."""
    publication = Publication.objects.select_for_update().select_related("unit").get(pk=publication.pk)
    perms.require(user, perms.CHANGE, AREA, publication.unit)
    if publication.status != PublicationStatus.DRAFT:
        raise ValidationError(f"「{publication.get_status_display()}」状态的信息不能上传附件（仅草稿可以）。")
    check_upload(upload)
    name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    attachment = Attachment(publication=publication, file=upload, original_name=name)
    attachment.save()
    _event(publication, "edit", user, f"上传附件：{name}")
    return attachment
