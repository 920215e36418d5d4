"""The writes of the 公开栏: boards (set up, changed, retired), the 公示 period of an item, postings (posted with
their printed sheet, photographed, taken down, re-posted) and objections (recorded, handled). Each write asks
organizations.permissions (area ``publishing``: a community officer acts on the boards of their own unit, the
office on every unit's), validates, and appends a :class:`~boards.models.PostingEvent`; nothing is deleted."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import DisclosureItem
from core.pagecache import bump_tags
from core.uploads import JPEG, PNG, check_upload
from organizations import permissions as perms
from organizations.models import Unit
from publishing.models import Publication, PublicationStatus

from . import periods, sheet
from .models import AREA, Board, BoardKind, Channel, Objection, Posting, PostingEvent, PostingPeriod, Result

PHOTO_TYPES = (JPEG, PNG)
PHOTO_MAX_BYTES = 10 * 1024 * 1024
BEFORE, AFTER = "posted", "end"


def _log(board: Board, user: Any, action: str, note: str = "", posting: Posting | None = None) -> None:
    PostingEvent.objects.create(board=board, posting=posting, user=user, action=action, note=note[:500])


def _text(value: str, what: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s。") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过 %(n)d 字。") % {"what": what, "n": limit})
    return value


def privacy_problem(text: str) -> bool:
    """Does ``text`` show an ID number or a phone number? The publication privacy rule: what
    :func:`organizations.permissions.redact_text` would mask must not be printed or posted."""
    return perms.redact_text(text) != text


# -- boards --------------------------------------------------------------------------------------------------
def _coordinate(value: Any, low: int, high: int, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except ArithmeticError as exc:
        raise ValidationError(_("%(what)s格式不正确。") % {"what": what}) from exc
    if not low <= number <= high:
        raise ValidationError(_("%(what)s超出范围。") % {"what": what})
    return number


@transaction.atomic
def save_board(
    *,
    user: Any,
    unit: Unit,
    name: str,
    location: str,
    kind: str = BoardKind.BOARD,
    latitude: Any = None,
    longitude: Any = None,
    keeper: Any = None,
    board: Board | None = None,
) -> Board:
    """Set up a board of ``unit`` (or change ``board``): a place with its location, kind and keeper."""
    perms.require(user, perms.ADD if board is None else perms.CHANGE, AREA, unit)
    if board is not None and board.unit_id != unit.pk:
        perms.require(user, perms.CHANGE, AREA, board.unit)
    if kind not in BoardKind.values:
        raise ValidationError(_("公开栏类型无效。"))
    if board is not None and not board.is_active:
        raise ValidationError(_("已停用的公开栏不能修改。"))
    target = board or Board(unit=unit)
    target.unit = unit
    target.name = _text(name, _("名称"), 100)
    target.location = _text(location, _("位置"), 200)
    target.kind = kind
    target.latitude = _coordinate(latitude, -90, 90, _("纬度"))
    target.longitude = _coordinate(longitude, -180, 180, _("经度"))
    target.keeper = keeper
    target.save()
    _log(target, user, "set_up" if board is None else "change", f"{target.name}：{target.location}")
    return target


@transaction.atomic
def retire_board(*, user: Any, board: Board, on: date | None = None, reason: str = "") -> Board:
    """A board taken out of use: kept with its postings, offered for no new one."""
    perms.require(user, perms.CHANGE, AREA, board.unit)
    if not board.is_active:
        return board
    board.is_active = False
    board.retired_on = on or timezone.localdate()
    board.save(update_fields=["is_active", "retired_on"])
    _log(board, user, "retire", _("停用：%(r)s") % {"r": _text(reason, _("理由"), 200, required=False)})
    return board


# -- the period of an item ------------------------------------------------------------------------------------
@transaction.atomic
def set_posting_period(
    *, user: Any, item: DisclosureItem, days: int, workdays: bool, basis: str = ""
) -> PostingPeriod:
    """The office sets (or fixes) the 公示 period of a catalog item."""
    if not perms.has_global(user, perms.CHANGE, AREA):
        raise PermissionDenied(_("只有区政务公开办可以设置事项的公示期。"))
    try:
        days = periods.check(days)
    except periods.PeriodError as exc:
        raise ValidationError(str(exc)) from exc
    rule, _created = PostingPeriod.objects.update_or_create(
        item=item,
        defaults={
            "days": days,
            "workdays": bool(workdays),
            "basis": _text(basis, _("依据"), 300, required=False),
            "derived": False,
        },
    )
    return rule


def rule_for(publication: Publication) -> periods.Rule | None:
    """The 公示 period of the record's item: the office's setting, else the item's wording or the national rule
    (stored, marked derived, the first time it is read)."""
    items = [f.obligation.item for f in publication.fulfilments.select_related("obligation__item")]
    for item in items:
        stored = PostingPeriod.objects.filter(item=item).first()
        if stored:
            return periods.Rule(stored.days, stored.workdays, stored.basis)
    for item in items:
        rule = periods.derive(item.name, item.duration, item.time_limit_text, item.content)
        if rule:
            PostingPeriod.objects.get_or_create(
                item=item,
                defaults={
                    "days": rule.days,
                    "workdays": rule.workdays,
                    "basis": rule.basis[:300],
                    "derived": True,
                },
            )
            return rule
    return periods.derive(publication.title)


# -- postings ---------------------------------------------------------------------------------------------------
def _check_photo(upload: Any, confirmed: bool) -> None:
    check_upload(upload, allowed=PHOTO_TYPES, max_bytes=PHOTO_MAX_BYTES)
    if not confirmed:
        raise ValidationError(_("请确认照片中看不到身份证号、电话号码等个人信息后再上传。"))


def _objection_channel(publication: Publication, unit: Unit) -> str:
    if publication.objection_channel.strip():
        return publication.objection_channel.strip()
    contact = "，".join(x for x in (unit.phone and _("电话 %(p)s") % {"p": unit.phone}, unit.address) if x)
    return _("向%(unit)s反映%(contact)s") % {
        "unit": unit.name,
        "contact": f"（{contact}）" if contact else "",
    }


def _render(posting: Posting, base_url: str) -> None:
    data = sheet.SheetData(
        publication=posting.publication,
        board=posting.board,
        posted_on=posting.posted_on,
        ends_on=posting.ends_on,
        period_label=posting.period_label,
        objection_channel=posting.objection_channel,
        url=sheet.publication_url(posting.publication, base_url),
        fingerprint=posting.content_hash,
    )
    pdf = sheet.sheet_pdf(data)
    posting.sheet_sha256 = hashlib.sha256(pdf).hexdigest()
    posting.sheet.save(
        f"{posting.publication.index_number}-{posting.board_id}.pdf", ContentFile(pdf), save=False
    )


@transaction.atomic
def post(
    *,
    user: Any,
    publication: Publication,
    board: Board,
    posted_on: date,
    days: int | None = None,
    workdays: bool | None = None,
    photo: Any = None,
    photo_confirmed: bool = False,
    base_url: str | None = None,
    supersedes: Posting | None = None,
) -> Posting:
    """``publication`` posted on ``board`` on ``posted_on``: the sheet is printed (PDF kept with its SHA-256 and
    the fingerprint of the online content), the period comes from the item's rule (or ``days``/``workdays``
    where the item has none), the last day is computed."""
    perms.require(user, perms.CHANGE, AREA, board.unit)
    if not board.is_active:
        raise ValidationError(_("该公开栏已停用。"))
    if publication.status != PublicationStatus.PUBLISHED:
        raise ValidationError(_("只有已发布的公开信息才能张贴（先在网上公开，再张贴，线上线下一致）。"))
    if privacy_problem(sheet.plain_text(publication)):
        raise ValidationError(_("公示内容含有身份证号或电话号码，不能张贴；请先在网上信息中隐去后再张贴。"))
    rule = rule_for(publication)
    if days is not None:
        rule = periods.Rule(days, bool(workdays), _("张贴时设定"))
    if rule is None:
        raise ValidationError(_("该事项没有公示期规则，请区政务公开办设置，或张贴时填写公示期。"))
    try:
        ends_on = periods.count(posted_on, rule.days, rule.workdays).due
    except (periods.PeriodError, ValueError) as exc:
        raise ValidationError(str(exc)) from exc
    if photo is not None:
        _check_photo(photo, photo_confirmed)
    posting = Posting(
        publication=publication,
        board=board,
        posted_on=posted_on,
        days=rule.days,
        workdays=rule.workdays,
        ends_on=ends_on,
        posted_by=user,
        content_hash=sheet.content_hash(publication),
        objection_channel=_objection_channel(publication, board.unit)[:300],
        supersedes=supersedes,
    )
    _render(posting, base_url or settings.PORTAL_BASE_URL or "http://127.0.0.1:8000")
    if photo is not None:
        posting.photo_posted = photo
    posting.save()
    _log(
        board,
        user,
        "repost" if supersedes else "post",
        _("张贴「%(t)s」，%(rule)s，公示期至 %(end)s")
        % {"t": publication.title[:60], "rule": rule.words(), "end": ends_on},
        posting,
    )
    bump_tags([f"pub:{publication.index_number}"])
    return posting


@transaction.atomic
def add_photo(*, user: Any, posting: Posting, which: str, photo: Any, confirmed: bool = False) -> Posting:
    """A photo of the posted sheet: at posting (``posted``) or at the period's end (``end``)."""
    perms.require(user, perms.CHANGE, AREA, posting.board.unit)
    if which not in (BEFORE, AFTER):
        raise ValidationError(_("照片类型无效。"))
    _check_photo(photo, confirmed)
    field = "photo_posted" if which == BEFORE else "photo_end"
    if getattr(posting, field):
        raise ValidationError(_("该照片已上传，不能替换（留痕）。"))
    setattr(posting, field, photo)
    posting.save(update_fields=[field])
    _log(
        posting.board,
        user,
        "photo",
        _("上传%(w)s照片") % {"w": _("张贴") if which == BEFORE else _("期满")},
        posting,
    )
    return posting


