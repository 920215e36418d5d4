"""Writes on publications (公开信息) and their workflow: draft → submitted → approved → published / scheduled →
withdrawn / superseded.

Every write follows one order: **permission → lock → change → event → signal on commit**. It is keyword-only,
runs in one transaction, asks :mod:`organizations.permissions` with the unit the record belongs to, locks the
row (``select_for_update``), records a ``PublicationEvent`` and sends its signals with
``transaction.on_commit`` (a rolled-back write never tells anyone).

:data:`TRANSITIONS` is the workflow's one rule book (which step is allowed from which status, with which
permission); the admin's buttons, the desk and the API read it.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from core.workflow import Step, Workflow
from organizations import permissions as perms
from organizations.models import Unit

from .. import deadlines
from ..files import check_upload
from ..models import (
    Attachment,
    Fulfilment,
    IndexCounter,
    Obligation,
    ObligationStatus,
    Publication,
    PublicationEvent,
    PublicationStatus,
)
from .obligations import refresh_deadlines

AREA = "publishing"

#: Sent after the commit when a publication goes public (now, or at its scheduled time).
publication_published = Signal()  # sender=Publication, publication=..., user=...
#: Sent after the commit on every workflow step (submit, approve, reject, schedule, publish, withdraw…), for
#: notices: sender=Publication, publication=..., action=<PublicationEvent action>, user=..., comment=...
publication_changed = Signal()

S = PublicationStatus


Transition = Step  # the name the admin and the tests know

#: How a refusal reads when a step does not start from the record's status.
REFUSAL = gettext_lazy("「%(status)s」状态的信息不能%(what)s。")

STEPS: dict[str, Step] = {
    "submit": Step(gettext_lazy("提交审核"), perms.CHANGE, (S.DRAFT,)),
    "approve": Step(gettext_lazy("审核通过"), perms.REVIEW, (S.SUBMITTED,), what=gettext_lazy("审核")),
    "reject": Step(gettext_lazy("退回修改"), perms.REVIEW, (S.SUBMITTED,), what=gettext_lazy("审核")),
    "publish": Step(
        gettext_lazy("发布"),
        perms.CHANGE,
        (S.APPROVED, S.SCHEDULED),
        what=gettext_lazy("发布（须先审核通过）"),
    ),
    "withdraw": Step(gettext_lazy("撤回"), perms.CHANGE, (S.PUBLISHED, S.SCHEDULED)),
    "supersede": Step(
        gettext_lazy("用新信息替代"), perms.CHANGE, (S.PUBLISHED,), what=gettext_lazy("被替代")
    ),
}


def _record(publication: Publication, action: str, user, comment: str) -> None:
    PublicationEvent.objects.create(publication=publication, action=action, actor=user, comment=comment)


FLOW: Workflow[Publication] = Workflow(
    model=Publication,
    steps=STEPS,
    permit=lambda user, step, p: perms.require(user, step.action, AREA, p.unit),
    can=lambda user, step, p: perms.can(user, step.action, AREA, p.unit),
    record=_record,
    refusal=REFUSAL,
    changed=publication_changed,
    noun="publication",
    lock=lambda p: Publication.objects.select_for_update().select_related("unit").get(pk=p.pk),
)
TRANSITIONS = STEPS


def available_steps(user, publication: Publication) -> list[str]:
    """The steps ``user`` may take on ``publication`` now (status and permission; the four-eyes rule is
    checked when the step runs)."""
    return FLOW.available(user, publication)


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
    FLOW.tell(publication, action, user, comment)


def _lock(publication: Publication) -> Publication:
    return FLOW.lock(publication)


def _expect(publication: Publication, *statuses, what: str) -> None:
    FLOW.expect(publication, *statuses, what=what)


def _refresh(publication: Publication) -> None:
    """Keep the stored deadline summary of the obligations this publication fulfils in step."""
    refresh_deadlines(obligations=Obligation.objects.filter(fulfilments__publication=publication))


def _link(
    user, publication: Publication, obligations, periods: dict[int, date] | None = None, *, check=True
) -> None:
    """Attach obligations (each must be active, on a unit the user may act on and, with ``check``, pass
    :func:`check_duties`), with due dates; ``periods`` names the period of a periodic duty among them."""
    from catalog.timelimits import period_bounds

    periods = periods or {}
    obligations = list(obligations)
    for obligation in obligations:
        perms.require(user, perms.ADD, AREA, obligation.unit)
        if obligation.status != ObligationStatus.ACTIVE:
            raise ValidationError(_("公开义务「%(o)s」已不再有效。") % {"o": obligation})
    if check:
        check_duties(publication, obligations)
    for obligation in obligations:
        rule = deadlines.rule_of(obligation.rule)
        period_start = period_end = None
        if deadlines.is_periodic(rule):
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


def check_duties(publication: Publication, obligations) -> None:
    """A record counts for its own duty (issue 21): every linked duty is of an item the publishing unit itself
    owes (holds a non-closed obligation of), and all are of one item unless the record is marked
    ``combined`` (合并公开: one document answering several items, each linked explicitly). Reuse across units
    (一次上传，多方复用) stays open for the same item: a district record may serve the streets' duties of it."""
    obligations = list(obligations)
    if not obligations:
        return
    items = {}
    for obligation in obligations:
        items.setdefault(obligation.item_id, obligation.item)
    if len(items) > 1 and not publication.combined:
        names = "」「".join(item.name for item in list(items.values())[:3])
        raise ValidationError(
            _(
                "一条信息只履行其所属公开事项的义务：所选义务分属「%(names)s」等 %(n)s 个事项，不能互相计入。"
                "一份文件确实同时回应多个事项（如合并公示）的，请勾选“合并公开”并逐一关联各事项的义务。"
            )
            % {"names": names, "n": len(items)}
        )
    owed = set(
        Obligation.objects.filter(unit_id=publication.unit_id, item_id__in=items)
        .exclude(status=ObligationStatus.CLOSED)
        .values_list("item_id", flat=True)
    )
    for item_id, item in items.items():
        if item_id not in owed:
            raise ValidationError(
                _(
                    "本单位不承担此事项的公开义务：「%(unit)s」没有「%(item)s」的公开义务，"
                    "不能以本单位名义发布信息履行该事项的义务（一次上传、多方复用限于发布单位自身承担的同一事项）。"
                )
                % {"unit": publication.unit, "item": item.name}
            )


