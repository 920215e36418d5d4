"""Assessment (考核评估): indicator systems per year, rounds, computed and entered scores, ballots, evidence.

``IndicatorSystem`` holds a tree of ``Indicator`` rows (django-mptt) with their points and scoring method.
A ``Round`` assesses a set of units over a period: computed indicators are filled from the portal's data
(``assessment.indicators``), assessors enter ``ManualScore`` rows, the democratic review is a
``ReviewTally``. Each scored line is an ``IndicatorScore`` with ``Evidence`` rows pointing at the records
it came from. A closed round is immutable and keeps the inputs it was scored on (``Round.snapshot``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from simple_history.models import HistoricalRecords

from core.models import AppendOnlyModel
from organizations.models import Unit

CLOSED_MESSAGE = _("考核轮次已关闭，结果不可修改。")


class IndicatorSystem(models.Model):
    """A year's indicator system (考核指标体系), or a ready-made template to copy from."""

    name = models.CharField(_("名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"), null=True, blank=True)
    is_template = models.BooleanField(
        _("模板"), default=False, help_text=_("模板不直接用于考核，复制到年度体系后使用。")
    )
    template_key = models.SlugField(_("模板标识"), max_length=50, null=True, blank=True, unique=True)
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("所依据的文件或做法。"))
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核指标体系")
        verbose_name_plural = _("考核指标体系")
        ordering = ["is_template", "-year", "name"]

    def __str__(self):
        return f"{self.name}（模板）" if self.is_template else self.name

    @property
    def total_points(self) -> Decimal:
        return sum((i.max_points for i in self.indicators.filter(parent=None)), Decimal(0))


class Scoring(models.TextChoices):
    """How an indicator turns its inputs into points."""

    SUM = "sum", _("汇总下级指标")
    POOL = "pool", _("扣分制（满分减下级扣分）")
    DEDUCT = "deduct", _("扣分项（每项扣分）")
    DEDUCTION = "deduction", _("扣分制（本项满分减扣分）")
    RATE = "rate", _("按比率计分（满分×比率）")
    MANUAL = "manual", _("人工评分")
    BALLOT = "ballot", _("民主评议")


class NothingDue(models.TextChoices):
    """What an indicator gives a unit that had nothing to be measured on (无应考核事项): chosen per indicator."""

    FULL = "full", _("按满分计")
    NEUTRAL = "neutral", _("按有应考核事项单位的平均分计")
    EXCLUDED = "excluded", _("不计入，总分按得分率折算")


def policy_text(policy: str) -> str:
    """How an indicator scores a unit with nothing due, in words ("按满分计" …)."""
    return str(NothingDue(policy).label) if policy in NothingDue.values else policy


