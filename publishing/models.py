"""Where the catalog meets the units: obligations (三级清单), publications (公开信息), their deadlines and reminders.

``Obligation`` says "this unit must disclose this item"; it is generated from the approved catalog edition
and never deleted (closed or waived instead). ``Publication`` is one record a unit publishes; through
``Fulfilment`` one publication satisfies several obligations (一次上传，多方复用), each with its due date
and whether it was on time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models import CatalogEdition, DisclosureItem
from core.models import AppendOnlyModel
from organizations.models import Unit

from .sanitize import clean_html


class ObligationSource(models.TextChoices):
    GENERATED = "generated", _("由目录生成")
    ADDED = "added", _("公开办添加")


class ObligationStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    CLOSED = "closed", _("已关闭（不再适用）")
    WAIVED = "waived", _("已豁免")


class DeadlineBase(models.TextChoices):
    """The stored part of an obligation's deadline status; with ``next_due`` and today it gives the status."""

    DATED = "dated", _("有应公开日期")
    PENDING = "pending", _("待公开（无可计算时限）")
    DONE = "done", _("已公开")


class ObligationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ObligationStatus.ACTIVE)

    def public(self):
        """What anyone may read: the active duties of active units (the 三级清单 is public)."""
        return self.filter(status=ObligationStatus.ACTIVE, unit__is_active=True)

    def visible_to(self, user):
        """Every obligation (any status) of the units ``user`` may view in publishing."""
        from organizations import permissions as perms

        return self.filter(perms.unit_filter(user, perms.VIEW, "publishing", "unit__"))