def _check_interprets(user, publication: Publication | None, interprets: Publication | None) -> None:
    """A 政策解读 points at a file the user may see, never at itself or at another interpretation."""
    if interprets is None:
        return
    if not perms.can(user, perms.VIEW, AREA, interprets.unit):
        raise PermissionDenied(_("无权引用该文件。"))
    if publication is not None and interprets.pk == publication.pk:
        raise ValidationError(_("政策解读不能解读自身。"))
    if interprets.interprets_id is not None:
        raise ValidationError(_("被解读的应是政策文件，不能是另一篇解读。"))


#: Fields a draft may change (``validity`` also later). The 公示 fields say how long a 公示 runs and how to
#: object to it; ``publish_at`` is the publisher's choice of time, made before review.
EDITABLE = (
    "title",
    "body",
    "doc_number",
    "formed_on",
    "validity",
    "interprets",
    "notice_from",
    "notice_until",
    "objection_channel",
    "combined",
)


def _check_notice(publication: Publication) -> None:
    start, end = publication.notice_from, publication.notice_until
    if (start is None) != (end is None):
        raise ValidationError(_("公示期须同时填写开始和结束日期。"))
    if start and end and end < start:
        raise ValidationError(_("公示期的结束日期不能早于开始日期。"))
    if start and not publication.objection_channel.strip():
        raise ValidationError(_("公示须写明异议渠道（如 电话、地址、邮箱）。"))


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
    notice_from: date | None = None,
    notice_until: date | None = None,
    objection_channel: str = "",
    combined: bool = False,
) -> Publication:
    """Draft a publication for ``unit``; it may satisfy obligations of any unit the user may act on, of the
    items ``unit`` itself owes — one item, or several when ``combined`` (合并公开; :func:`check_duties`)."""
    perms.require(user, perms.ADD, AREA, unit)
    if not title.strip():
        raise ValidationError(_("请填写标题。"))
    _check_interprets(user, None, interprets)
    publication = Publication(
        unit=unit,
        title=title.strip(),
        body=body,
        formed_on=formed_on,
        doc_number=doc_number.strip(),
        interprets=interprets,
        created_by=user,
        notice_from=notice_from,
        notice_until=notice_until,
        objection_channel=objection_channel.strip(),
        combined=bool(combined),
    )
    _check_notice(publication)
    if validity:
        publication.validity = validity
    publication.index_number = allocate_index_number(unit=unit, year=formed_on.year)
    publication.save()
    _link(user, publication, obligations, periods)
    _event(publication, "create", user)
    _refresh(publication)
    return publication


