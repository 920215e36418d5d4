"""Citizens' good/bad ratings (好差评) and supervisors' reports (监督员反映) with the office's answers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.crypto import EncryptedCharField
from organizations.models import Unit

COMMENT_MAX = 300


class RatingTarget(models.TextChoices):
    ITEM = "item", _("公开事项")
    GUIDE = "guide", _("办事指南")
    SERVICE_POINT = "service_point", _("服务点")
    PUBLICATION = "publication", _("公开信息")


class RatingValue(models.TextChoices):
    GOOD = "good", _("好评")
    BAD = "bad", _("差评")


class BadReason(models.TextChoices):
    NOT_FOUND = "not_found", _("找不到需要的信息")
    INCOMPLETE = "incomplete", _("内容不完整")
    OUTDATED = "outdated", _("内容过时或有误")
    UNCLEAR = "unclear", _("看不懂、表述不清")
    SERVICE = "service", _("办事不方便")
    OTHER = "other", _("其他")


class FollowUp(models.TextChoices):
    NONE = "", _("无需跟进")
    OPEN = "open", _("待整改")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已整改办结")


class Rating(models.Model):
    """One citizen's 好评 or 差评 on an item, a service guide, a service point or a publication.

    One per target per browser per day (and per signed-in user per day); a 差评 says what went wrong and
    may leave a contact, which only the office sees, for the 整改 follow-up it answers in the admin.
    """

    target_kind = models.CharField(_("评价对象类型"), max_length=20, choices=RatingTarget.choices)
    target_code = models.CharField(_("评价对象编码"), max_length=80, db_index=True)
    target_label = models.CharField(_("评价对象名称"), max_length=300, blank=True)
    value = models.CharField(_("评价"), max_length=4, choices=RatingValue.choices)
    comment = models.CharField(_("意见建议"), max_length=COMMENT_MAX, blank=True)
    ip_hash = models.CharField(
        _("来源（散列）"), max_length=64, editable=False, help_text=_("访问者IP的加密散列，不保存原始IP。")
    )
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True, db_index=True)
    browser_hash = models.CharField(
        _("浏览器（散列）"), max_length=64, blank=True, default="", editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录用户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    day = models.DateField(_("评价日期"), null=True, blank=True, editable=False)
    reason = models.CharField(_("差评原因"), max_length=20, choices=BadReason.choices, blank=True)
    contact = EncryptedCharField(  # encrypted at rest (core/crypto.py)
        _("回访联系方式"),
        max_length=100,
        blank=True,
        help_text=_(
            "仅区政务公开办和被评价单位的工作人员可见，用于回访，不公开；加密保存，答复后按保存期限删除。"
        ),
    )
    follow_up = models.CharField(
        _("整改状态"), max_length=10, choices=FollowUp.choices, blank=True, default="", db_index=True
    )
    answer = models.TextField(_("整改答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["ip_hash", "browser_hash", "contact"])

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_kind", "target_code"])]
        constraints = [
            models.UniqueConstraint(
                fields=["target_kind", "target_code", "browser_hash", "day"],
                condition=~models.Q(browser_hash=""),
                name="rating_once_per_browser_day",
            ),
            models.UniqueConstraint(
                fields=["target_kind", "target_code", "user", "day"],
                condition=models.Q(user__isnull=False),
                name="rating_once_per_user_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_value_display()} · {self.target_label or self.target_code}"

    def delete(self, *args, **kwargs):
        raise ValidationError(_("评价记录不能删除。"))


class ReportStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class ReportQuerySet(models.QuerySet):
    def filed_by(self, user):
        return self.filter(author=user)

    def visible_to(self, user):
        from organizations import permissions as perms

        return self.filter(perms.unit_filter(user, perms.VIEW, "participation", "unit__"))


class SupervisorReport(models.Model):
    """A supervisor's (监督员) report about a unit's disclosure work, answered by the district office."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("被反映单位"), on_delete=models.PROTECT, related_name="supervisor_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("监督员"),
        on_delete=models.PROTECT,
        related_name="supervisor_reports",
    )
    subject = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("反映内容"), max_length=3000)
    page_url = models.CharField(_("相关页面"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("监督员反映")
        verbose_name_plural = _("监督员反映")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject

    def delete(self, *args, **kwargs):
        raise ValidationError(_("监督员反映不能删除，请办结。"))


class CorrectionKind(models.TextChoices):
    CONTENT = "content", _("内容错误")
    LINK = "link", _("链接失效或打不开")
    TYPO = "typo", _("错别字")
    OUTDATED = "outdated", _("信息未及时更新")
    ACCESS = "access", _("页面无法使用（手机、适老版等）")
    OTHER = "other", _("其他")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ANSWERED = "answered", _("已答复")


def new_tracking_code() -> str:
    import secrets

    return "JC" + secrets.token_hex(5).upper()


class Correction(models.Model):
    """A 网站纠错 report from anyone, answered by the district office; the reporter reads the answer by
    its tracking code (查询码). The contact is never shown publicly."""

    code = models.CharField(
        _("查询码"), max_length=20, unique=True, default=new_tracking_code, editable=False
    )
    page_url = models.CharField(_("出错页面"), max_length=300, blank=True)
    kind = models.CharField(_("问题类型"), max_length=10, choices=CorrectionKind.choices)
    description = models.TextField(_("问题描述"), max_length=1000)
    contact = EncryptedCharField(_("联系方式（选填）"), max_length=100, blank=True)  # encrypted at rest
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.OPEN,
        db_index=True,
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    ip_hash = models.CharField(max_length=64, editable=False, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["ip_hash", "contact"])

    class Meta:
        verbose_name = _("网站纠错")
        verbose_name_plural = _("网站纠错")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.code} · {self.get_kind_display()}"

    def delete(self, *args, **kwargs):
        raise ValidationError(_("纠错记录不能删除。"))
