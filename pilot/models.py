"""The pilot's own ledger (试点台账; 国办发〔2017〕42号, 国办发〔2019〕54号, the seeds' plans): a plan broken into a task
tree — class (类别) → target (量化目标: the indicator and its figure) → measure (工作措施) — each task with its lead
and cooperating units, deadline, status, progress and evidence files; the plan's milestones (备案, 完成, 自查, 总结,
验收) with their dates; problems (问题清单) → correction (整改) → closed (销号). Nothing is deleted (evidence is
withdrawn, a plan retired); every write appends a :class:`PilotEvent`."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyModel
from organizations import permissions as perms

AREA = "pilot"


class PlanQuerySet(models.QuerySet):
    def public(self) -> PlanQuerySet:
        return self.filter(published=True, retired=False)


class Plan(models.Model):
    """A district's pilot plan (试点实施方案)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("试点单位"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(_("依据"), max_length=500, blank=True)
    summary = models.TextField(_("试点概况"), max_length=5000, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    published = models.BooleanField(_("在试点专题公开"), default=True)
    retired = models.BooleanField(_("已停用"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("试点方案")
        verbose_name_plural = _("试点方案")
        ordering = ("-starts_on", "-id")

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    CLASS = "class", _("类别")
    TARGET = "target", _("量化目标")
    MEASURE = "measure", _("工作措施")


#: The level a task's children have.
CHILD_LEVEL: dict[str | None, str] = {
    None: Level.CLASS,
    Level.CLASS: Level.TARGET,
    Level.TARGET: Level.MEASURE,
}


class Status(models.TextChoices):
    PLANNED = "planned", _("未开始")
    RUNNING = "running", _("推进中")
    DONE = "done", _("已完成")
    STOPPED = "stopped", _("已撤销")


class TaskQuerySet(models.QuerySet):
    def active(self) -> TaskQuerySet:
        return self.exclude(status=Status.STOPPED)

    def visible_to(self, user) -> TaskQuerySet:
        return self.filter(
            perms.unit_filter(user, perms.VIEW, AREA, "lead_unit__")
            | perms.unit_filter(user, perms.VIEW, AREA, "cooperating__")
        ).distinct()


class Task(models.Model):
    """One node of the plan's task tree: a class, a quantified target, or a measure."""

    plan = models.ForeignKey(Plan, verbose_name=_("试点方案"), on_delete=models.PROTECT, related_name="tasks")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    number = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("名称"), max_length=200)
    indicator = models.CharField(_("指标"), max_length=300, blank=True)
    target_value = models.DecimalField(_("目标值"), max_digits=12, decimal_places=2, null=True, blank=True)
    actual_value = models.DecimalField(_("完成值"), max_digits=12, decimal_places=2, null=True, blank=True)
    measure_unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    lead_unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    cooperating = models.ManyToManyField(
        "organizations.Unit", verbose_name=_("配合单位"), blank=True, related_name="+"
    )
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("试点任务")
        verbose_name_plural = _("试点任务")
        ordering = ("plan", "number", "id")
        constraints = [
            models.UniqueConstraint(fields=("plan", "number"), name="pilot_task_number_unique"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="pilot_task_progress_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def achieved(self) -> Decimal | None:
        """The share of the target figure reached (actual / target), when both are set."""
        if self.target_value in (None, 0) or self.actual_value is None:
            return None
        return self.actual_value / self.target_value


def evidence_path(instance: Evidence, filename: str) -> str:
    from core.uploads import EXTENSIONS

    extension = EXTENSIONS.get(instance.content_type, (".bin",))[0]
    return f"pilot/{instance.task.plan_id}/{instance.task_id}/{instance.sha256[:16]}{extension}"


class EvidenceQuerySet(models.QuerySet):
    def current(self) -> EvidenceQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Evidence(models.Model):
    """A file kept as the task's record for acceptance (佐证材料), with its SHA-256; withdrawn, never deleted."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.PROTECT, related_name="evidence")
    title = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.title


class MilestoneKind(models.TextChoices):
    FILED = "filed", _("备案")
    COMPLETED = "completed", _("完成")
    SELF_CHECK = "self_check", _("自查")
    SUMMARY = "summary", _("总结")
    ACCEPTANCE = "acceptance", _("验收")


class Milestone(models.Model):
    """A dated step of the whole plan (方案备案, 任务完成, 自查评估, 总结报告, 验收)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("试点方案"), on_delete=models.PROTECT, related_name="milestones"
    )
    kind = models.CharField(_("节点"), max_length=12, choices=MilestoneKind.choices)
    due_on = models.DateField(_("应完成日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("试点节点")
        verbose_name_plural = _("试点节点")
        ordering = ("plan", "due_on", "id")
        constraints = [models.UniqueConstraint(fields=("plan", "kind"), name="pilot_milestone_once_per_plan")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"


class ProblemState(models.TextChoices):
    OPEN = "open", _("待整改")
    CORRECTING = "correcting", _("整改中")
    CLOSED = "closed", _("已销号")


class Problem(models.Model):
    """One entry of the 问题清单: found, its correction (整改) planned, then closed (销号) by the office."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("试点方案"), on_delete=models.PROTECT, related_name="problems"
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("相关任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    title = models.CharField(_("问题"), max_length=200)
    detail = models.TextField(_("问题描述"), max_length=3000, blank=True)
    source = models.CharField(_("发现途径"), max_length=60, blank=True)
    found_on = models.DateField(_("发现日期"))
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("整改责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    correction = models.TextField(_("整改措施"), max_length=3000, blank=True)
    correct_by = models.DateField(_("整改时限"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=ProblemState.choices, default=ProblemState.OPEN
    )
    result = models.TextField(_("整改结果"), max_length=3000, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("问题清单")
        verbose_name_plural = _("问题清单")
        ordering = ("plan", "found_on", "id")

    def __str__(self) -> str:
        return self.title


class PilotEvent(AppendOnlyModel):
    """One step of the ledger (a task's progress, a file, a milestone, a problem's correction or 销号); written once."""

    record_name = _("试点台账记录")

    plan = models.ForeignKey(
        Plan, verbose_name=_("试点方案"), on_delete=models.PROTECT, related_name="events"
    )
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    problem = models.ForeignKey(
        Problem, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=30)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("试点台账记录")
        verbose_name_plural = _("试点台账记录")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