def _relink(user, publication: Publication, obligations, periods) -> None:
    _expect(publication, S.DRAFT, what=_("修改对应义务"))
    wanted = {o.pk for o in obligations}
    dropped = []
    for f in publication.fulfilments.select_related("obligation__unit"):
        if f.obligation_id not in wanted:
            perms.require(user, perms.CHANGE, AREA, f.obligation.unit)
            dropped.append(f.obligation_id)
            f.delete()
    _link(user, publication, obligations, periods)
    if dropped:
        refresh_deadlines(obligations=Obligation.objects.filter(pk__in=dropped))


@transaction.atomic
def update_publication(
    *, user, publication: Publication, obligations=None, periods: dict[int, date] | None = None, **changes
) -> Publication:
    """Edit a draft (fields in ``EDITABLE``; ``obligations`` replaces the linked set)."""
    perms.require(user, perms.CHANGE, AREA, publication.unit)
    publication = _lock(publication)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if set(changes) - {"validity"}:
        _expect(publication, S.DRAFT, what=_("修改（请先退回草稿）"))
    if "interprets" in changes:
        _check_interprets(user, publication, changes["interprets"])
    for name, value in changes.items():
        setattr(publication, name, value)
    _check_notice(publication)
    publication.save()
    if obligations is not None:
        _relink(user, publication, obligations, periods)
    elif "formed_on" in changes:
        current = [
            f.obligation
            for f in publication.fulfilments.select_related("obligation__unit", "obligation__item")
        ]
        _link(user, publication, current, periods, check="combined" in changes)
    elif "combined" in changes:  # unticking 合并公开 on a record linked to several items is refused
        check_duties(
            publication, [f.obligation for f in publication.fulfilments.select_related("obligation__item")]
        )
    _event(publication, "edit", user, "、".join(sorted(changes)))
    _refresh(publication)
    return publication


@transaction.atomic
def submit(
    *,
    user,
    publication: Publication,
    comment: str = "",
    publish_on_approval: bool | None = None,
    publish_at: datetime | None = None,
) -> Publication:
    """Put a draft before the reviewer. ``publish_on_approval``: the publisher's choice, made now, that the
    record goes public as soon as it is approved — at once, or at ``publish_at`` when that is in the future."""
    with FLOW.step("submit", publication, user=user, comment=comment) as change:
        publication = change.obj
        if publish_at is not None and publish_at <= timezone.now():
            raise ValidationError(_("定时发布时间须晚于现在。"))
        if publish_on_approval is not None:
            publication.publish_on_approval = publish_on_approval
            publication.publish_at = publish_at if publish_on_approval else None
        publication.status = S.SUBMITTED
        publication.save()
    return publication


def _four_eyes(user, publication: Publication) -> None:
    if not perms.is_superuser(user):
        authors = {publication.created_by_id} | set(
            publication.events.filter(action="submit").values_list("actor_id", flat=True)
        )
        if user.pk in authors:
            raise PermissionDenied(_("起草人或提交人不能审核自己的信息。"))


@transaction.atomic
def approve(*, user, publication: Publication, comment: str = "") -> Publication:
    """The reviewer (保密审查) of the publication's unit approves; never the author. When the publisher chose
    "publish on approval" at submission, the record goes public now (or is scheduled for its time)."""
    with FLOW.step("approve", publication, user=user, comment=comment) as change:
        publication = change.obj
        _four_eyes(user, publication)
        publication.status = S.APPROVED
        publication.save()
    if publication.publish_on_approval:
        _release(publication, user, publication.publish_at)
    return publication


