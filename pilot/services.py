"""The writes of the pilot ledger (试点台账). The office (区政务公开办) sets up the plan, its task tree and its
milestones, and closes problems (销号); a unit's officers report progress, figures and evidence on the tasks their
unit leads or cooperates on, and plan the correction of the problems they are responsible for. Each write asks
organizations.permissions and appends a :class:`~pilot.models.PilotEvent`; nothing is deleted."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import uploads
from organizations import permissions as perms
from organizations.models import Role, Unit
from organizations.selectors import people_of

from .models import (
    AREA,
    CHILD_LEVEL,
    Evidence,
    Milestone,
    MilestoneKind,
    PilotEvent,
    Plan,
    Problem,
    ProblemState,
    Status,
    Task,
)

#: Evidence may be a scan or photo (PDF, PNG, JPEG) or an office document (Word, Excel).
EVIDENCE_TYPES = (uploads.PDF, uploads.PNG, uploads.JPEG, uploads.DOCX, uploads.XLSX)
#: Days before a milestone or a task's deadline when the reminder goes out.
REMIND_DAYS = 7


def _text(value: str, limit: int, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s。") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过 %(n)d 字。") % {"what": what, "n": limit})
    return value


def _figure(value: Any, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        figure = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("%(what)s应为数字。") % {"what": what}) from exc
    if figure < 0 or figure >= Decimal("1e10"):
        raise ValidationError(_("%(what)s超出范围。") % {"what": what})
    return figure.quantize(Decimal("0.01"))


def _log(plan: Plan, user: Any, action: str, note: str = "", **links: Any) -> PilotEvent:
    return PilotEvent.objects.create(plan=plan, user=user, action=action, note=note[:500], **links)


def _office_only(user: Any) -> None:
    if not perms.has_global(user, perms.CHANGE, AREA):
        raise PermissionDenied(_("只有区政务公开办可以编排试点方案、任务和节点，或为问题销号。"))


def may_edit_task(user: Any, task: Task) -> bool:
    """The office edits every task; a unit's officers only the tasks their unit leads or cooperates on."""
    if perms.has_global(user, perms.CHANGE, AREA):
        return True
    units = [task.lead_unit, *task.cooperating.all()]
    return any(perms.can(user, perms.CHANGE, AREA, unit) for unit in units)


def _require_task(user: Any, task: Task) -> None:
    if not may_edit_task(user, task):
        raise PermissionDenied(_("只有牵头单位、配合单位或区政务公开办可以更新该任务。"))


def _active_unit(unit: Unit, what: str) -> Unit:
    if unit is None or not unit.is_active:
        raise ValidationError(_("%(what)s无效。") % {"what": what})
    return unit


# -- the plan and its tree (the office) ------------------------------------------------------------------------
@transaction.atomic
def create_plan(
    *,
    user: Any,
    code: str,
    name: str,
    unit: Unit,
    starts_on: date,
    ends_on: date,
    basis: str = "",
    summary: str = "",
    published: bool = True,
) -> Plan:
    """The office records the district's pilot plan."""
    _office_only(user)
    code = _text(code, 40, _("代码")).lower()
    if Plan.objects.filter(code=code).exists():
        raise ValidationError(_("代码 %(code)s 已被使用。") % {"code": code})
    if ends_on < starts_on:
        raise ValidationError(_("结束日期不能早于开始日期。"))
    plan = Plan.objects.create(
        code=code,
        name=_text(name, 120, _("名称")),
        unit=_active_unit(unit, _("试点单位")),
        basis=_text(basis, 500, _("依据"), required=False),
        summary=_text(summary, 5000, _("试点概况"), required=False),
        starts_on=starts_on,
        ends_on=ends_on,
        published=published,
    )
    _log(
        plan,
        user,
        "plan",
        _("建立试点方案 %(name)s（%(s)s 至 %(e)s）") % {"name": plan.name, "s": starts_on, "e": ends_on},
    )
    return plan


