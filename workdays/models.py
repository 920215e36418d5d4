"""The Chinese working-day calendar: each year's holiday arrangement and the days that break the weekday rule."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import package_data


class CalendarYear(models.Model):
    """One year's holiday arrangement (国务院办公厅关于部分节假日安排的通知); a year without a row is unknown."""

    class Source(models.TextChoices):
        PACKAGE = "package", _("由日历库导入")
        MANUAL = "manual", _("手工录入")

    year = models.PositiveSmallIntegerField(
        _("年份"), unique=True, validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    notice = models.CharField(
        _("依据的通知"),
        max_length=300,
        blank=True,
        help_text=_("如 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）"),
    )
    is_complete = models.BooleanField(
        _("已录入完整"),
        default=False,
        help_text=_("全部放假日和调休上班日录入后勾选；未勾选时，期限计算会附带提示。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年"


class CalendarDay(models.Model):
    """A day that breaks the weekday/weekend rule: a day off of a holiday, or a make-up working day (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = package_data.HOLIDAY, _("法定节假日")
        MAKEUP_WORKDAY = package_data.MAKEUP_WORKDAY, _("调休上班")

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(
        _("名称"), max_length=80, help_text=_("如 国庆节、中秋节；调休上班日写作 春节调休上班")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节假日与调休日")
        verbose_name_plural = _("节假日与调休日")
        ordering = ["date"]
        indexes = [models.Index(fields=["calendar_year", "date"])]

    def __str__(self):
        return f"{self.date.isoformat()} {self.name}（{self.get_kind_display()}）"

    def clean(self):
        errors = {}
        calendar_year = getattr(self, "calendar_year", None)  # may be unsaved (admin add view with inlines)
        if (
            self.date
            and calendar_year is not None
            and calendar_year.year
            and self.date.year != calendar_year.year
        ):
            errors["date"] = _("日期须在%(year)d年内；跨年的放假安排录入到该日期所在的年份。") % {
                "year": calendar_year.year
            }
        if self.date and self.kind == self.Kind.MAKEUP_WORKDAY and self.date.weekday() < 5:
            errors["kind"] = _("调休上班日应为周六或周日；周一至周五本来就是工作日。")
        if errors:
            raise ValidationError(errors)
