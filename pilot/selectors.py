"""The reads of the pilot ledger: a plan by code (or the latest), its task tree in order, the figures every report
is filled with (computed here once, so the monthly, quarterly and summary reports and the public page agree),
the public page's content, and the desk section."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions as perms

from .models import AREA, Evidence, Level, Milestone, PilotEvent, Plan, Problem, ProblemState, Status, Task


class PlanNotFound(LookupError):
    pass


def may_handle(user) -> bool:
    return perms.can(user, perms.VIEW, AREA)


def plan_for(code: str) -> Plan:
    """The plan with ``code``, or the latest one for ``latest``; PlanNotFound (with a Chinese message) else."""
    code = (code or "").strip()
    plans = Plan.objects.filter(retired=False)
    plan = (
        plans.order_by("-starts_on", "-id").first() if code == "latest" else plans.filter(code=code).first()
    )
    if plan is None:
        raise PlanNotFound(
            _("没有找到试点方案「%(code)s」。") % {"code": code}
            if code != "latest"
            else _("还没有试点方案。")
        )
    return plan


def public_plan(code: str | None = None) -> Plan | None:
    plans = Plan.objects.public().select_related("unit")
    return plans.filter(code=code).first() if code else plans.order_by("-starts_on", "-id").first()


def tasks_of(plan: Plan) -> list[Task]:
    """Every task of the plan (stopped ones left out), in number order, with units and current evidence."""
    return list(
        Task.objects.filter(plan=plan)
        .active()
        .select_related("lead_unit", "parent")
        .prefetch_related("cooperating", Prefetch("evidence", queryset=Evidence.objects.current()))
        .order_by("number", "id")
    )


def number_key(number: str) -> tuple:
    """Sort 1.2 before 1.10 (numbers as numbers, any other part after them)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.replace("-", ".").split("."))


@dataclass
class Figures:
    """The ledger's figures on a day (``as_of``): what every report and the public page print."""

    plan: Plan
    as_of: date
    classes: list[Task]
    targets: list[Task]
    measures: list[Task]
    targets_done: int
    targets_on_time: int
    targets_overdue: list[Task]
    measures_done: int
    average_progress: int
    evidence_count: int
    problems_total: int
    problems_closed: int
    problems_open: list[Problem]
    problems: list[Problem]
    milestones: list[Milestone]
    by_class: list[dict[str, Any]] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)


def figures(plan: Plan, as_of: date | None = None) -> Figures:
    """Count the ledger on ``as_of`` (today by default): a target is done when its status is 已完成 with a
    completion date on or before ``as_of``; on time when that date is not after its deadline; overdue when not
    done and its deadline has passed. Problems count when found on or before ``as_of``; closed when 销号 by then."""
    as_of = as_of or timezone.localdate()
    tasks = sorted(tasks_of(plan), key=lambda t: number_key(t.number))
    levels: dict[str, list[Task]] = {Level.CLASS: [], Level.TARGET: [], Level.MEASURE: []}
    for task in tasks:
        levels[task.level].append(task)

    def done(task: Task) -> bool:
        return task.status == Status.DONE and task.done_on is not None and task.done_on <= as_of

    targets = levels[Level.TARGET]
    problems = list(
        Problem.objects.filter(plan=plan, found_on__lte=as_of)
        .select_related("unit", "task")
        .order_by("found_on", "id")
    )
    closed = [p for p in problems if p.state == ProblemState.CLOSED and p.closed_on and p.closed_on <= as_of]
    by_class = []
    for klass in levels[Level.CLASS]:
        own = [t for t in targets if t.parent_id == klass.pk]
        by_class.append(
            {
                "task": klass,
                "targets": len(own),
                "done": sum(1 for t in own if done(t)),
                "progress": round(sum(t.progress for t in own) / len(own)) if own else 0,
            }
        )
    return Figures(
        plan=plan,
        as_of=as_of,
        classes=levels[Level.CLASS],
        targets=targets,
        measures=levels[Level.MEASURE],
        targets_done=sum(1 for t in targets if done(t)),
        targets_on_time=sum(
            1 for t in targets if done(t) and t.done_on is not None and t.done_on <= t.deadline
        ),
        targets_overdue=[t for t in targets if not done(t) and t.deadline < as_of],
        measures_done=sum(1 for t in levels[Level.MEASURE] if done(t)),
        average_progress=round(sum(t.progress for t in targets) / len(targets)) if targets else 0,
        evidence_count=sum(len(t.evidence.all()) for t in tasks),
        problems_total=len(problems),
        problems_closed=len(closed),
        problems_open=[p for p in problems if p not in closed],
        problems=problems,
        milestones=list(Milestone.objects.filter(plan=plan).order_by("due_on", "id")),
        by_class=by_class,
        by_status=dict(Counter(t.get_status_display() for t in targets)),
    )