@transaction.atomic
def add_task(
    *,
    user: Any,
    plan: Plan,
    number: str,
    title: str,
    lead_unit: Unit,
    deadline: date,
    parent: Task | None = None,
    cooperating: list[Unit] | tuple[Unit, ...] = (),
    indicator: str = "",
    target_value: Any = None,
    measure_unit: str = "",
) -> Task:
    """The office adds a class (no parent), a target (under a class) or a measure (under a target)."""
    _office_only(user)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError(_("上级任务不属于该试点方案。"))
    level = CHILD_LEVEL.get(parent.level if parent else None)
    if level is None:
        raise ValidationError(_("工作措施之下不能再分解任务。"))
    number = _text(number, 20, _("编号"))
    if Task.objects.filter(plan=plan, number=number).exists():
        raise ValidationError(_("编号 %(n)s 已被使用。") % {"n": number})
    task = Task.objects.create(
        plan=plan,
        parent=parent,
        level=level,
        number=number,
        title=_text(title, 200, _("名称")),
        indicator=_text(indicator, 300, _("指标"), required=False),
        target_value=_figure(target_value, _("目标值")),
        measure_unit=_text(measure_unit, 20, _("计量单位"), required=False),
        lead_unit=_active_unit(lead_unit, _("牵头单位")),
        deadline=deadline,
    )
    task.cooperating.set([_active_unit(u, _("配合单位")) for u in cooperating if u.pk != lead_unit.pk])
    _log(
        plan,
        user,
        "task",
        _("分解任务 %(task)s，牵头单位 %(unit)s") % {"task": task, "unit": lead_unit.name},
        task=task,
    )
    return task


@transaction.atomic
def update_task(
    *,
    user: Any,
    task: Task,
    title: str,
    lead_unit: Unit,
    deadline: date,
    cooperating: list[Unit] | tuple[Unit, ...] = (),
    indicator: str = "",
    target_value: Any = None,
    measure_unit: str = "",
    stopped_reason: str = "",
) -> Task:
    """The office corrects a task's wording, figure, units or deadline, or stops it (已撤销, with a reason: it
    stays in the history and leaves the reports); each change is logged with what it was before."""
    _office_only(user)
    task = Task.objects.select_for_update().get(pk=task.pk)
    before = f"{task.title}｜{task.lead_unit_id}｜{task.deadline}｜{task.target_value}"
    task.title = _text(title, 200, _("名称"))
    task.indicator = _text(indicator, 300, _("指标"), required=False)
    task.target_value = _figure(target_value, _("目标值"))
    task.measure_unit = _text(measure_unit, 20, _("计量单位"), required=False)
    task.lead_unit = _active_unit(lead_unit, _("牵头单位"))
    task.deadline = deadline
    reason = _text(stopped_reason, 200, _("撤销理由"), required=False)
    if reason:
        task.status = Status.STOPPED
    task.save()
    task.cooperating.set([_active_unit(u, _("配合单位")) for u in cooperating if u.pk != lead_unit.pk])
    note = _("修改任务 %(task)s（原：%(before)s）") % {"task": task, "before": before}
    _log(
        task.plan,
        user,
        "stop" if reason else "edit",
        note + (_("；撤销：%(r)s") % {"r": reason} if reason else ""),
        task=task,
    )
    return task


@transaction.atomic
def set_milestone(*, user: Any, plan: Plan, kind: str, due_on: date, note: str = "") -> Milestone:
    """The office sets (or moves) one of the plan's milestones; a move is logged with the old date."""
    _office_only(user)
    if kind not in MilestoneKind.values:
        raise ValidationError(_("节点类型无效。"))
    milestone, created = Milestone.objects.get_or_create(plan=plan, kind=kind, defaults={"due_on": due_on})
    old = milestone.due_on
    milestone.due_on = due_on
    milestone.note = _text(note, 300, _("说明"), required=False)
    milestone.save()
    label = milestone.get_kind_display()
    text = (
        _("设定节点 %(kind)s：%(due)s") % {"kind": label, "due": due_on}
        if created
        else _("调整节点 %(kind)s：%(old)s → %(due)s") % {"kind": label, "old": old, "due": due_on}
    )
    _log(plan, user, "milestone", text)
    return milestone


@transaction.atomic
def complete_milestone(*, user: Any, milestone: Milestone, done_on: date, note: str = "") -> Milestone:
    _office_only(user)
    if done_on > timezone.localdate():
        raise ValidationError(_("完成日期不能晚于今天。"))
    milestone.done_on = done_on
    if note:
        milestone.note = _text(note, 300, _("说明"))
    milestone.save()
    _log(
        milestone.plan,
        user,
        "milestone_done",
        _("节点 %(kind)s 完成于 %(d)s") % {"kind": milestone.get_kind_display(), "d": done_on},
    )
    return milestone


