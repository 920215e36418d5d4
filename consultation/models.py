"""Public consultations (征求意见) on drafts: the office opens one for a unit's draft, with its 起草说明 and
依据, on the period its kind's rule sets (consultation/periods.py); comments come from the portal form or are
typed in by an officer from other channels; each is answered (采纳 / 部分采纳 / 不予采纳, with the reason) and
the feedback report is published after the meeting. The commenter's name and contact are stored encrypted and
never shown on a public page. Nothing is deleted: a comment hidden after reports waits for a moderator; every
step is in the append-only :class:`ConsultationEvent` log."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedCharField
from core.models import AppendOnlyModel
from organizations import permissions as perms

from . import periods

AREA = "consultation"


class Kind(models.Model):
    """A kind of consultation and its minimum period, set by the office (shipped with the three national ones)."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    days = models.PositiveSmallIntegerField(_("最短期限"))
    workdays = models.BooleanField(_("按工作日计算"), default=False)
    basis = models.CharField(_("依据"), max_length=300)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("征求意见类别")
        verbose_name_plural = _("征求意见类别")
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name

    def rule(self) -> periods.Rule:
        return periods.Rule(self.code, self.name, self.days, self.workdays, self.basis)


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConsultationQuerySet:
        return self.filter(perms.unit_filter(user, perms.VIEW, AREA, "unit__"))

    def public(self) -> ConsultationQuerySet:
        return self.filter(published=True)