class Indicator(MPTTModel):
    """One indicator of a system: points (满分) or a deduction rule, computed from data or scored by hand."""

    system = models.ForeignKey(
        IndicatorSystem, verbose_name=_("指标体系"), on_delete=models.CASCADE, related_name="indicators"
    )
    parent = TreeForeignKey(
        "self",
        verbose_name=_("上级指标"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("编号"), max_length=30)
    name = models.CharField(_("指标名称"), max_length=200)
    order = models.PositiveIntegerField(_("排序"), default=0)
    scoring = models.CharField(_("计分方式"), max_length=10, choices=Scoring.choices, default=Scoring.MANUAL)
    max_points = models.DecimalField(
        _("分值（满分）"), max_digits=6, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    deduction_per = models.DecimalField(
        _("每项扣分"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    floor = models.DecimalField(_("最低得分"), max_digits=6, decimal_places=2, default=0)
    computation = models.CharField(
        _("计算方法"),
        max_length=50,
        blank=True,
        help_text=_("自动计算指标的计算方法标识（见 assessment.indicators）；留空为人工评分。"),
    )
    params = models.JSONField(_("参数"), default=dict, blank=True)
    criteria = models.TextField(_("评分标准"), blank=True)
    when_nothing_due = models.CharField(
        _("无应考核事项时"),
        max_length=10,
        choices=NothingDue.choices,
        default=NothingDue.EXCLUDED,
        help_text=_("单位在考核期内没有应公开、应考核的事项时本指标如何计分；在考核报告中列明。"),
    )

    objects = TreeManager()

    class MPTTMeta:
        order_insertion_by = ["order", "code"]

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="unique_indicator_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        from .indicators import REGISTRY

        if self.parent_id and self.parent.system_id != self.system_id:
            raise ValidationError({"parent": _("上级指标必须属于同一指标体系。")})
        if self.computation and self.computation not in REGISTRY:
            raise ValidationError({"computation": _("未知的计算方法。")})
        if self.scoring in (Scoring.DEDUCT, Scoring.DEDUCTION) and self.deduction_per is None:
            raise ValidationError({"deduction_per": _("扣分项须填写每项扣分。")})
        if self.scoring in (Scoring.DEDUCT, Scoring.DEDUCTION, Scoring.RATE) and not self.computation:
            raise ValidationError({"computation": _("该计分方式须选择计算方法。")})


class AssessorGroup(models.Model):
    """A group of assessors (政府、人大、公众、第三方) whose scores count with a weight (多方评议)."""

    code = models.SlugField(_("标识"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    weight = models.DecimalField(
        _("权重"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("评估人员"), blank=True, related_name="assessor_groups"
    )
    order = models.PositiveIntegerField(_("排序"), default=0)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("评估主体")
        verbose_name_plural = _("评估主体")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class RoundKind(models.TextChoices):
    MONTHLY = "monthly", _("月度")
    QUARTERLY = "quarterly", _("季度")
    YEARLY = "yearly", _("年度")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("评分中")
    SCORED = "scored", _("评分完成")
    REVIEWED = "reviewed", _("已审核")
    CLOSED = "closed", _("已关闭")


class Round(models.Model):
    """One assessment round (月度/季度/年度): opened, scored, reviewed, closed — then immutable."""

    system = models.ForeignKey(
        IndicatorSystem, verbose_name=_("指标体系"), on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=RoundKind.choices)
    period_start = models.DateField(_("考核期开始"))
    period_end = models.DateField(_("考核期结束"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN, db_index=True
    )
    units = models.ManyToManyField(Unit, verbose_name=_("参评单位"), related_name="assessment_rounds")
    snapshot = models.JSONField(_("计分输入快照"), default=dict, blank=True, editable=False)
    computed_at = models.DateTimeField(_("最近计算时间"), null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开启人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关闭人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = _("考核轮次")
        verbose_name_plural = _("考核轮次")
        ordering = ["-period_end", "-id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk:
            stored = Round.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == RoundStatus.CLOSED:
                raise ValidationError(CLOSED_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Round.objects.filter(pk=self.pk, status=RoundStatus.CLOSED).exists():
            raise ValidationError(CLOSED_MESSAGE)
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.period_end and self.period_start and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("结束日期不能早于开始日期。")})

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_provisional(self) -> bool:
        """Not closed yet: its figures are provisional (暂定) and may still change."""
        return self.status != RoundStatus.CLOSED

    def as_of(self, today: date | None = None) -> date:
        """The day a computation of the round counts duties up to (截至): the period's end once the round is
        closed, otherwise ``today`` (the portal's date by default), never past the period's end."""
        return as_of_date(self.period_end, closed=self.is_closed, today=today or timezone.localdate())

    @property
    def figures_as_of(self) -> date | None:
        """The day the stored figures count duties up to: the period's end for a closed round, else the as-of
        date of the last computation (kept in its inputs); None when not computed since inputs kept it."""
        if self.is_closed:
            return self.period_end
        day = (self.snapshot or {}).get("as_of")
        return date.fromisoformat(day) if day else None


class RoundEvent(AppendOnlyModel):
    """An append-only record of a round's life (评分完成, 审核, 退回评分, 关闭), written by the round's workflow."""

    record_name = _("轮次记录")

    ACTIONS = [
        ("finish", _("完成评分")),
        ("review", _("审核")),
        ("reopen", _("退回评分")),
        ("close", _("关闭")),
    ]
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=20, choices=ACTIONS)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("轮次记录")
        verbose_name_plural = _("轮次记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.round} · {self.get_action_display()}"


def as_of_date(period_end: date, *, closed: bool, today: date) -> date:
    """A round's as-of date (截至日期): a closed round counts every duty due in its period; an open one only
    those due by ``today``."""
    return period_end if closed else min(period_end, today)


def round_is_closed(round_id) -> bool:
    return Round.objects.filter(pk=round_id, status=RoundStatus.CLOSED).exists()


class RoundGuarded(models.Model):
    """Rows of a round: refused once the round is closed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if round_is_closed(self.round_id):
            raise ValidationError(CLOSED_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if round_is_closed(self.round_id):
            raise ValidationError(CLOSED_MESSAGE)
        return super().delete(*args, **kwargs)


class IndicatorScore(RoundGuarded):
    """The score of one unit on one indicator in one round, with how it was reached."""

    round = models.ForeignKey(
        Round, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="scores"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(
        _("计量值"), max_digits=9, decimal_places=4, null=True, blank=True, help_text=_("比率或扣分项数。")
    )
    details = models.JSONField(_("计算说明"), default=dict, blank=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "indicator"], name="unique_indicator_score")
        ]

    def __str__(self):
        return f"{self.unit} · {self.indicator} · {self.score}"


class Evidence(models.Model):
    """A record an indicator score came from (the late publication, the blank column, the bad rating).

    Most indicators list only the records that cost points; the ledger indicators (互动交流, 舆情回应) list every
    record they counted, the ones answered on time with ``deducts`` false."""

    score = models.ForeignKey(
        IndicatorScore, verbose_name=_("指标得分"), on_delete=models.CASCADE, related_name="evidence"
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("记录类型"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("记录编号"))
    description = models.CharField(_("说明"), max_length=500)
    deducts = models.BooleanField(
        _("失分记录"),
        default=True,
        help_text=_("该记录使单位失分；否则为计入统计但未失分的记录（如按时答复）。"),
    )

    class Meta:
        verbose_name = _("计分依据")
        verbose_name_plural = _("计分依据")
        ordering = ["id"]

    def __str__(self):
        return self.description


class UnitResult(RoundGuarded):
    """A unit's total and rank in a round, and its field (领域) figures for the heat map."""

    round = models.ForeignKey(
        Round, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="results"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2, default=0)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    left_out = models.DecimalField(
        _("不计入分值"),
        max_digits=7,
        decimal_places=2,
        default=0,
        help_text=_("因无应考核事项而不计入的指标分值；总分已按得分率折算。"),
    )
    by_domain = models.JSONField(_("分领域数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("单位得分")
        verbose_name_plural = _("单位得分")
        ordering = ["round", "rank", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="unique_unit_result")]

    def __str__(self):
        return f"{self.unit} · {self.total}"


def evidence_path(instance, filename):
    return f"assessment/{instance.round_id}/{instance.unit.code}/{filename}"


class ManualScore(RoundGuarded):
    """A score an assessor enters for one unit on one manual indicator, with a comment and evidence file."""

    round = models.ForeignKey(
        Round, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="manual_scores"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("被考核单位"), on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评估人员"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        AssessorGroup,
        verbose_name=_("评估主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    comment = models.TextField(_("评分说明"), blank=True)
    file = models.FileField(_("佐证材料"), upload_to=evidence_path, blank=True)
    file_type = models.CharField(_("文件类型"), max_length=50, blank=True, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人工评分")
        verbose_name_plural = _("人工评分")
        ordering = ["round", "unit__code", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "indicator", "assessor"], name="unique_manual_score"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.indicator} · {self.score}"


class Grade(models.TextChoices):
    """The democratic-review ballot (民主评议票): A 满意 100, B 基本满意 85, C 一般 70, D 不满意 55, F 不了解."""

    A = "A", _("满意")
    B = "B", _("基本满意")
    C = "C", _("一般")
    D = "D", _("不满意")
    F = "F", _("不了解（不计票）")


GRADE_POINTS = {Grade.A: 100, Grade.B: 85, Grade.C: 70, Grade.D: 55}


class ReviewTally(RoundGuarded):
    """The democratic review (民主评议) of one unit in one round: the counted ballots per grade."""

    round = models.ForeignKey(
        Round, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="tallies"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("被评议单位"), on_delete=models.PROTECT, related_name="+")
    count_a = models.PositiveIntegerField(_("满意（A）"), default=0)
    count_b = models.PositiveIntegerField(_("基本满意（B）"), default=0)
    count_c = models.PositiveIntegerField(_("一般（C）"), default=0)
    count_d = models.PositiveIntegerField(_("不满意（D）"), default=0)
    count_f = models.PositiveIntegerField(_("不了解（F）"), default=0)
    note = models.CharField(_("说明"), max_length=300, blank=True, help_text=_("评议会议、监票人等。"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("民主评议计票")
        verbose_name_plural = _("民主评议计票")
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="unique_review_tally")]

    def __str__(self):
        return f"{self.unit} · {self.round}"

    def counts(self) -> dict[str, int]:
        return {"A": self.count_a, "B": self.count_b, "C": self.count_c, "D": self.count_d, "F": self.count_f}


class Expectation(models.TextChoices):
    """What was due (应公开) for an obligation in a round."""

    PERIODIC = "periodic", _("定期公开（期间结束）")
    DEADLINE = "deadline", _("限时公开（事件触发）")
    COLUMN = "column", _("栏目常态更新")


class DisclosureState(models.TextChoices):
    ON_TIME = "on_time", _("按时公开")
    LATE = "late", _("逾期公开")
    MISSING = "missing", _("未公开")


class DutyTrigger(models.Model):
    """An event that starts an obligation's disclosure clock although no record exists yet (应公开事件登记):
    a decision made, a meeting held, a list approved — entered by the office or an auditor from the unit's
    ledgers. A record of the obligation formed on that day answers it."""

    obligation = models.ForeignKey(
        "publishing.Obligation", verbose_name=_("公开义务"), on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField(_("事件发生日期"))
    description = models.CharField(_("事件"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("应公开事件登记")
        verbose_name_plural = _("应公开事件登记")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "occurred_on"], name="unique_duty_trigger")
        ]

    def __str__(self):
        return f"{self.occurred_on} {self.description}"


class ExpectedDisclosure(RoundGuarded):
    """One disclosure a unit was expected to make in a round's period, and what it did (the evidence)."""

    round = models.ForeignKey(
        Round, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="expected"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    obligation = models.ForeignKey(
        "publishing.Obligation",
        verbose_name=_("公开义务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    domain = models.ForeignKey(
        "domains.Domain",
        verbose_name=_("领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Expectation.choices)
    what = models.CharField(_("应公开内容"), max_length=300)
    key_date = models.DateField(_("期间开始或事件日期"))
    due_date = models.DateField(_("应公开日期"))
    state = models.CharField(_("结果"), max_length=10, choices=DisclosureState.choices, db_index=True)
    publication = models.ForeignKey(
        "publishing.Publication",
        verbose_name=_("公开记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    late_workdays = models.PositiveIntegerField(_("逾期工作日"), default=0)
    evidence = models.CharField(_("依据"), max_length=500)

    class Meta:
        verbose_name = _("应公开事项")
        verbose_name_plural = _("应公开事项")
        ordering = ["round", "unit__code", "due_date", "id"]
        indexes = [models.Index(fields=["round", "unit", "state"], name="expected_round_unit_state")]

    def __str__(self):
        return self.evidence


import simple_history  # noqa: E402

# MPTT models are registered here (not with a field) so the history skips MPTT's tree fields.
simple_history.register(Indicator, excluded_fields=["lft", "rght", "tree_id", "level"])