class Obligation(models.Model):
    """One entry of the 三级清单: this unit must disclose this catalog item."""

    # No index of its own: the unique (unit, item) index serves every lookup by unit (issue 17: each index
    # is maintained for every generated row).
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="obligations",
        db_index=False,
    )
    item = models.ForeignKey(
        DisclosureItem, verbose_name=_("公开事项"), on_delete=models.PROTECT, related_name="obligations"
    )
    edition = models.ForeignKey(  # no index: nothing looks obligations up by edition (never deleted)
        CatalogEdition,
        verbose_name=_("目录版本"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("生成或最近一次确认本义务的目录版本。"),
        db_index=False,
    )
    source = models.CharField(
        _("来源"), max_length=12, choices=ObligationSource.choices, default=ObligationSource.GENERATED
    )
    status = models.CharField(  # indexed by (status, next_due) below
        _("状态"),
        max_length=10,
        choices=ObligationStatus.choices,
        default=ObligationStatus.ACTIVE,
    )
    rule = models.JSONField(_("时限规则（快照）"), default=dict, blank=True)
    started_on = models.DateField(
        _("起始日期"), help_text=_("义务生效（或重新生效）之日，定期事项从此日所在期间起计。")
    )
    reason = models.CharField(_("说明"), max_length=300, blank=True, help_text=_("添加、关闭或豁免的理由。"))
    basis = models.CharField(
        _("责任依据"),
        max_length=300,
        blank=True,
        help_text=_("本单位为何承担此义务：公开主体的原文和匹配的规则。"),
    )
    to_confirm = models.BooleanField(
        _("待公开办确认"),
        default=False,
        help_text=_("公开主体写“相关部门”等未指明单位的，按领域牵头和配合单位暂定，由区政务公开办确认。"),
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    waived_by = models.ForeignKey(  # indexed only where set (obligation_waived_by below)
        settings.AUTH_USER_MODEL,
        verbose_name=_("豁免人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    waived_at = models.DateTimeField(_("豁免时间"), null=True, blank=True)
    next_due = models.DateField(
        _("最近应公开日期"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("尚未公开的最早应公开日期（由发布服务和每晚任务维护，供按期限筛选）。"),
    )
    deadline_base = models.CharField(
        _("期限状态依据"),
        max_length=10,
        choices=DeadlineBase.choices,
        default=DeadlineBase.PENDING,
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # History is read by obligation (``id``) and date only: no index on its other columns.
    history = HistoricalRecords(
        excluded_fields=["next_due", "deadline_base"],
        no_db_index=["unit", "item", "edition", "status", "waived_by"],
    )
    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开义务（三级清单）")
        verbose_name_plural = _("公开义务（三级清单）")
        ordering = ["unit__tree_id", "unit__lft", "item__tree_id", "item__lft"]
        constraints = [models.UniqueConstraint(fields=["unit", "item"], name="unique_obligation_unit_item")]
        indexes = [
            models.Index(fields=["status", "next_due"], name="obligation_status_next_due"),
            models.Index(
                fields=["waived_by"], name="obligation_waived_by", condition=models.Q(waived_by__isnull=False)
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.item}"


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    INVALID = "invalid", _("失效")
    REPEALED = "repealed", _("废止")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("审核通过")
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")
    SUPERSEDED = "superseded", _("已被替代")


#: Publications that were on the public site (a superseded record was published before it was replaced):
#: they count for obligations, columns and scores.
COUNTED_STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.SUPERSEDED)


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def public(self):
        """What anyone may read (the portal, feeds, sitemap, search, API, open data): published records.

        Use this scope for every public read; a withdrawn, superseded or draft record is never public.
        """
        return self.filter(status=PublicationStatus.PUBLISHED)

    def counted(self):
        """Published or later superseded: what counts as disclosed for obligations, columns and scores."""
        return self.filter(status__in=COUNTED_STATUSES)

    def visible_to(self, user):
        """The records of the units ``user`` may view in publishing; public ones are not added: use
        ``public() | visible_to(user)`` for "what this user may read".

        Unpublished work (drafts, records in review or scheduled, before 保密审查 is done) only to those who
        work on it: the units' officers (publishing:change) and reviewers (publishing:review) and the office.
        Read-only roles (supervisors, auditors) see the records that have been public (published, withdrawn,
        superseded), never drafts (issue 15)."""
        from organizations import permissions as perms

        def units(action):  # unit_filter gives Q() for "every unit", which a | would silently drop
            q = perms.unit_filter(user, action, "publishing", "unit__")
            return q if q else models.Q(pk__isnull=False)

        been_public = (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN, PublicationStatus.SUPERSEDED)
        works_on = units(perms.CHANGE) | units(perms.REVIEW)
        reads = units(perms.VIEW) & models.Q(status__in=been_public)
        return self.filter(works_on | reads)


class Publication(models.Model):
    """One record a unit publishes (公开信息), with its 索引号, 文号 and validity."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="publications"
    )
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"), blank=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    index_number = models.CharField(_("索引号"), max_length=80, unique=True, editable=False)
    formed_on = models.DateField(_("信息形成（变更）日期"))
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    publish_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    publish_on_approval = models.BooleanField(
        _("审核通过后自动发布"),
        default=False,
        help_text=_("提交时选择：审核通过即发布（或到定时发布时间发布），无需再次操作。"),
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    notice_from = models.DateField(_("公示开始日期"), null=True, blank=True)
    notice_until = models.DateField(_("公示结束日期"), null=True, blank=True)
    objection_channel = models.CharField(
        _("异议渠道"),
        max_length=300,
        blank=True,
        help_text=_("公示期内对公示内容有异议的，向何处、以何种方式反映（电话、地址、邮箱）。"),
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("替代为"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("解读的文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
        help_text=_("本条为政策解读时，选择被解读的文件。"),
    )
    combined = models.BooleanField(
        _("合并公开"),
        default=False,
        help_text=_("一份文件同时回应多个公开事项（如合并公示）时勾选，并逐一关联各事项的义务。"),
    )
    obligations = models.ManyToManyField(
        Obligation,
        verbose_name=_("对应公开义务"),
        through="Fulfilment",
        related_name="publications",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()
    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["-formed_on", "-id"]
        indexes = [
            # the newest published records, district-wide (the desk's 近30天已发布, the portal's lists) and per
            # unit (a unit's page, a street officer's desk): without them a count scans every published record
            models.Index(fields=["status", "published_at"], name="publication_status_published"),
            models.Index(fields=["unit", "status", "published_at"], name="publication_unit_published"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)


class IndexCounter(models.Model):
    """The last 索引号 sequence number handed out for a unit in a year (locked while allocating)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("索引号计数器")
        verbose_name_plural = _("索引号计数器")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_index_counter")]

    def __str__(self):
        return f"{self.unit_id}-{self.year}: {self.last}"


class Fulfilment(models.Model):
    """A publication satisfying an obligation (for a period, for periodic items), and whether on time."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="fulfilments")
    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="fulfilments")
    period_start = models.DateField(_("期间开始"), null=True, blank=True)
    period_end = models.DateField(_("期间结束"), null=True, blank=True)
    due_date = models.DateField(_("应公开日期"), null=True, blank=True)
    on_time = models.BooleanField(_("按时公开"), null=True, blank=True)
    late_workdays = models.PositiveIntegerField(_("逾期工作日"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("义务履行")
        verbose_name_plural = _("义务履行")
        constraints = [
            models.UniqueConstraint(fields=["publication", "obligation"], name="unique_fulfilment")
        ]

    def __str__(self):
        return f"{self.publication} → {self.obligation}"


def attachment_path(instance, filename):
    """A server-generated name with the verified type's extension (publishing/files.py)."""
    from .files import storage_name

    return storage_name(instance, filename)


class Attachment(models.Model):
    """A file attached to a publication; its type is checked by content, not by name."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self):
        return self.original_name or self.file.name

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        from .files import check_upload

        if self.file and not self.file._committed:
            self.content_type = check_upload(self.file)
            self.original_name = self.original_name or self.file.name.rsplit("/", 1)[-1]
            self.size = self.file.size


class PublicationEvent(AppendOnlyModel):
    """An append-only record of what happened to a publication."""

    record_name = _("发布记录")

    ACTIONS = [
        ("create", _("起草")),
        ("edit", _("修改")),
        ("submit", _("提交审核")),
        ("approve", _("审核通过")),
        ("reject", _("退回修改")),
        ("schedule", _("定时发布")),
        ("publish", _("发布")),
        ("withdraw", _("撤回")),
        ("supersede", _("被替代")),
    ]

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=20, choices=ACTIONS)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("发布记录")
        verbose_name_plural = _("发布记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.publication} · {self.get_action_display()}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")


class Reminder(models.Model):
    """One reminder to one person about one obligation (period); unique, so it goes out exactly once."""

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="reminders")
    period_start = models.DateField(_("期间开始（或信息形成日）"))
    kind = models.CharField(_("类型"), max_length=10, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(
        _("批次"), max_length=20, blank=True, help_text=_("逾期提醒按ISO周升级，如 2025-W42。")
    )
    due_date = models.DateField(_("应公开日期"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    emailed = models.BooleanField(_("已发邮件"), default=False)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "period_start", "kind", "recipient", "key"], name="unique_reminder"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.obligation}"


# =====================================================================================================
# Channels: subscriptions and targeted push (精准推送)
# =====================================================================================================


def new_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def live(self):
        """Confirmed and not unsubscribed: the ones that receive pushes."""
        return self.filter(confirmed=True, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    """A citizen's request to be told when a field, a unit or a catalog item gets a new publication.

    Personal data (email, phone) is shown to the district office in the admin only, never on a public page.
    """

    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    domain = models.ForeignKey(
        "domains.Domain",
        verbose_name=_("订阅领域"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("订阅单位"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        DisclosureItem,
        verbose_name=_("订阅事项"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    confirmed = models.BooleanField(_("已确认"), default=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    token = models.CharField(_("确认令牌"), max_length=64, unique=True, default=new_token, editable=False)
    unsubscribe_token = models.CharField(
        _("退订令牌"), max_length=64, unique=True, default=new_token, editable=False
    )
    unsubscribed_at = models.DateTimeField(_("退订时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("订阅时间"), auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("订阅（精准推送）")
        verbose_name_plural = _("订阅（精准推送）")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(email="", phone=""), name="subscription_has_contact"),
            models.CheckConstraint(
                condition=(
                    models.Q(domain__isnull=False, unit__isnull=True, item__isnull=True)
                    | models.Q(domain__isnull=True, unit__isnull=False, item__isnull=True)
                    | models.Q(domain__isnull=True, unit__isnull=True, item__isnull=False)
                ),
                name="subscription_one_target",
            ),
        ]

    def __str__(self):
        return f"订阅 #{self.pk} · {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.domain_id:
            return f"领域：{self.domain}"
        if self.unit_id:
            return f"单位：{self.unit}"
        return f"事项：{self.item}"


class Push(models.Model):
    """One publication pushed to one subscription; unique, so a retried task never sends twice."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="pushes")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="pushes")
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    texted_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("推送记录")
        verbose_name_plural = _("推送记录")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["publication", "subscription"], name="unique_push")]

    def __str__(self):
        return f"{self.publication_id} → 订阅 #{self.subscription_id}"


# =====================================================================================================
# Column monitoring (栏目监测)
# =====================================================================================================


class ColumnCheck(models.Model):
    """The nightly snapshot of one unit's columns: how many, how many stale or blank, and the vetoes."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="column_checks"
    )
    checked_on = models.DateField(_("检查日期"), db_index=True)
    columns = models.PositiveIntegerField(_("栏目数"), default=0)
    stale = models.PositiveIntegerField(_("超期未更新栏目"), default=0)
    blank = models.PositiveIntegerField(_("空白栏目"), default=0)
    last_update = models.DateField(_("最近更新"), null=True, blank=True)
    stale_veto = models.BooleanField(_("超期栏目单项否决"), default=False)
    blank_veto = models.BooleanField(_("空白栏目单项否决"), default=False)
    details = models.JSONField(
        _("明细"), default=list, blank=True, help_text=_("每个栏目的名称、类型、最近更新和状态。")
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("栏目监测记录")
        verbose_name_plural = _("栏目监测记录")
        ordering = ["-checked_on", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "checked_on"], name="unique_column_check")]

    def __str__(self):
        return f"{self.unit} · {self.checked_on:%Y-%m-%d}"

    @property
    def vetoed(self) -> bool:
        return self.stale_veto or self.blank_veto


# =====================================================================================================
# Notices to staff (站内提醒 and e-mail)
# =====================================================================================================


class NoticeKind(models.TextChoices):
    REVIEW = "review", _("待我审核")
    RETURNED = "returned", _("被退回修改")
    APPROVED = "approved", _("审核通过")
    PUBLISHED = "published", _("已发布")
    DUE = "due", _("即将到期或已逾期")
    FOI = "foi", _("依申请公开待办")
    # 互动交流, 政务舆情回应 and 征求意见 (issue 24): their own kinds, so a person can choose them by e-mail or SMS
    MESSAGE = "message", _("留言待答复")
    MESSAGE_LATE = "message_late", _("留言超期")
    OPINION_WARN = "opinion_warn", _("舆情时限预警")
    OPINION_LATE = "opinion_late", _("舆情超时升级")
    CONSULT_END = "consult_end", _("征求意见截止")


class Notice(models.Model):
    """One in-app notice to one person (the bell); e-mailed after the commit by a Celery task, at once or in
    the daily digest, as the person chose in :class:`NoticePreference`."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=NoticeKind.choices)
    text = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("公开信息"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    #: When an SMS digest took this notice in (or it was decided that none would); null: not yet.
    texted_at = models.DateTimeField(_("短信处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内提醒")
        verbose_name_plural = _("站内提醒")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]

    def __str__(self):
        return self.text


class EmailMode(models.TextChoices):
    INSTANT = "instant", _("逐条发送")
    DIGEST = "digest", _("每日汇总一封")
    OFF = "off", _("不发邮件（仅站内提醒）")


class NoticePreference(models.Model):
    """What a person wants by e-mail: which kinds, and at once or as one daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    email_kinds = models.JSONField(_("邮件提醒的类型"), default=list, blank=True)
    email_mode = models.CharField(
        _("邮件方式"), max_length=10, choices=EmailMode.choices, default=EmailMode.DIGEST
    )
    #: The person's own mobile number for SMS notices: shown to no one else (not in the admin, not on any page
    #: but the person's own settings), masked in logs.
    mobile = models.CharField(_("接收短信的手机号码"), max_length=20, blank=True)
    sms_kinds = models.JSONField(_("短信提醒的类型"), default=list, blank=True)

    class Meta:
        verbose_name = _("提醒设置")
        verbose_name_plural = _("提醒设置")

    def __str__(self):
        return f"{self.user_id} · {self.get_email_mode_display()}"


class OutgoingSMS(models.Model):
    """One SMS, written in the transaction that decided to send it and delivered by a task after commit
    (at least once: the sweep sends what a lost task left; ``key`` keeps one row per decision)."""

    key = models.CharField(_("幂等键"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to = models.CharField(_("手机号码"), max_length=20)
    text = models.CharField(_("内容"), max_length=500)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True, db_index=True)
    claimed_until = models.DateTimeField(_("发送占用至"), null=True, blank=True)

    class Meta:
        verbose_name = _("待发短信")
        verbose_name_plural = _("待发短信")
        ordering = ["id"]
        indexes = [models.Index(fields=["recipient", "created_at"], name="sms_recipient_created")]

    def __str__(self):
        return f"{self.recipient_id} · {self.created_at:%Y-%m-%d %H:%M}"
