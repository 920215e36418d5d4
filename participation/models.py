"""Citizens' good/bad ratings (好差评) and supervisors' reports (监督员反映) with the office's answers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class Rating(models.Model):
    """One citizen's 好评 or 差评 on an item, a service guide, a service point or a publication."""

    target_kind = models.CharField(_("评价对象类型"), max_length=20, choices=RatingTarget.choices)
    target_code = models.CharField(_("评价对象编码"), max_length=80, db_index=True)
    target_label = models.CharField(_("评价对象名称"), max_length=300, blank=True)
    value = models.CharField(_("评价"), max_length=4, choices=RatingValue.choices)
    comment = models.CharField(_("意见建议"), max_length=COMMENT_MAX, blank=True)
    ip_hash = models.CharField(
        _("来源（散列）"), max_length=64, editable=False, help_text=_("访问者IP的加密散列，不保存原始IP。")
    )
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_kind", "target_code"])]

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