# -- progress and evidence (the lead and cooperating units) ----------------------------------------------------
@transaction.atomic
def report_progress(
    *,
    user: Any,
    task: Task,
    progress: int,
    actual_value: Any = None,
    note: str = "",
    done_on: date | None = None,
) -> Task:
    """A unit reports the task's progress (0–100 %) and, for a target, the figure reached; 100 % is done."""
    _require_task(user, task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == Status.STOPPED:
        raise ValidationError(_("该任务已撤销。"))
    try:
        progress = int(progress)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("进度应为0至100的整数。")) from exc
    if not 0 <= progress <= 100:
        raise ValidationError(_("进度应为0至100的整数。"))
    figure = _figure(actual_value, _("完成值"))
    note = _text(note, 300, _("进展说明"), required=False)
    task.progress = progress
    if figure is not None:
        task.actual_value = figure
    if progress == 100:
        task.status = Status.DONE
        task.done_on = done_on or timezone.localdate()
    else:
        task.status = Status.RUNNING if progress > 0 else Status.PLANNED
        task.done_on = None
    task.save()
    figure_text = (
        _("，完成值 %(v)s%(u)s") % {"v": figure, "u": task.measure_unit} if figure is not None else ""
    )
    _log(
        task.plan,
        user,
        "progress",
        _("进度 %(p)d%%%(fig)s。%(note)s") % {"p": progress, "fig": figure_text, "note": note},
        task=task,
    )
    return task


@transaction.atomic
def add_evidence(*, user: Any, task: Task, upload: File[bytes], title: str = "") -> Evidence:
    """Keep a file as the task's record for acceptance, checked by the one upload checker, with its SHA-256."""
    _require_task(user, task)
    content_type = uploads.check_upload(upload, allowed=EVIDENCE_TYPES)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    evidence = Evidence(
        task=task,
        title=_text(title or name, 200, _("材料名称")),
        original_name=name,
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )
    evidence.file.save(name or "evidence", upload, save=False)
    evidence.save()
    _log(
        task.plan,
        user,
        "evidence",
        _("上传佐证材料 %(title)s（SHA-256 %(hash)s）") % {"title": evidence.title, "hash": evidence.sha256},
        task=task,
    )
    return evidence


@transaction.atomic
def withdraw_evidence(*, user: Any, evidence: Evidence, reason: str) -> Evidence:
    """A file put up by mistake is withdrawn with a reason (kept, left out of reports and the 验收包)."""
    _require_task(user, evidence.task)
    reason = _text(reason, 200, _("撤回理由"))
    if evidence.withdrawn_at is None:
        evidence.withdrawn_at = timezone.now()
        evidence.save(update_fields=["withdrawn_at"])
        _log(
            evidence.task.plan,
            user,
            "withdraw",
            _("撤回佐证材料 %(t)s：%(r)s") % {"t": evidence.title, "r": reason},
            task=evidence.task,
        )
    return evidence


# -- problems: found → correction → 销号 --------------------------------------------------------------------------
@transaction.atomic
def open_problem(
    *,
    user: Any,
    plan: Plan,
    title: str,
    unit: Unit,
    found_on: date,
    task: Task | None = None,
    detail: str = "",
    source: str = "",
) -> Problem:
    """A problem found in supervision (督查), self-check or by the public, with the unit responsible for it."""
    if task is not None:
        if task.plan_id != plan.pk:
            raise ValidationError(_("相关任务不属于该试点方案。"))
        _require_task(user, task)
    else:
        _office_only(user)
    if found_on > timezone.localdate():
        raise ValidationError(_("发现日期不能晚于今天。"))
    problem = Problem.objects.create(
        plan=plan,
        task=task,
        title=_text(title, 200, _("问题")),
        detail=_text(detail, 3000, _("问题描述"), required=False),
        source=_text(source, 60, _("发现途径"), required=False),
        found_on=found_on,
        unit=_active_unit(unit, _("整改责任单位")),
    )
    _log(
        plan,
        user,
        "problem",
        _("列入问题清单：%(t)s（责任单位 %(u)s）") % {"t": problem.title, "u": unit.name},
        problem=problem,
        task=task,
    )
    return problem


