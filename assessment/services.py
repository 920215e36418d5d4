"""Writes on assessment: templates, systems, rounds and their life cycle, scores, ballots.

Keyword-only, atomic, permission-checked through :mod:`assessment.permissions`; every write on a round
refuses a closed one (and the models refuse it too).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.workflow import Step, Workflow
from organizations.models import Unit, UnitKind

from . import permissions as aperms
from . import rubrics, scoring
from .files import check_evidence
from .models import (
    AssessorGroup,
    DutyTrigger,
    Grade,
    Indicator,
    IndicatorSystem,
    ManualScore,
    NothingDue,
    ReviewTally,
    Round,
    RoundEvent,
    RoundKind,
    RoundStatus,
    Scoring,
)


def _require_manager(user) -> None:
    if not aperms.may_manage(user):
        raise PermissionDenied(_("只有区政务公开办可以管理考核指标和考核轮次。"))


def _refuse_closed(round_: Round) -> Round:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status == RoundStatus.CLOSED:
        raise ValidationError(_("考核轮次已关闭，结果不可修改。"))
    return round_


# =====================================================================================================
# Templates and systems
# =====================================================================================================
def _build(system: IndicatorSystem, nodes, parent=None) -> None:
    for order, (code, name, method, points, extra, kids) in enumerate(nodes, start=1):
        indicator = Indicator(
            system=system,
            parent=parent,
            code=code,
            name=name,
            scoring=method,
            max_points=Decimal(str(points)),
            order=order,
            deduction_per=None
            if extra.get("deduction_per") is None
            else Decimal(str(extra["deduction_per"])),
            computation=extra.get("computation", ""),
            params=extra.get("params", {}),
            criteria=extra.get("criteria", ""),
            when_nothing_due=extra.get("when_nothing_due", NothingDue.EXCLUDED),
        )
        indicator.full_clean(exclude=["parent", "system", "lft", "rght", "tree_id", "level"])
        indicator.save()
        _build(system, kids, indicator)


@transaction.atomic
def load_templates() -> dict:
    """Create the ready-made systems and the default assessor groups that are missing (idempotent: an
    existing template or group is left as the office edited it)."""
    created = 0
    for definition in rubrics.TEMPLATES:
        if IndicatorSystem.objects.filter(template_key=definition["key"]).exists():
            continue
        system = IndicatorSystem.objects.create(
            name=definition["name"],
            is_template=True,
            template_key=definition["key"],
            source=definition["source"],
        )
        _build(system, definition["indicators"])
        created += 1
    groups = 0
    for order, (code, name, weight) in enumerate(rubrics.DEFAULT_GROUPS, start=1):
        _group, made = AssessorGroup.objects.get_or_create(
            code=code, defaults={"name": name, "weight": Decimal(weight), "order": order}
        )
        groups += made
    return {"templates": created, "groups": groups}


@transaction.atomic
def copy_system(
    *, user, source: IndicatorSystem, year: int, name: str = "", description: str = ""
) -> IndicatorSystem:
    """Copy a template (or last year's system) into a year's system, indicators and all."""
    _require_manager(user)
    system = IndicatorSystem.objects.create(
        name=name or f"{year}年度{source.name.split('（')[0]}",
        year=year,
        source=source.source or source.name,
        description=description or _("复制自「%(name)s」") % {"name": source.name},
    )
    mapping: dict[int, Indicator] = {}
    for old in Indicator.objects.filter(system=source).order_by("tree_id", "lft"):
        new = Indicator(
            system=system,
            parent=mapping.get(old.parent_id),
            code=old.code,
            name=old.name,
            order=old.order,
            scoring=old.scoring,
            max_points=old.max_points,
            deduction_per=old.deduction_per,
            floor=old.floor,
            computation=old.computation,
            params=old.params,
            criteria=old.criteria,
            when_nothing_due=old.when_nothing_due,
        )
        new.save()
        mapping[old.pk] = new
    return system


@transaction.atomic
def add_indicator(
    *,
    user,
    system: IndicatorSystem,
    code: str,
    name: str,
    scoring: str,
    max_points,
    parent: Indicator | None = None,
    computation: str = "",
    deduction_per=None,
    params=None,
    criteria: str = "",
    when_nothing_due: str = NothingDue.EXCLUDED,
    floor=0,
    order: int | None = None,
) -> Indicator:
    _require_manager(user)
    _refuse_closed_system(system)
    indicator = Indicator(
        system=system,
        parent=parent,
        code=code,
        name=name,
        scoring=scoring,
        max_points=Decimal(str(max_points)),
        computation=computation,
        params=params or {},
        deduction_per=None if deduction_per is None else Decimal(str(deduction_per)),
        criteria=criteria,
        when_nothing_due=when_nothing_due,
        floor=Decimal(str(floor)),
        order=order
        if order is not None
        else (parent.children.count() if parent else system.indicators.filter(parent=None).count()) + 1,
    )
    indicator.full_clean(exclude=["lft", "rght", "tree_id", "level"])
    indicator.save()
    return indicator


def _refuse_closed_system(system: IndicatorSystem) -> None:
    if system.rounds.filter(status=RoundStatus.CLOSED).exists():
        raise ValidationError(_("该指标体系已用于已关闭的考核轮次，请复制为新体系后修改。"))


#: What :func:`change_indicator` may change (the system an indicator belongs to stays).
INDICATOR_FIELDS = frozenset(
    {
        "parent",
        "code",
        "name",
        "order",
        "scoring",
        "max_points",
        "deduction_per",
        "floor",
        "computation",
        "params",
        "criteria",
        "when_nothing_due",
    }
)


@transaction.atomic
def change_indicator(*, user, indicator: Indicator, changes: dict) -> Indicator:
    """Change an indicator of a system no closed round was scored with (the assessment managers)."""
    _require_manager(user)
    unknown = set(changes) - INDICATOR_FIELDS
    if unknown:
        raise ValidationError(_("不能修改这些字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    _refuse_closed_system(indicator.system)
    for name, value in changes.items():
        setattr(indicator, name, value)
    indicator.full_clean(exclude=["lft", "rght", "tree_id", "level"])
    indicator.save()
    return indicator


@transaction.atomic
def add_assessor(*, user, group: AssessorGroup, account) -> None:
    """Make ``account`` one of ``group``'s assessors (its scores count in the group's weight)."""
    _require_manager(user)
    group.members.add(account)


# =====================================================================================================
# Rounds
# =====================================================================================================
DEFAULT_KINDS = [k for k in UnitKind.values if k != UnitKind.GOVERNMENT]


def validate_round(*, system: IndicatorSystem, kind: str, period_start: date, period_end: date) -> None:
    """The checks a new round must pass, wherever it is opened (service, admin, API)."""
    if system.is_template:
        raise ValidationError({"system": _("模板不能直接用于考核，请先复制为年度指标体系。")})
    if kind not in RoundKind.values:
        raise ValidationError({"kind": _("考核类型无效。")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("结束日期不能早于开始日期。")})


@transaction.atomic
def open_round(
    *, user, system: IndicatorSystem, name: str, kind: str, period_start: date, period_end: date, units=None
) -> Round:
    """Open a round over the active units (all but the district government, unless ``units`` is given)."""
    _require_manager(user)
    validate_round(system=system, kind=kind, period_start=period_start, period_end=period_end)
    round_ = Round(
        system=system, name=name, kind=kind, period_start=period_start, period_end=period_end, opened_by=user
    )
    round_.full_clean(exclude=["units"])
    round_.save()
    if units is None:
        units = Unit.objects.filter(is_active=True, kind__in=DEFAULT_KINDS)
    round_.units.set(units)
    return round_


def compute_round(*, round: Round, user=None) -> dict:  # noqa: A002 - the domain word
    """Gather the inputs from the data, score every unit, store the figures and the inputs."""
    with transaction.atomic():
        round_ = _refuse_closed(round)
        if round_.status == RoundStatus.REVIEWED:
            raise ValidationError(_("已审核的轮次不再重新计算，请先退回评分。"))
        if user is not None:
            _require_manager(user)
        inputs = scoring.gather(round_)
        scored = scoring.score_all(inputs)
        scoring.write(round_, scored)
        scoring.write_expected(round_, inputs.get("expected", []))
        round_.snapshot = inputs
        round_.computed_at = timezone.now()
        round_.save(update_fields=["snapshot", "computed_at"])
    return scored


def recompute(round: Round) -> dict:  # noqa: A002
    """The round's figures again. A closed round is scored from its stored inputs (nothing is written, the
    figures are identical); an open one is computed from the data as :func:`compute_round` does."""
    round_ = Round.objects.get(pk=round.pk)
    if round_.status == RoundStatus.CLOSED:
        return scoring.score_all(round_.snapshot)
    return compute_round(round=round_)


def _record(round_: Round, action: str, user, comment: str) -> None:
    RoundEvent.objects.create(round=round_, action=action, actor=user, comment=comment)


def _permit(user, step: Step, round_: Round) -> None:
    _require_manager(user)


#: A round's life: open (评分中) → scored → reviewed → closed, with 退回评分 back to open before closing.
ROUND_FLOW: Workflow[Round] = Workflow(
    model=Round,
    steps={
        "finish": Step(gettext_lazy("完成评分"), "manage", (RoundStatus.OPEN,), gettext_lazy("完成评分")),
        "review": Step(gettext_lazy("审核"), "manage", (RoundStatus.SCORED,), gettext_lazy("审核")),
        "reopen": Step(
            gettext_lazy("退回评分"),
            "manage",
            (RoundStatus.SCORED, RoundStatus.REVIEWED),
            gettext_lazy("退回评分"),
        ),
        "close": Step(gettext_lazy("关闭"), "manage", (RoundStatus.REVIEWED,), gettext_lazy("关闭")),
    },
    permit=_permit,
    can=lambda user, step, round_: aperms.may_manage(user),
    record=_record,
    refusal=gettext_lazy("「%(status)s」状态的轮次不能%(what)s。"),
    lock=_refuse_closed,
)


@transaction.atomic
def finish_scoring(*, user, round: Round) -> Round:  # noqa: A002
    """评分完成: compute a last time from the data and stop score entry. Only once the period is over, so the
    final figures count every duty due in it (an open round counts only those due by today)."""
    with ROUND_FLOW.step("finish", round, user=user) as change:
        round_ = change.obj
        if round_.period_end >= timezone.localdate():
            raise ValidationError(
                _("考核期至%(end)s结束，考核期结束后方可完成评分；此前的结果为暂定结果。")
                % {"end": round_.period_end}
            )
        compute_round(round=round_)
        round_.refresh_from_db()
        round_.status = RoundStatus.SCORED
        round_.save(update_fields=["status"])
    return round_


@transaction.atomic
def review_round(*, user, round: Round) -> Round:  # noqa: A002
    with ROUND_FLOW.step("review", round, user=user) as change:
        round_ = change.obj
        round_.status = RoundStatus.REVIEWED
        round_.save(update_fields=["status"])
    return round_


@transaction.atomic
def reopen_round(*, user, round: Round) -> Round:  # noqa: A002
    with ROUND_FLOW.step("reopen", round, user=user) as change:
        round_ = change.obj
        round_.status = RoundStatus.OPEN
        round_.save(update_fields=["status"])
    return round_


@transaction.atomic
def close_round(*, user, round: Round) -> Round:  # noqa: A002
    """Close a reviewed round: its figures and inputs are final from now on."""
    with ROUND_FLOW.step("close", round, user=user) as change:
        round_ = change.obj
        if not round_.snapshot:
            raise ValidationError(_("轮次尚未计算，不能关闭。"))
        if round_.snapshot.get("as_of") != str(round_.period_end):
            raise ValidationError(_("轮次的计算未截至考核期结束，请退回评分、重新计算后再关闭。"))
        round_.status = RoundStatus.CLOSED
        round_.closed_by = user
        round_.closed_at = timezone.now()
        round_.save(update_fields=["status", "closed_by", "closed_at"])
    return round_


# =====================================================================================================
# Events that start a disclosure clock (应公开事件登记)
# =====================================================================================================
@transaction.atomic
def record_trigger(
    *, user, obligation, occurred_on: date, description: str, trigger: DutyTrigger | None = None
) -> DutyTrigger:
    """Register (or correct) an event of an obligation — a decision made, a list approved — found in the unit's
    ledgers: from it the obligation's deadline runs whether or not a record was drafted."""
    _require_manager(user)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("请填写事件内容。")})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("事件发生日期不能晚于今天。")})
    trigger = trigger or DutyTrigger(recorded_by=user)
    trigger.obligation = obligation
    trigger.occurred_on = occurred_on
    trigger.description = description
    trigger.full_clean()
    trigger.save()
    return trigger


