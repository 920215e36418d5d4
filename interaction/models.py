"""互动交流: messages from the portal (领导信箱, 咨询, 建议, 投诉, 网站纠错), each with a tracking code, routed to the
responsible unit and answered on a clock of working days (the workdays engine); the answer is published only
with the asker's consent and never with the asker's name, phone or e-mail (stored encrypted, core/crypto.py).
Nothing is deleted; every step is in the append-only :class:`MessageEvent` log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedCharField
from core.models import AppendOnlyModel
from organizations import permissions as perms

AREA = "interaction"


class Kind(models.TextChoices):
    MAILBOX = "mailbox", _("领导信箱")
    CONSULT = "consult", _("咨询")
    SUGGEST = "suggest", _("建议")
    COMPLAIN = "complain", _("投诉")
    CORRECTION = "correction", _("网站纠错")


class Status(models.TextChoices):
    RECEIVED = "received", _("待分办")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复")


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user) -> MessageQuerySet:
        """The office sees every message (also those not yet routed); an officer the messages of its units."""
        if perms.has_global(user, perms.VIEW, AREA):
            return self
        return self.filter(unit__isnull=False).filter(perms.unit_filter(user, perms.VIEW, AREA, "unit__"))

    def open(self) -> MessageQuerySet:
        return self.exclude(status=Status.ANSWERED)


class AnswerRule(models.Model):
    """The answer clock of one kind of message, in working days, set by the office (with where it comes from)."""

    kind = models.CharField(_("留言类型"), max_length=12, choices=Kind.choices, unique=True)
    workdays = models.PositiveSmallIntegerField(_("答复时限（工作日）"))
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("答复时限")
        verbose_name_plural = _("答复时限")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.workdays}"


class Message(models.Model):
    """One message from the portal."""

    code = models.CharField(_("查询码"), max_length=16, unique=True)
    kind = models.CharField(_("留言类型"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"), max_length=3000)
    name = EncryptedCharField(_("姓名"), max_length=50)  # encrypted at rest
    phone = EncryptedCharField(_("联系电话"), max_length=30, blank=True)
    email = EncryptedCharField(_("电子邮箱"), max_length=100, blank=True)
    consent = models.BooleanField(_("同意公开"), default=False)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_chosen = models.BooleanField(_("留言人选择的单位"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField(_("收到日期"), db_index=True)
    workdays = models.PositiveSmallIntegerField(_("答复时限（工作日）"))
    due_on = models.DateField(_("应答复日期"), db_index=True)
    answer = models.TextField(_("答复内容"), max_length=5000, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("互动交流留言")
        verbose_name_plural = _("互动交流留言")
        ordering = ("-received_on", "-id")

    def __str__(self) -> str:
        return f"{self.code} {self.subject[:30]}"

    @property
    def public(self) -> bool:
        return self.consent and self.status == Status.ANSWERED


class MessageEvent(AppendOnlyModel):
    """One step on a message (收到, 分办, 改派, 答复): the append-only history."""

    record_name = _("留言办理记录")

    message = models.ForeignKey(
        Message, verbose_name=_("留言"), on_delete=models.PROTECT, related_name="events"
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
        verbose_name = _("留言办理记录")
        verbose_name_plural = _("留言办理记录")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.action} {self.note[:30]}"