@transaction.atomic
def take_down(
    *, user: Any, posting: Posting, on: date, photo: Any = None, confirmed: bool = False
) -> Posting:
    """The sheet taken down on ``on`` (not before the period's last day unless re-posted), optionally with the
    photo at the end."""
    perms.require(user, perms.CHANGE, AREA, posting.board.unit)
    if posting.taken_down_on:
        raise ValidationError(_("该张贴已撤下。"))
    if on < posting.posted_on:
        raise ValidationError(_("撤下日期不能早于张贴日期。"))
    if photo is not None:
        _check_photo(photo, confirmed)
        posting.photo_end = photo
    early = on <= posting.ends_on
    posting.taken_down_on = on
    posting.save(update_fields=["taken_down_on", "photo_end"])
    note = _("撤下（%(d)s）") % {"d": on}
    if early:
        note += _("：公示期未满（至 %(end)s）") % {"end": posting.ends_on}
    _log(posting.board, user, "take_down", note, posting)
    bump_tags([f"pub:{posting.publication.index_number}"])
    return posting


@transaction.atomic
def repost(
    *,
    user: Any,
    posting: Posting,
    posted_on: date,
    publication: Publication | None = None,
    photo: Any = None,
    photo_confirmed: bool = False,
    base_url: str | None = None,
) -> Posting:
    """A new sheet supersedes ``posting`` (after an objection changed the content, or the online record changed):
    printed from the record as it is now (or its replacement ``publication``), a new period from ``posted_on``."""
    perms.require(user, perms.CHANGE, AREA, posting.board.unit)
    if hasattr(posting, "superseded_by"):
        raise ValidationError(_("该张贴已被重新张贴替代。"))
    target: Publication = publication or posting.publication
    if target.status == PublicationStatus.SUPERSEDED and target.superseded_by is not None:
        target = target.superseded_by
    new = post(
        user=user, publication=target, board=posting.board, posted_on=posted_on,
        days=posting.days, workdays=posting.workdays, photo=photo, photo_confirmed=photo_confirmed,
        base_url=base_url, supersedes=posting,
    )  # fmt: skip
    if not posting.taken_down_on:
        posting.taken_down_on = posted_on
        posting.save(update_fields=["taken_down_on"])
    _log(posting.board, user, "superseded", _("被重新张贴替代（%(d)s）") % {"d": posted_on}, posting)
    return new