# =====================================================================================================
# Scores and ballots
# =====================================================================================================
def _open_for_scoring(user, round_: Round, unit: Unit) -> Round:
    round_ = _refuse_closed(round_)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("只有评分中的轮次可以录入评分。"))
    if not aperms.may_score(user, unit):
        raise PermissionDenied(_("无权录入考核评分。"))
    if not round_.units.filter(pk=unit.pk).exists():
        raise ValidationError(_("「%(unit)s」不是本轮参评单位。") % {"unit": unit})
    return round_


@transaction.atomic
def enter_score(
    *,
    user,
    round: Round,
    unit: Unit,
    indicator: Indicator,
    score,
    comment: str = "",  # noqa: A002
    file=None,
) -> ManualScore:
    """An assessor scores a unit on a manual indicator (0 … the indicator's points), with evidence."""
    round_ = _open_for_scoring(user, round, unit)
    if indicator.system_id != round_.system_id or indicator.scoring != Scoring.MANUAL:
        raise ValidationError(_("该指标不是本轮的人工评分指标。"))
    try:
        value = Decimal(str(score))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("评分须为数字。")) from exc
    if value < 0 or value > indicator.max_points:
        raise ValidationError(_("评分须在0至%(max)s分之间。") % {"max": indicator.max_points})
    file_type = check_evidence(file) if file else ""
    entry = ManualScore.objects.filter(round=round_, unit=unit, indicator=indicator, assessor=user).first()
    entry = entry or ManualScore(round=round_, unit=unit, indicator=indicator, assessor=user)
    entry.group = AssessorGroup.objects.filter(members=user).order_by("order").first()
    entry.score = value
    entry.comment = comment.strip()
    if file:
        entry.file = file
        entry.file_type = file_type
    entry.save()
    return entry