@transaction.atomic
def reject(*, user, publication: Publication, comment: str) -> Publication:
    if not comment.strip():
        raise ValidationError(_("退回修改须填写意见。"))
    with FLOW.step("reject", publication, user=user, comment=comment) as change:
        publication = change.obj
        _four_eyes(user, publication)
        publication.status = S.DRAFT
        publication.save()
    return publication


def _make_public(publication: Publication, user, when: datetime) -> None:
    publication.status = S.PUBLISHED
    publication.published_at = when
    publication.publish_at = None
    publication.save()
    published_on = timezone.localdate(when)
    fulfilments = list(publication.fulfilments.all())
    for f in fulfilments:
        f.on_time, f.late_workdays = deadlines.timeliness(f.due_date, published_on)
    if fulfilments:
        bulk_update_with_history(
            fulfilments, Fulfilment, ["on_time", "late_workdays"], default_change_reason=_("发布")
        )
    _event(publication, "publish", user)
    _refresh(publication)
    pk = publication.pk
    transaction.on_commit(
        lambda: publication_published.send(
            sender=Publication, publication=Publication.objects.get(pk=pk), user=user
        )
    )


def _release(publication: Publication, user, at: datetime | None) -> None:
    now = timezone.now()
    if at is not None and at > now:
        publication.status = S.SCHEDULED
        publication.publish_at = at
        publication.save()
        _event(publication, "schedule", user, timezone.localtime(at).strftime("%Y-%m-%d %H:%M"))
    else:
        _make_public(publication, user, now)


@transaction.atomic
def publish(*, user, publication: Publication, at: datetime | None = None) -> Publication:
    """Publish now, or schedule for ``at`` (a time in the future); ``publish_due`` releases scheduled ones."""
    with FLOW.step("publish", publication, user=user) as change:
        publication = change.obj
        _release(publication, user, at)
        change.action = ""  # _release recorded "schedule" or "publish"
    return publication


def publish_due(*, now: datetime | None = None) -> int:
    """Publish every scheduled publication whose time has come (the periodic task); returns how many."""
    now = now or timezone.now()
    count = 0
    for pk in Publication.objects.filter(status=S.SCHEDULED, publish_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            publication = Publication.objects.select_for_update().filter(pk=pk, status=S.SCHEDULED).first()
            if publication is None:  # published by another run meanwhile
                continue
            _make_public(publication, None, publication.publish_at or now)
            count += 1
    return count


@transaction.atomic
def withdraw(*, user, publication: Publication, reason: str) -> Publication:
    perms.require(user, perms.CHANGE, AREA, publication.unit)
    if not reason.strip():
        raise ValidationError(_("撤回须说明理由。"))
    with FLOW.step("withdraw", publication, user=user, comment=reason) as change:
        publication = change.obj
        publication.status = S.WITHDRAWN
        publication.publish_at = None
        publication.save()
    _refresh(publication)
    return publication


@transaction.atomic
def supersede(*, user, old: Publication, new: Publication, comment: str = "") -> Publication:
    """Mark ``old`` as replaced by ``new`` (both on units the user may change; ``new`` published)."""
    perms.require(user, perms.CHANGE, AREA, new.unit)
    with FLOW.step("supersede", old, user=user) as change:
        old, new = change.obj, _lock(new)
        if old.pk == new.pk:
            raise ValidationError(_("不能用自身替代。"))
        _expect(new, S.PUBLISHED, what=_("作为替代信息（须先发布）"))
        old.status = S.SUPERSEDED
        old.superseded_by = new
        old.save()
        default = _("由「%(title)s」（%(index)s）替代") % {"title": new.title, "index": new.index_number}
        change.comment = comment or default
    return old


@transaction.atomic
def add_attachment(*, user, publication: Publication, upload) -> Attachment:
    """Attach a file to a draft: permission, type by content, size; recorded as an edit."""
    perms.require(user, perms.CHANGE, AREA, publication.unit)
    publication = _lock(publication)
    if publication.status != S.DRAFT:
        raise ValidationError(
            _("「%(status)s」状态的信息不能上传附件（仅草稿可以）。")
            % {"status": publication.get_status_display()}
        )
    check_upload(upload)
    name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    attachment = Attachment(publication=publication, file=upload, original_name=name)
    attachment.save()
    _event(publication, "edit", user, _("上传附件：%(name)s") % {"name": name})
    return attachment