def events_between(plan: Plan, start: date, end: date) -> QuerySet[PilotEvent]:
    """The ledger's steps in a period (the monthly supervision report lists them)."""
    return (
        PilotEvent.objects.filter(plan=plan, at__date__gte=start, at__date__lte=end)
        .select_related("task", "user")
        .order_by("at", "id")
    )


@dataclass(frozen=True)
class PublicView:
    plan: Plan
    figures: Figures
    tree: list[tuple[Task, list[Task]]]
    closed_problems: list[Problem]


def public_view(code: str | None = None, as_of: date | None = None) -> PublicView | None:
    """The 试点专题 page: the plan, its classes with their targets and progress, milestones, and the problems
    already closed (销号). Open problems are counted, not described (see pilot/views.py)."""
    plan = public_plan(code)
    if plan is None:
        return None
    result = figures(plan, as_of)
    tree = [(klass, [t for t in result.targets if t.parent_id == klass.pk]) for klass in result.classes]
    closed = [
        p for p in Problem.objects.filter(plan=plan, state=ProblemState.CLOSED).order_by("closed_on", "id")
    ]
    return PublicView(plan=plan, figures=result, tree=tree, closed_problems=closed)


def tasks_for(user) -> QuerySet[Task]:
    """The tasks a person may see on the officers' pages (the office: all)."""
    return (
        Task.objects.visible_to(user).active().select_related("plan", "lead_unit").order_by("plan", "number")
    )


def desk_section(user, within: str, today: date):
    """The 试点台账 section of the desk: the person's unfinished tasks due within a week or overdue."""
    from publishing.selectors import DeskCount, DeskLine, DeskSection

    from .services import REMIND_DAYS

    if not may_handle(user):
        return None
    open_tasks = tasks_for(user).exclude(status=Status.DONE).filter(plan__retired=False)
    late = list(open_tasks.filter(deadline__lt=today)[:200])
    soon = list(
        open_tasks.filter(deadline__gte=today, deadline__lte=today + timedelta(days=REMIND_DAYS))[:200]
    )
    base = reverse("pilot:desk")
    lines = tuple(
        DeskLine(
            title=str(t)[:40],
            unit=t.lead_unit.name,
            when=_("时限 %(d)s") % {"d": t.deadline},
            action=str(_("更新进度")),
            url=reverse("pilot:task", args=[t.pk]),
            badge=str(_("已超期")) if t in late else f"{t.progress}%",
        )
        for t in (late + soon)[:5]
    )
    return DeskSection(
        key="pilot",
        title=str(_("试点台账")),
        url=base,
        counts=(
            DeskCount(key="soon", title=str(_("一周内到期")), count=len(soon), url=base, unit=str(_("项"))),
            DeskCount(key="late", title=str(_("已超期")), count=len(late), url=base, unit=str(_("项"))),
        ),
        lines=lines,
        link_label=str(_("进入试点台账")),
    )


def plans_for(user) -> list[Plan]:
    """The plans on the officers' page (every active plan: a plan is the district's, its tasks are scoped)."""
    if not may_handle(user):
        return []
    return list(Plan.objects.filter(retired=False).order_by("-starts_on", "-id")[:20])