# -- objections ------------------------------------------------------------------------------------------------
@transaction.atomic
def record_objection(
    *, user: Any, posting: Posting, received_on: date, channel: str, content: str
) -> Objection:
    """An objection raised during the period (by phone, a visit, a letter or online), typed in by the officer."""
    perms.require(user, perms.CHANGE, AREA, posting.board.unit)
    if channel not in Channel.values:
        raise ValidationError(_("异议渠道无效。"))
    if not posting.posted_on <= received_on <= posting.ends_on:
        raise ValidationError(
            _("异议应在公示期内（%(a)s 至 %(b)s）提出。") % {"a": posting.posted_on, "b": posting.ends_on}
        )
    objection = Objection.objects.create(
        posting=posting,
        received_on=received_on,
        channel=channel,
        content=_text(content, _("异议内容"), 2000),
        entered_by=user,
    )
    _log(
        posting.board,
        user,
        "objection",
        _("收到异议（%(c)s）") % {"c": objection.get_channel_display()},
        posting,
    )
    return objection


@transaction.atomic
def handle_objection(
    *, user: Any, objection: Objection, handling: str, result: str, handled_on: date | None = None
) -> Objection:
    """The handling of an objection and its result; a founded objection that changes the content is followed by
    a re-posting (:func:`repost`)."""
    perms.require(user, perms.CHANGE, AREA, objection.posting.board.unit)
    if result not in Result.values or result == Result.PENDING:
        raise ValidationError(_("请选择处理结果。"))
    if objection.result != Result.PENDING:
        raise ValidationError(_("该异议已处理。"))
    objection.handling = _text(handling, _("处理情况"), 2000)
    objection.result = result
    objection.handled_on = handled_on or timezone.localdate()
    objection.save(update_fields=["handling", "result", "handled_on"])
    _log(
        objection.posting.board,
        user,
        "handle",
        _("异议处理：%(r)s") % {"r": objection.get_result_display()},
        objection.posting,
    )
    return objection