@transaction.atomic
def record_tally(
    *,
    user,
    round: Round,
    unit: Unit,
    counts: dict | None = None,  # noqa: A002
    ballots=None,
    note: str = "",
) -> ReviewTally:
    """Record the democratic review of a unit: ``counts`` ({"A": 10, …}) or individual ``ballots``
    (["A", "B", …], added to the counts already recorded)."""
    round_ = _open_for_scoring(user, round, unit)
    tally = ReviewTally.objects.filter(round=round_, unit=unit).first() or ReviewTally(
        round=round_, unit=unit
    )
    if counts is not None:
        unknown = set(counts) - set(Grade.values)
        if unknown or any(int(v) < 0 for v in counts.values()):
            raise ValidationError(_("计票数据无效。"))
        for grade in Grade.values:
            setattr(tally, f"count_{grade.lower()}", int(counts.get(grade, 0)))
    if ballots is not None:
        tally_counts = Counter(ballots)
        if set(tally_counts) - set(Grade.values):
            raise ValidationError(_("评议票只能是 A、B、C、D、F。"))
        for grade, n in tally_counts.items():
            field = f"count_{grade.lower()}"
            setattr(tally, field, getattr(tally, field) + n)
    tally.note = note or tally.note
    tally.entered_by = user
    tally.save()
    return tally
