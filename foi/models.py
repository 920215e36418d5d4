"""依申请公开: disclosure requests, their steps, consultations, appeals, reminders and annual reports.

Personal data (name, ID number, contact) lives on :class:`DisclosureRequest` only, and no public view, API
answer, open-data dump or search document reads those fields: the public status page knows the request by
its tracking code and secret and shows steps, dates and the reply letter only.
"""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import codes
from core.crypto import EncryptedCharField, lookup_hash
from core.models import AppendOnlyModel
from organizations.models import Unit

from .categories import (
    AppealKind,
    AppealOutcome,
    ApplicantType,
    Channel,
    Delivery,
    Form,
    IdType,
    NotifyBy,
    Result,
    outcome_label,
)


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待确认收到")
    RECEIVED = "received", _("办理中")
    CORRECTION = "correction", _("待补正")
    CONSULTING = "consulting", _("征求第三方意见中")
    FEE = "fee", _("待缴纳信息处理费")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (Status.RECEIVED, Status.CORRECTION, Status.CONSULTING, Status.FEE)


def new_tracking_code() -> str:
    """``YS`` and ten characters without look-alikes (core/codes.py: no 0/O, 1/I/L, U), shown grouped."""
    return "YS" + codes.generate(10)


class RequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        from organizations import permissions as perms

        return self.filter(perms.unit_filter(user, perms.VIEW, "foi", "unit__"))

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def received_between(self, start, end):
        return self.filter(received_on__gte=start, received_on__lte=end)


