"""The 政务舆情回应 ledger (internal, for officers): each 舆情 found, its evidence, its responses, its handover, and
an append-only log of every step an officer takes. Nothing is deleted; the clocks are computed (opinion/clocks.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyModel
from organizations import permissions as perms

from . import clocks

AREA = "opinion"


class Level(models.TextChoices):
    EXTREME = clocks.EXTREME, _("特别重大")
    MAJOR = clocks.MAJOR, _("重大")
    LARGE = clocks.LARGE, _("较大")
    GENERAL = clocks.GENERAL, _("一般")


class Kind(models.TextChoices):
    """The kinds of 政务舆情 to answer first (国办发〔2016〕61号, 二)."""

    POLICY = "policy", _("重大政策措施误解误读")
    INTEREST = "interest", _("涉及公众切身利益")
    MORALITY = "morality", _("民生领域冲击社会道德底线")
    INCIDENT = "incident", _("突发事件处置和自然灾害应对")
    HOTSPOT = "hotspot", _("社会热点问题")
    UPPER = "upper", _("上级要求主动回应")
    OTHER = "other", _("其他")


class Source(models.TextChoices):
    NEWS = "news", _("新闻媒体")
    WEIBO = "weibo", _("微博")
    WECHAT = "wechat", _("微信公众号")
    VIDEO = "video", _("短视频平台")
    FORUM = "forum", _("论坛、贴吧")
    HOTLINE = "hotline", _("12345热线")
    OTHER = "other", _("其他")


class State(models.TextChoices):
    MONITORING = "monitoring", _("监测中")
    RESPONDED = "responded", _("已回应（持续发布）")
    HANDED_OVER = "handed_over", _("已移交")
    CLOSED = "closed", _("已办结")


class HandedTo(models.TextChoices):
    POLICE = "police", _("公安机关")
    CAC = "cac", _("网信部门")


class ResponseKind(models.TextChoices):
    AUTHORITY = clocks.AUTHORITY, _("发布权威信息")
    PRESS = clocks.PRESS, _("举行新闻发布会或吹风会")
    RESPONSE = clocks.RESPONSE, _("其他回应（答记者问、政务新媒体等）")


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> EntryQuerySet:
        """The entries of the units ``user`` may view in the ledger (the office: all; an officer: own unit)."""
        return self.filter(perms.unit_filter(user, perms.VIEW, AREA, "unit__"))

    def open(self) -> EntryQuerySet:
        return self.exclude(state=State.CLOSED)


class Entry(models.Model):
    """One 政务舆情 in the response ledger (舆情台账)."""

    found_at = models.DateTimeField(_("发现时间"), db_index=True)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    link = models.URLField(_("原文链接"), max_length=500, blank=True)
    summary = models.TextField(_("舆情摘要"), max_length=2000)
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("涉及领域"), max_length=40, blank=True)
    kind = models.CharField(_("舆情类别"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    emergency = models.BooleanField(_("突发事件"), default=False)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.MONITORING)
    handed_to = models.CharField(_("移交给"), max_length=8, choices=HandedTo.choices, blank=True)
    handover_party = models.CharField(_("接收方（单位、经办人）"), max_length=200, blank=True)
    handed_at = models.DateTimeField(_("移交时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("政务舆情")
        verbose_name_plural = _("政务舆情台账")
        ordering = ("-found_at", "-id")

    def __str__(self) -> str:
        return f"{clocks.beijing(self.found_at)} {self.summary[:30]}"

    def deadlines(self) -> list[clocks.Deadline]:
        return clocks.deadlines(self.found_at, self.level, self.emergency)


def evidence_path(instance: Evidence, filename: str) -> str:
    from core.uploads import EXTENSIONS

    extension = EXTENSIONS.get(instance.content_type, (".bin",))[0]
    return f"opinion/{instance.entry_id}/{instance.sha256[:16]}{extension}"


class Evidence(models.Model):
    """A screenshot or file kept as evidence of a 舆情 (PNG, JPEG or PDF), with its SHA-256."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("舆情"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("舆情证据")
        verbose_name_plural = _("舆情证据")
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return f"{self.original_name} {self.sha256[:12]}"


class Response(AppendOnlyModel):
    """One response to a 舆情: authoritative information, a press conference, or another answer; written once."""

    record_name = _("回应记录")

    entry = models.ForeignKey(
        Entry, verbose_name=_("舆情"), on_delete=models.PROTECT, related_name="responses"
    )
    kind = models.CharField(_("回应方式"), max_length=12, choices=ResponseKind.choices)
    responded_at = models.DateTimeField(_("回应时间"))
    link = models.URLField(_("回应链接"), max_length=500, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("舆情回应")
        verbose_name_plural = _("舆情回应")
        ordering = ("responded_at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {clocks.beijing(self.responded_at)}"


class EntryEvent(AppendOnlyModel):
    """One step an officer took on a 舆情 (登记, 上传证据, 回应, 移交, 办结): the append-only history."""

    record_name = _("舆情处置记录")

    entry = models.ForeignKey(Entry, verbose_name=_("舆情"), on_delete=models.PROTECT, related_name="events")
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
        verbose_name = _("舆情处置记录")
        verbose_name_plural = _("舆情处置记录")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.action} {self.note[:30]}"


class ClockAlert(AppendOnlyModel):
    """A warning or an escalation of one clock of one 舆情, written once: the key that makes each go out once."""

    record_name = _("计时提醒")

    entry = models.ForeignKey(Entry, verbose_name=_("舆情"), on_delete=models.PROTECT, related_name="alerts")
    clock = models.CharField(_("时限"), max_length=12)
    step = models.CharField(_("提醒"), max_length=12)
    notified = models.PositiveIntegerField(_("通知人数"), default=0)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("计时提醒")
        verbose_name_plural = _("计时提醒")
        constraints = [
            models.UniqueConstraint(fields=("entry", "clock", "step"), name="opinion_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.clock} {self.step}"
