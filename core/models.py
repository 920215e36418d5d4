"""Durable queues in the database (mail waiting to be delivered, Celery work waiting for the broker) and the
append-only base of every event log."""

from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyModel(models.Model):
    """An event log row: written once, never changed or deleted (the audit trail of an official's work).

    A subclass names its records in ``record_name`` (e.g. "发布记录") for the refusal messages.
    """

    record_name = _("记录")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise ValidationError(_("{name}只能追加，不能修改。").format(name=self.record_name))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValidationError(_("{name}不能删除。").format(name=self.record_name))


class OutgoingMail(models.Model):
    """One e-mail, written in the transaction that decided to send it and delivered by a task after commit.

    ``key`` is the idempotency key: queuing the same key twice keeps one row, and the key is the mail's
    Message-ID, so a delivery retried after a crash between the SMTP server's acceptance and ``sent_at``
    being written carries the same Message-ID (receivers and relays drop the duplicate).
    """

    key = models.CharField(_("幂等键"), max_length=200, unique=True)
    to = models.CharField(_("收件人"), max_length=254)
    subject = models.CharField(_("主题"), max_length=255)
    body = models.TextField(_("正文"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True, db_index=True)
    #: A delivery in progress holds the mail until then (two senders never send it at the same time); a
    #: sender killed mid-delivery leaves it to the next one once the lease has run out.
    claimed_until = models.DateTimeField(_("发送占用至"), null=True, blank=True)

    class Meta:
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.to} · {self.subject}"


class PendingTask(models.Model):
    """A Celery task that could not reach the broker (Redis down); dispatched again when it is back."""

    name = models.CharField(_("任务"), max_length=200)
    args = models.JSONField(_("参数"), default=list)
    kwargs = models.JSONField(_("关键字参数"), default=dict)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("派发时间"), null=True, blank=True, db_index=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("待派发任务")
        verbose_name_plural = _("待派发任务")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """A public form's submission, known by a keyed hash of what was sent (never the data itself): the first
    of identical submissions within the window makes the record, a repeat is shown that record (core.once)."""

    key = models.CharField(_("提交指纹"), max_length=64, unique=True)
    scope = models.CharField(_("表单"), max_length=40)
    result = models.CharField(_("首次提交结果"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("提交时间"), db_index=True)

    class Meta:
        verbose_name = _("表单提交")
        verbose_name_plural = _("表单提交")

    def __str__(self) -> str:
        return f"{self.scope} · {self.result}"


class PersonalDataAccess(AppendOnlyModel):
    """A staff read of a citizen's personal data shown whole (GB/T 22239-2019 level 3, 8.1.4.3 安全审计; kept with
    the data, never purged: at least the six months 网络安全法 art. 21 asks). FOI requests keep their own, richer
    trail (``foi.AccessLog``); this one covers every other record the admin shows whole."""

    record_name = _("个人信息查阅记录")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查看人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    record = models.CharField(_("记录类型"), max_length=100)
    object_id = models.CharField(_("记录编号"), max_length=40)
    where = models.CharField(_("途径"), max_length=50)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("个人信息查阅记录")
        verbose_name_plural = _("个人信息查阅记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.record} #{self.object_id} · {self.at:%Y-%m-%d %H:%M}"