class Consultation(models.Model):
    title = models.CharField(_("标题"), max_length=120)
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("起草单位"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.ForeignKey(Kind, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="+")
    draft = models.TextField(_("草案全文"), max_length=50000)
    explanation = models.TextField(_("起草说明（背景）"), max_length=10000)
    basis = models.TextField(_("依据"), max_length=3000)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    days = models.PositiveSmallIntegerField(_("征求意见期限"))
    shortened_reason = models.CharField(_("缩短期限的理由"), max_length=500, blank=True)
    published = models.BooleanField(_("已发布"), default=True)
    decided_on = models.DateField(_("会议决策日期"), null=True, blank=True)
    feedback_workdays = models.PositiveSmallIntegerField(
        _("采纳情况公开时限（工作日）"), default=periods.FEEDBACK_WORKDAYS
    )
    feedback_due_on = models.DateField(_("采纳情况应公开日期"), null=True, blank=True)
    feedback_summary = models.TextField(_("意见采纳情况说明"), max_length=10000, blank=True)
    feedback_published_at = models.DateTimeField(_("采纳情况公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ("-opens_at", "-id")

    def __str__(self) -> str:
        return self.title

    def state(self, now=None) -> str:
        """Computed on each request from the set times: no job opens or closes the form."""
        return periods.state(self.opens_at, self.closes_at, now or timezone.now())

    def is_open(self, now=None) -> bool:
        return self.state(now) == periods.OPEN


class Channel(models.TextChoices):
    WEB = "web", _("网上征集")
    MAIL = "mail", _("电子邮件")
    LETTER = "letter", _("信函")
    PHONE = "phone", _("电话")
    MEETING = "meeting", _("座谈会")


class Visibility(models.TextChoices):
    SHOWN = "shown", _("公开")
    HIDDEN = "hidden", _("被举报，待审核")
    WITHHELD = "withheld", _("经审核不予展示")


class Verdict(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    REJECTED = "rejected", _("不予采纳")


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name=_("征求意见"), on_delete=models.PROTECT, related_name="comments"
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    body = models.TextField(_("意见内容"), max_length=3000)
    name = EncryptedCharField(_("姓名"), max_length=50, blank=True)  # encrypted at rest, never public
    contact = EncryptedCharField(_("联系方式"), max_length=100, blank=True)  # encrypted at rest, never public
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now)
    visibility = models.CharField(
        _("展示状态"), max_length=10, choices=Visibility.choices, default=Visibility.SHOWN
    )
    reports = models.PositiveIntegerField(_("被举报次数"), default=0)
    group = models.CharField(_("归类"), max_length=60, blank=True)
    paragraph = models.PositiveSmallIntegerField(
        _("针对条/段"), null=True, blank=True, help_text=_("草案的第几条/段，空为整体意见")
    )
    verdict = models.CharField(_("采纳情况"), max_length=10, choices=Verdict.choices, blank=True)
    reason = models.TextField(_("理由"), max_length=2000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        ordering = ("received_at", "id")

    def __str__(self) -> str:
        return self.body[:30]


class CommentReport(AppendOnlyModel):
    """One report of a comment by one visitor (a hashed session key): written once, counted once."""

    record_name = _("意见举报")

    comment = models.ForeignKey(Comment, verbose_name=_("意见"), on_delete=models.PROTECT, related_name="+")
    reporter = models.CharField(_("举报人标识（散列）"), max_length=64)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("意见举报")
        verbose_name_plural = _("意见举报")
        constraints = [
            models.UniqueConstraint(fields=("comment", "reporter"), name="consultation_report_once")
        ]


class ConsultationEvent(AppendOnlyModel):
    """One step on a consultation (发起, 录入意见, 举报隐藏, 审核, 答复, 公开采纳情况): the append-only history."""

    record_name = _("征求意见记录")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("征求意见"), on_delete=models.PROTECT, related_name="events"
    )
    comment = models.ForeignKey(
        Comment, verbose_name=_("意见"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.CharField(_("内容"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("征求意见记录")
        verbose_name_plural = _("征求意见记录")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.action} {self.note[:30]}"


class Step(models.TextChoices):
    """The steps of a 重大行政决策 (重大行政决策程序暂行条例, 第二章至第四章), in order."""

    START = "start", _("启动")
    DRAFT = "draft", _("草案与起草说明")
    CONSULT = "consult", _("征求意见")
    HEARING = "hearing", _("听证/专家论证/风险评估")
    LEGALITY = "legality", _("合法性审查")
    COLLECTIVE = "collective", _("集体讨论决定")
    PUBLISH = "publish", _("公布")
    EVALUATE = "evaluate", _("评估")


STEP_ORDER = [s.value for s in Step]


class Decision(models.Model):
    """One item of the year's decision list (决策事项目录, 暂行条例 第三条/第四条), with its lead unit."""

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("决策事项"), max_length=120)
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    listed_on = models.DateField(_("目录确定日期"))
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("征求意见"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("重大行政决策事项")
        verbose_name_plural = _("重大行政决策事项目录")
        ordering = ("-year", "id")

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class DecisionStep(AppendOnlyModel):
    """One step of a decision as it happened (date and a public note): written once, in order."""

    record_name = _("决策程序记录")

    decision = models.ForeignKey(
        Decision, verbose_name=_("决策事项"), on_delete=models.PROTECT, related_name="steps"
    )
    step = models.CharField(_("环节"), max_length=12, choices=Step.choices)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("决策程序记录")
        verbose_name_plural = _("决策程序记录")
        ordering = ("on", "id")
        constraints = [
            models.UniqueConstraint(fields=("decision", "step"), name="consultation_decision_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.on}"


def hearing_record_path(instance, filename):
    return f"consultation/hearings/{instance.decision_id}/{filename}"


#: How the materials clock reads (consultation/periods.py).
MATERIALS_WORDS = {
    periods.MATERIALS_ON_TIME: _("按时送达"),
    periods.MATERIALS_LATE: _("送达晚于听证前7日"),
    periods.MATERIALS_WAITING: _("待送达"),
    periods.MATERIALS_DUE_SOON: _("即将到期"),
    periods.MATERIALS_MISSED: _("已超过送达时限"),
}


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已公告")
    HELD = "held", _("已举行")
    CANCELLED = "cancelled", _("已取消")


class Hearing(models.Model):
    """A hearing on a decision (重大行政决策程序暂行条例 第十六条、第十七条): the notice (time, place), how the
    participants are chosen and their list, published in advance on the decision's page; the materials sent
    at least 7 days before (a clock, consultation/periods.py); the signed record (笔录) uploaded after it.
    Nothing is deleted: a hearing called off is cancelled; every step is in :class:`HearingEvent`."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("决策事项"), on_delete=models.PROTECT, related_name="hearing"
    )
    subject = models.CharField(_("听证事项"), max_length=120)
    hearing_at = models.DateTimeField(_("听证时间"))
    place = models.CharField(_("听证地点"), max_length=200)
    selection = models.TextField(_("参加人遴选方式"), max_length=2000)
    participants = models.TextField(
        _("听证参加人名单"),
        max_length=5000,
        help_text=_("每行一人：称谓与所在单位或类别（依法事先公布；不得填写证件号码、电话等）"),
    )
    materials_sent_at = models.DateTimeField(
        _("听证材料送达时间"),
        null=True,
        blank=True,
        help_text=_("应不晚于听证时间前 7 日（按自然日，自听证开始时刻倒数 7×24 小时）"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=HearingStatus.choices, default=HearingStatus.SCHEDULED
    )
    record = models.FileField(_("听证笔录（签字版）"), upload_to=hearing_record_path, blank=True)
    record_type = models.CharField(_("笔录文件类型"), max_length=100, blank=True)
    record_sha256 = models.CharField(_("笔录文件SHA-256"), max_length=64, blank=True)
    record_uploaded_at = models.DateTimeField(_("笔录上传时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消理由"), max_length=500, blank=True)
    noticed_at = models.DateTimeField(_("公告时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("听证会")
        verbose_name_plural = _("听证会")
        ordering = ("-hearing_at", "id")

    def __str__(self) -> str:
        return self.subject

    def participant_list(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]

    def materials_deadline(self) -> datetime:
        return periods.materials_deadline(self.hearing_at)

    def materials_clock(self, now=None) -> str:
        return periods.materials_clock(self.hearing_at, self.materials_sent_at, now or timezone.now())

    def materials_words(self) -> str:
        return str(MATERIALS_WORDS[self.materials_clock()])

    def materials_flagged(self) -> bool:
        return self.materials_clock() in (periods.MATERIALS_LATE, periods.MATERIALS_MISSED)


class HearingEvent(AppendOnlyModel):
    """One step on a hearing (公告, 修改公告, 送达材料, 上传笔录, 取消): the append-only history."""

    record_name = _("听证记录")

    hearing = models.ForeignKey(
        Hearing, verbose_name=_("听证会"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.CharField(_("内容"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("听证记录")
        verbose_name_plural = _("听证记录")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.action} {self.note[:30]}"