@transaction.atomic
def plan_correction(*, user: Any, problem: Problem, correction: str, correct_by: date) -> Problem:
    """The responsible unit states its correction (整改措施) and the date it will be done by."""
    perms.require(user, perms.CHANGE, AREA, problem.unit)
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if problem.state == ProblemState.CLOSED:
        raise ValidationError(_("该问题已销号。"))
    if correct_by < problem.found_on:
        raise ValidationError(_("整改时限不能早于发现日期。"))
    problem.correction = _text(correction, 3000, _("整改措施"))
    problem.correct_by = correct_by
    problem.state = ProblemState.CORRECTING
    problem.save()
    _log(
        problem.plan,
        user,
        "correction",
        _("整改措施（%(d)s 前）：%(c)s") % {"d": correct_by, "c": problem.correction},
        problem=problem,
    )
    return problem


@transaction.atomic
def close_problem(*, user: Any, problem: Problem, result: str, closed_on: date) -> Problem:
    """The office closes (销号) a corrected problem, with the result checked."""
    _office_only(user)
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if problem.state != ProblemState.CORRECTING:
        raise ValidationError(_("只有整改中的问题可以销号（先登记整改措施）。"))
    if not problem.found_on <= closed_on <= timezone.localdate():
        raise ValidationError(_("销号日期应在发现日期和今天之间。"))
    problem.result = _text(result, 3000, _("整改结果"))
    problem.closed_on = closed_on
    problem.state = ProblemState.CLOSED
    problem.save()
    _log(
        problem.plan,
        user,
        "close",
        _("销号（%(d)s）：%(r)s") % {"d": closed_on, "r": problem.result},
        problem=problem,
    )
    return problem


# -- reminders (the daily task) ----------------------------------------------------------------------------------
def send_reminders(today: date | None = None) -> int:
    """Remind, once each: the lead and cooperating units' officers of an unfinished task due within
    :data:`REMIND_DAYS` days or overdue (overdue also to the office), and the office of a milestone due within
    :data:`REMIND_DAYS` days or overdue. publishing.services.notify_staff keys each notice by its kind, its page
    and its person, so a second run the same day (or a later day at the same step) writes nothing."""
    from datetime import timedelta

    from publishing.models import NoticeKind
    from publishing.services import notify_staff

    today = today or timezone.localdate()
    soon = today + timedelta(days=REMIND_DAYS)
    office = [m.user_id for m in people_of(Unit.objects.all(), Role.OFFICE)]
    sent = 0
    tasks = (
        Task.objects.active()
        .exclude(status=Status.DONE)
        .filter(deadline__lte=soon, plan__retired=False)
        .select_related("lead_unit", "plan")
        .prefetch_related("cooperating")
    )
    for task in tasks:
        overdue = task.deadline < today
        units = [task.lead_unit, *task.cooperating.all()]
        officers = [m.user_id for m in people_of(units, Role.OFFICER)]
        step = "overdue" if overdue else "due"
        text = (
            _("试点任务已超期：%(t)s（时限 %(d)s）")
            if overdue
            else _("试点任务即将到期：%(t)s（时限 %(d)s）")
        ) % {
            "t": str(task)[:80],
            "d": task.deadline,
        }
        url = reverse("pilot:task", args=[task.pk]) + f"?remind={step}"
        sent += notify_staff(
            kind=NoticeKind.DUE, user_ids=officers + (office if overdue else []), text=text[:300], url=url
        )
    milestones = Milestone.objects.filter(
        done_on__isnull=True, due_on__lte=soon, plan__retired=False
    ).select_related("plan")
    for milestone in milestones:
        step = "overdue" if milestone.due_on < today else "due"
        text = _("试点节点%(state)s：%(plan)s %(kind)s（%(d)s）") % {
            "state": _("已超期") if step == "overdue" else _("临近"),
            "plan": milestone.plan.name[:60],
            "kind": milestone.get_kind_display(),
            "d": milestone.due_on,
        }
        url = reverse("pilot:desk") + f"?milestone={milestone.pk}&remind={step}"
        sent += notify_staff(kind=NoticeKind.DUE, user_ids=office, text=text[:300], url=url)
    return sent