class DisclosureRequest(models.Model):
    """One application for government information (政府信息公开申请)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="foi_requests"
    )
    reference = models.CharField(_("受理编号"), max_length=50, help_text=_("本单位内唯一，如 2025-001。"))
    tracking_code = models.CharField(
        _("查询码"), max_length=20, unique=True, default=new_tracking_code, editable=False
    )
    secret_hash = models.CharField(_("查询密码（摘要）"), max_length=128, editable=False, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    channel = models.CharField(_("申请方式"), max_length=12, choices=Channel.choices)
    # -- the applicant (personal data: never public) --
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    # encrypted at rest (core/crypto.py); the ID number and phone are found by their exact-match hashes
    applicant_name = EncryptedCharField(_("姓名或名称"), max_length=100)
    contact_person = EncryptedCharField(_("联系人（法人或其他组织）"), max_length=50, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, blank=True)
    id_number = EncryptedCharField(_("证件号码"), max_length=40, blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    phone = EncryptedCharField(_("联系电话"), max_length=30, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    email = EncryptedCharField(
        _("电子邮箱"), max_length=254, blank=True, form_class=forms.EmailField, validators=[validate_email]
    )
    address = EncryptedCharField(_("通信地址"), max_length=200, blank=True)
    notify_by = models.CharField(
        _("办理进度通知方式"),
        max_length=8,
        choices=NotifyBy.choices,
        blank=True,
        help_text=_("申请人选择的通知方式；未选择的（线下登记）不发通知，只在查询页面显示。"),
    )
    anonymised = models.BooleanField(
        _("申请人信息已匿名化"),
        default=False,
        editable=False,
        help_text=_("超过保存期限，由每晚任务匿名化。"),
    )
    # -- what is asked --
    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    purpose = models.CharField(_("用途（选填）"), max_length=300, blank=True)
    form = models.CharField(_("获取信息的形式"), max_length=12, choices=Form.choices, default=Form.ELECTRONIC)
    delivery = models.CharField(
        _("获取信息的方式"), max_length=12, choices=Delivery.choices, default=Delivery.ONLINE
    )
    # -- the clock --
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True, db_index=True)
    receipt_note = models.CharField(_("收到日期依据"), max_length=200, blank=True)
    correction_requested_on = models.DateField(_("补正通知日期"), null=True, blank=True)
    correction_text = models.TextField(_("补正事项"), blank=True)
    correction_deadline = models.DateField(_("补正期限"), null=True, blank=True)
    correction_received_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    correction_reply = models.TextField(_("申请人补正内容"), blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extended_on = models.DateField(_("延期告知日期"), null=True, blank=True)
    extension_approver = models.CharField(_("延期批准人"), max_length=50, blank=True)
    extension_reason = models.CharField(_("延期理由"), max_length=300, blank=True)
    due_date = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    # -- handling --
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secrecy_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保密审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secrecy_reviewed_at = models.DateTimeField(_("保密审查时间"), null=True, blank=True)
    secrecy_note = models.CharField(_("保密审查意见"), max_length=300, blank=True)
    # -- fee (国办函〔2020〕109号) --
    fee_amount = models.PositiveIntegerField(_("信息处理费（元）"), default=0)
    fee_notified_on = models.DateField(_("收费通知日期"), null=True, blank=True)
    fee_deadline = models.DateField(_("缴费期限"), null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    # -- the reply --
    result = models.CharField(_("处理结果"), max_length=16, choices=Result.choices, blank=True, db_index=True)
    result_reason = models.PositiveSmallIntegerField(_("具体情形"), default=0)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    letter_sent_at = models.DateTimeField(_("答复书电子送达时间"), null=True, blank=True, editable=False)
    publication_id = models.PositiveIntegerField(_("转主动公开的信息"), null=True, blank=True, editable=False)
    # -- the reply letter's 文号: given when the letter is issued (services, in the closing transaction), from
    # the unit's LetterSeries and its per-year LetterCounter, so a year's numbers run without gaps --
    letter_number = models.CharField(_("答复书文号"), max_length=100, blank=True, editable=False)
    letter_year = models.PositiveSmallIntegerField(_("文号年度"), null=True, blank=True, editable=False)
    letter_seq = models.PositiveIntegerField(_("文号序号"), null=True, blank=True, editable=False)
    # -- released to the public (条例 第四十四条): the title and summary the portal search shows, written by
    # the office without the applicant's personal data (foi.search_source indexes these, never the rest) --
    general_interest = models.BooleanField(_("具有普遍性，向社会公开"), default=False, editable=False)
    public_title = models.CharField(_("公开标题"), max_length=200, blank=True, editable=False)
    public_summary = models.TextField(_("公开摘要（不含申请人信息）"), blank=True, editable=False)
    released_on = models.DateField(_("向社会公开日期"), null=True, blank=True, editable=False)
    imported = models.BooleanField(_("台账导入"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()
    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "reference"], name="foi_unique_unit_reference"),
            models.UniqueConstraint(
                fields=["unit", "letter_year", "letter_seq"],
                condition=models.Q(letter_seq__isnull=False),
                name="foi_unique_letter_seq",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.unit}"

    def save(self, *args, **kwargs):
        self.set_lookup_hashes()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "id_number_hash", "phone_hash"}
        super().save(*args, **kwargs)

    def set_lookup_hashes(self) -> None:
        """The exact-match search keys of the encrypted ID number and phone (core.crypto.lookup_hash)."""
        self.id_number_hash = lookup_hash(self.id_number)
        self.phone_hash = lookup_hash(self.phone)

    @property
    def outcome(self) -> str:
        return outcome_label(self.result, self.result_reason)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def tracking_code_display(self) -> str:
        """The code as printed: ``YS-K7QM-4XPA-9R`` (typed back with or without the hyphens)."""
        return f"{self.tracking_code[:2]}-{codes.group(self.tracking_code[2:])}"

    @property
    def clock_start(self):
        """The day the reply period runs from: receipt, or receipt of the correction (条例 第三十条)."""
        return self.correction_received_on or self.received_on


class LetterSeries(models.Model):
    """The 文号 of a unit's reply letters, as the district office sets it (e.g. ``拱墅政信〔{year}〕第{n}号``).

    ``{year}`` is the letter's year and ``{n}`` its number in that year (``{n:03d}`` pads it); the numbers
    come from :class:`LetterCounter`, so changing the pattern mid-year keeps the count going."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="foi_letter_series"
    )
    pattern = models.CharField(
        _("文号格式"),
        max_length=60,
        unique=True,
        help_text=_("机关代字〔{year}〕第{n}号，如 拱墅政信〔{year}〕第{n}号；{n:03d} 表示补零到三位。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("答复书文号")
        verbose_name_plural = _("答复书文号")
        ordering = ["unit__tree_id", "unit__lft"]

    def __str__(self):
        return f"{self.unit} · {self.pattern}"


class LetterCounter(models.Model):
    """The last 文号 number a unit gave in a year; locked (select_for_update) while a letter is issued."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用到的序号"), default=0)

    class Meta:
        verbose_name = _("答复书文号计数")
        verbose_name_plural = _("答复书文号计数")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="foi_unique_letter_counter")]

    def __str__(self):
        return f"{self.unit} {self.year}: {self.last}"


class Consultation(models.Model):
    """A third-party consultation (条例 第三十二条); its days, both ends included, do not count."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="consultations")
    third_party = models.CharField(_("第三方"), max_length=100)
    sent_on = models.DateField(_("征求意见开始日期"))
    replied_on = models.DateField(_("征求意见结束日期"), null=True, blank=True)
    opinion = models.CharField(_("第三方意见"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("征求第三方意见")
        verbose_name_plural = _("征求第三方意见")
        ordering = ["sent_on", "id"]

    def __str__(self):
        return f"{self.third_party}（{self.sent_on}）"


class Event(AppendOnlyModel):
    """An append-only step of a request; ``public`` steps appear on the applicant's status page."""

    record_name = _("办理记录")

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("环节"), max_length=30)
    label = models.CharField(_("说明"), max_length=200)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public = models.BooleanField(_("申请人可见"), default=True)
    comment = models.TextField(_("内部备注"), blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.on} {self.label}"


class AccessLog(AppendOnlyModel):
    """Who looked at a request's personal data, when and where (admin, API, letter download): append-only."""

    record_name = _("查阅记录")

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="access_log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查看人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    where = models.CharField(_("途径"), max_length=50)

    class Meta:
        verbose_name = _("查阅记录")
        verbose_name_plural = _("查阅记录")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.user} · {self.where} · {self.at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename):
    return f"foi/{instance.request.unit_id}/{instance.request_id}/{secrets.token_hex(8)}"


class AttachmentStage(models.TextChoices):
    APPLICATION = "application", _("申请材料")
    CORRECTION = "correction", _("补正材料")
    RELEASED = "released", _("提供的政府信息")


class RequestAttachment(models.Model):
    """A file of a request (type checked by content and extension), never public: what the applicant sent with
    the application or the 补正, or what the office releases to the applicant with the reply (``RELEASED``:
    downloadable from the applicant's status page)."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="attachments")
    stage = models.CharField(
        _("类别"), max_length=12, choices=AttachmentStage.choices, default=AttachmentStage.APPLICATION
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请附件")
        verbose_name_plural = _("申请附件")

    def __str__(self):
        return self.original_name


class Appeal(models.Model):
    """An administrative review (行政复议) or lawsuit (行政诉讼) about a request's handling (table 四)."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="appeals")
    kind = models.CharField(_("类型"), max_length=30, choices=AppealKind.choices)
    filed_on = models.DateField(_("提起日期"))
    outcome = models.CharField(
        _("结果"), max_length=12, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("行政复议、行政诉讼")
        verbose_name_plural = _("行政复议、行政诉讼")
        ordering = ["filed_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.request.reference}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")


class Reminder(models.Model):
    """One reminder to one person about one request's due date; unique, so it goes out exactly once."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(_("类型"), max_length=10, choices=ReminderKind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField(_("答复期限"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("依申请公开提醒")
        verbose_name_plural = _("依申请公开提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "recipient", "due_date"], name="foi_unique_reminder"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.request}"


class AnnualReport(models.Model):
    """A unit's (or, with ``unit`` = the district government and ``district`` set, the whole district's)
    政府信息公开工作年度报告: the texts the office writes and the table 二 figures no data source holds.

    Tables 三 and 四 are always computed from the requests; ``figures`` keeps the snapshot taken when the
    report was published, so a published report never changes under the reader.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="foi_reports"
    )
    district = models.BooleanField(_("全区汇总"), default=False)
    year = models.PositiveIntegerField(_("年度"))
    template = models.CharField(
        _("模板"),
        max_length=10,
        default="2021",
        choices=[("2021", "国办公开办函〔2021〕30号"), ("2019", "国办公开办函〔2019〕60号（试行）")],
    )
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    licences = models.PositiveIntegerField(_("行政许可 本年处理决定数量（覆盖）"), null=True, blank=True)
    penalties = models.PositiveIntegerField(_("行政处罚 本年处理决定数量（覆盖）"), null=True, blank=True)
    enforcement = models.PositiveIntegerField(_("行政强制 本年处理决定数量（覆盖）"), null=True, blank=True)
    fees_wan_yuan = models.DecimalField(
        _("行政事业性收费 本年收费金额（万元）"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    figures = models.JSONField(_("发布时的数据"), default=dict, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "unit__tree_id", "unit__lft"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "district"], name="foi_unique_report"),
        ]

    def __str__(self):
        scope = "全区" if self.district else str(self.unit)
        return f"{scope}{self.year}年政府信息公开工作年度报告"
