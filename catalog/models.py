"""The standard catalog (政务公开事项标准目录): items in a tree per field, released as approved editions.

``DisclosureItem`` is the office's working copy, edited at any time with full history. An approved
``CatalogEdition`` freezes every active item into ``PublishedItem`` rows; the public, the obligations and
the API read those rows only, so nothing unapproved is ever public.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from core.models import AppendOnlyModel
from domains.models import Domain
from organizations.models import Unit

from .checks import TIERS, item_problems


class Channel(models.TextChoices):
    """The standard channels and carriers (公开渠道和载体)."""

    WEBSITE = "website", _("政府网站")
    GAZETTE = "gazette", _("政府公报")
    NEW_MEDIA = "new_media", _("两微一端")
    CONFERENCE = "conference", _("发布会/听证会")
    BROADCAST = "broadcast", _("广播电视")
    PRINT = "print", _("纸质媒体")
    READING_POINT = "reading_point", _("公开查阅点")
    SERVICE_CENTER = "service_center", _("政务服务中心")
    CONVENIENCE_STATION = "convenience_station", _("便民服务站")
    ON_SITE = "on_site", _("入户/现场")
    BULLETIN_BOARD = "bulletin_board", _("社区/企事业单位/村公示栏（电子屏）")
    TARGETED_PUSH = "targeted_push", _("精准推送")
    HOTLINE = "hotline", _("12345政务服务热线")
    LIBRARY = "library", _("图书馆")
    ARCHIVES = "archives", _("国家档案馆")
    OTHER = "other", _("其他")


class FivePublic(models.TextChoices):
    """五公开: the stage of administrative power the item belongs to."""

    DECISION = "decision", _("决策公开")
    EXECUTION = "execution", _("执行公开")
    MANAGEMENT = "management", _("管理公开")
    SERVICE = "service", _("服务公开")
    RESULT = "result", _("结果公开")


class RuleStatus(models.TextChoices):
    PARSED = "parsed", _("自动识别")
    CONFIRMED = "confirmed", _("人工确认")
    UNPARSED = "unparsed", _("待人工设置")


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    RETIRED = "retired", _("已停用")


class BasisDocument(models.Model):
    """A law, regulation or policy document that items cite as their legal basis (公开依据)."""

    name = models.CharField(_("文件名称"), max_length=200, unique=True)
    issuer = models.CharField(_("制发机关"), max_length=100, blank=True)
    doc_number = models.CharField(_("文号"), max_length=80, blank=True)
    url = models.URLField(_("链接"), blank=True)

    class Meta:
        verbose_name = _("依据文件")
        verbose_name_plural = _("依据文件")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ItemQuerySet(TreeQuerySet):
    def active(self):
        return self.filter(status=ItemStatus.ACTIVE)


class DisclosureItem(MPTTModel):
    """One 事项 of the catalog: 一级事项 at the root of its field, 二级 (三级) below."""

    domain = models.ForeignKey(Domain, verbose_name=_("领域"), on_delete=models.PROTECT, related_name="items")
    parent = TreeForeignKey(
        "self",
        verbose_name=_("上级事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    order = models.PositiveIntegerField(_("排序"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.ACTIVE)

    content = models.TextField(
        _("公开内容（要素）原文"), blank=True, help_text=_("要素逐条维护在下方；此处保留原文。")
    )
    basis_text = models.TextField(_("公开依据"), blank=True)
    time_limit_text = models.CharField(_("公开时限"), max_length=300, blank=True)
    time_limit_rule = models.JSONField(_("时限规则"), default=dict, blank=True)
    time_limit_status = models.CharField(
        _("时限规则状态"), max_length=10, choices=RuleStatus.choices, default=RuleStatus.UNPARSED
    )
    time_limit_note = models.CharField(_("时限说明"), max_length=300, blank=True)

    subject_text = models.CharField(_("公开主体"), max_length=200, blank=True)
    subject_kinds = models.JSONField(
        _("主体单位类型"), default=list, blank=True, help_text=_('公开主体对应的单位类型，如 ["street"]。')
    )
    subject_unit = models.ForeignKey(
        Unit,
        verbose_name=_("指定主体单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    audience_public = models.BooleanField(_("公开对象：全社会"), default=True)
    audience_specific = models.BooleanField(_("公开对象：特定群体"), default=False)
    mode_proactive = models.BooleanField(_("公开方式：主动"), default=True)
    mode_on_request = models.BooleanField(_("公开方式：依申请"), default=False)
    tier_district = models.BooleanField(_("公开层级：区级"), default=False)
    tier_street = models.BooleanField(_("公开层级：街道级"), default=False)
    tier_community = models.BooleanField(_("公开层级：社区级"), default=False)
    five_public = models.CharField(_("五公开"), max_length=12, choices=FivePublic.choices, blank=True)
    form = models.CharField(_("公开形式"), max_length=100, blank=True)
    duration = models.CharField(_("公开时长"), max_length=100, blank=True)
    responsible_office = models.CharField(_("责任科室"), max_length=100, blank=True)

    is_negative = models.BooleanField(_("负面清单（不予公开）"), default=False)
    negative_ground = models.TextField(_("不予公开的法律依据"), blank=True)
    import_notes = models.JSONField(
        _("导入说明"),
        default=list,
        blank=True,
        help_text=_("导入时记下的情况：沿用上一行的“同上”、目录缺少的列等。"),
    )

    objects = TreeManager.from_queryset(ItemQuerySet)()

    class MPTTMeta:
        order_insertion_by = ["order", "code"]

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent.domain_id != self.domain_id:
            raise ValidationError({"parent": _("上级事项必须属于同一领域。")})
        problems = item_problems(
            name=self.name,
            is_negative=self.is_negative,
            negative_ground=self.negative_ground,
            mode_proactive=self.mode_proactive,
            tiers=self.tier_district or self.tier_street or self.tier_community,
            has_children=self.get_children_count_safe(),
            heading=not (self.content or self.time_limit_text or self.subject_text or self.basis_text),
        )
        if problems:
            errors: dict = {}
            for field_name, message in problems:
                errors.setdefault(NON_FIELD_ERRORS if field_name == TIERS else field_name, []).append(message)
            raise ValidationError(errors)

    def get_children_count_safe(self):
        return self.pk is not None and self.children.exists()

    @property
    def level_label(self):
        return ["一级事项", "二级事项", "三级事项"][min(self.level or 0, 2)]

    @property
    def tiers(self) -> list[str]:
        return [
            t
            for t, on in (
                ("district", self.tier_district),
                ("street", self.tier_street),
                ("community", self.tier_community),
            )
            if on
        ]


class ContentElement(models.Model):
    """One element of 公开内容 (the "●" lines)."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="elements")
    text = models.CharField(_("要素"), max_length=500)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("公开要素")
        verbose_name_plural = _("公开要素")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class ItemBasis(models.Model):
    """A basis document cited by an item, with the article."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="bases")
    document = models.ForeignKey(BasisDocument, verbose_name=_("依据文件"), on_delete=models.PROTECT)
    article = models.CharField(_("条款"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("公开依据")
        verbose_name_plural = _("公开依据")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.document}{self.article}"


class ItemChannel(models.Model):
    """A channel the item is disclosed through: required (■) or optional (□)."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(_("渠道"), max_length=30, choices=Channel.choices)
    required = models.BooleanField(_("必选"), default=True)
    words = models.CharField(
        _("原文名称"),
        max_length=200,
        blank=True,
        help_text=_("目录中的原文名称（与标准名称不同时），如“镇村公示公开栏”"),
    )

    class Meta:
        verbose_name = _("公开渠道")
        verbose_name_plural = _("公开渠道")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["item", "channel"], name="unique_item_channel")]

    def __str__(self):
        return ("■" if self.required else "□") + (self.words or self.get_channel_display())


class ServiceGuide(models.Model):
    """A service guide (办事指南) hanging off an item: who may apply, materials, and the steps."""

    item = models.ForeignKey(
        DisclosureItem, verbose_name=_("所属事项"), on_delete=models.PROTECT, related_name="guides"
    )
    title = models.CharField(_("服务名称"), max_length=200)
    code = models.SlugField(_("编码"), max_length=60, unique=True)
    applicants = models.TextField(_("申请对象（谁可以申请）"), blank=True)
    conditions = models.TextField(_("申请条件"), blank=True)
    basis = models.TextField(_("设定依据"), blank=True)
    fee = models.CharField(_("收费标准"), max_length=200, blank=True, default="不收费")
    total_time_limit = models.CharField(_("办理时限"), max_length=200, blank=True)
    place = models.CharField(_("办理地点"), max_length=300, blank=True)
    contact = models.CharField(_("咨询电话"), max_length=100, blank=True)
    supervision = models.CharField(_("监督投诉电话"), max_length=100, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")
        ordering = ["item__tree_id", "item__lft", "id"]

    def __str__(self):
        return self.title


class GuideMaterial(models.Model):
    """A document an applicant hands in (申请材料)."""

    guide = models.ForeignKey(ServiceGuide, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=300)
    copies = models.CharField(_("份数/形式"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class GuideStep(models.Model):
    """One step of the procedure (办理流程), each with its own time limit; drawn as the flowchart."""

    guide = models.ForeignKey(ServiceGuide, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("步骤序号"), default=0)
    name = models.CharField(_("步骤"), max_length=100)
    actor = models.CharField(_("承办主体"), max_length=100, blank=True)
    description = models.TextField(_("办理内容"), blank=True)
    time_limit_text = models.CharField(_("本步时限"), max_length=200, blank=True)
    time_limit_rule = models.JSONField(_("时限规则"), default=dict, blank=True)

    class Meta:
        verbose_name = _("办理步骤")
        verbose_name_plural = _("办理步骤")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.order}. {self.name}"


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待联席会议审核")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已批准")


class EditionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=EditionStatus.APPROVED)

    def current(self):
        """The approved edition in force (the latest approved)."""
        return self.approved().order_by("-number").first()


class CatalogEdition(models.Model):
    """A release of the catalog (动态调整): drafted, reviewed by the joint meeting, approved, then immutable."""

    number = models.PositiveIntegerField(_("版次"), unique=True)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("调整说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self", verbose_name=_("上一版"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("目录版本")
        verbose_name_plural = _("目录版本")
        ordering = ["-number"]

    def __str__(self):
        return f"第{self.number}版 {self.title}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("_allow_frozen", False):
            stored = CatalogEdition.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == EditionStatus.APPROVED:
                raise ValidationError(_("已批准的目录版本不可修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == EditionStatus.APPROVED:
            raise ValidationError(_("已批准的目录版本不可删除。"))
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.status == EditionStatus.APPROVED


class EditionEvent(AppendOnlyModel):
    """An append-only record of what happened to an edition (submitted, returned, approved)."""

    record_name = _("版本记录")

    edition = models.ForeignKey(CatalogEdition, on_delete=models.PROTECT, related_name="events")
    ACTIONS = [
        ("draft", _("起草")),
        ("submit", _("提交审核")),
        ("approve", _("批准")),
        ("return", _("退回修改")),
    ]

    action = models.CharField(_("操作"), max_length=20, choices=ACTIONS)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT
    )
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("版本记录")
        verbose_name_plural = _("版本记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.edition} · {self.get_action_display()}"


class PublishedItemQuerySet(models.QuerySet):
    def current(self):
        edition = CatalogEdition.objects.current()
        return self.filter(edition=edition) if edition else self.none()


class PublishedItem(models.Model):
    """An item as a reviewed edition holds it: frozen, what the public and the obligations read."""

    edition = models.ForeignKey(CatalogEdition, on_delete=models.PROTECT, related_name="entries")
    item = models.ForeignKey(DisclosureItem, on_delete=models.PROTECT, related_name="published")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    parent_item = models.ForeignKey(DisclosureItem, null=True, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("事项编码"), max_length=40)
    name = models.CharField(_("事项名称"), max_length=200)
    level = models.PositiveSmallIntegerField(_("级别"))
    position = models.PositiveIntegerField(_("目录顺序"))
    tier_district = models.BooleanField(default=False)
    tier_street = models.BooleanField(default=False)
    tier_community = models.BooleanField(default=False)
    mode_proactive = models.BooleanField(default=True)
    is_negative = models.BooleanField(default=False)
    data = models.JSONField(_("事项内容"))
    search_text = models.TextField(_("检索文本"), blank=True)

    objects = PublishedItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("已发布事项")
        verbose_name_plural = _("已发布事项")
        ordering = ["edition", "position"]
        constraints = [models.UniqueConstraint(fields=["edition", "item"], name="unique_edition_item")]
        indexes = [models.Index(fields=["edition", "domain", "position"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError(_("已发布的事项不可修改，请起草新版本。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("已发布的事项不可删除。"))

    @property
    def subject_kinds(self) -> list[str]:
        return self.data.get("subject_kinds", [])


class ImportStorage(FileSystemStorage):
    """Where catalog uploads wait (``settings.CATALOG_IMPORT_DIR``, default a directory under the system temp
    dir): never under MEDIA_ROOT, which may be served. Read from the settings at each use."""

    @property
    def base_location(self):
        return str(
            getattr(settings, "CATALOG_IMPORT_DIR", None) or Path(tempfile.gettempdir()) / "catalog-imports"
        )

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None  # never served


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ImportJobQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError(_("导入任务是导入记录，不可删除。"))


class CatalogImportJob(models.Model):
    """A large catalog upload imported by a Celery task: the file (kept privately), who asked and when, its
    progress and what it did. All or nothing: a failed job wrote nothing. Never deleted (the audit trail)."""

    file = models.FileField(_("上传的文件"), upload_to="jobs/", storage=ImportStorage(), max_length=200)
    source_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(_("文件校验值"), max_length=64)
    options = models.JSONField(_("导入选项"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("事项行数"), default=0)
    done = models.PositiveIntegerField(_("已处理行数"), default=0)
    summary = models.JSONField(_("导入结果"), default=dict, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("目录导入任务")
        verbose_name_plural = _("目录导入任务")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.source_name}（{self.get_status_display()}）"

    def delete(self, *args, **kwargs):
        raise ValidationError(_("导入任务是导入记录，不可删除。"))

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)


class ImportLayout(models.Model):
    """A column mapping the office confirmed (导入版式), keyed by the header's words: proposed again for the next
    workbook whose header says the same. Retired, never deleted; every change is in its history."""

    title = models.CharField(_("版式名称"), max_length=100, unique=True)
    signature = models.CharField(_("表头特征"), max_length=40, db_index=True)
    headers = models.JSONField(_("表头"), default=list, blank=True, help_text=_("各列的表头文字，按列顺序。"))
    mapping = models.JSONField(
        _("列映射"), default=dict, help_text=_("各列的用途（按列字母），以及工作表的领域和层级。")
    )
    is_active = models.BooleanField(_("在用"), default=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"))
    uses = models.PositiveIntegerField(_("套用次数"), default=0)
    last_used_at = models.DateTimeField(_("最近套用"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入版式")
        verbose_name_plural = _("导入版式")
        ordering = ["-confirmed_at", "-id"]

    def __str__(self):
        return self.title

    def delete(self, *args, **kwargs):
        raise ValidationError(_("导入版式不可删除，请停用。"))


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("待核对")
    CONFIRMED = "confirmed", _("已确认")
    CORRECTED = "corrected", _("已更正")


class ImportReview(models.Model):
    """One assumption an import made (待核对): a default applied, words kept, a column mapped by guess, a tier
    given. It stays open on the office's list until someone confirms or corrects it; never deleted."""

    job = models.ForeignKey(
        "CatalogImportJob",
        verbose_name=_("导入任务"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )
    item = models.ForeignKey(
        DisclosureItem,
        verbose_name=_("事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_reviews",
    )
    source_name = models.CharField(_("文件名"), max_length=200)
    sheet = models.CharField(_("工作表"), max_length=100, blank=True)
    row = models.PositiveIntegerField(_("行"), default=0)
    column = models.CharField(_("列"), max_length=10, blank=True)
    column_label = models.CharField(_("表头"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=20)
    message = models.TextField(_("说明"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核对人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("核对时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入待核对项")
        verbose_name_plural = _("导入待核对项")
        ordering = ["-created_at", "sheet", "row", "id"]

    def __str__(self):
        where = f"{self.sheet} 第{self.row}行" if self.row else self.sheet
        return f"{where}：{self.message[:40]}"

    @property
    def kind_label(self) -> str:
        from .importer.results import ASSUMPTION_KINDS  # the importer names the kinds it makes

        return str(ASSUMPTION_KINDS.get(self.kind, self.kind))

    def delete(self, *args, **kwargs):
        raise ValidationError(_("待核对记录不可删除，请标记为已确认或已更正。"))


import simple_history  # noqa: E402

# MPTT models are registered here (not with a field) so the history form skips MPTT's tree fields.
simple_history.register(DisclosureItem, excluded_fields=["lft", "rght", "tree_id", "level"])
simple_history.register(ContentElement)
simple_history.register(ItemBasis)
simple_history.register(ItemChannel)
simple_history.register(BasisDocument)
simple_history.register(ServiceGuide)
simple_history.register(GuideMaterial)
simple_history.register(GuideStep)
simple_history.register(ImportLayout)

# The tier templates and the units' adoptions (issue 25 part 4) live in catalog/tiers/models.py.
from .tiers.models import Adoption, Exclusion, LocalItem, TemplateTier, TierTemplate  # noqa: E402, F401

simple_history.register(TierTemplate, m2m_fields=["domains"])
simple_history.register(Adoption)
simple_history.register(Exclusion)
simple_history.register(LocalItem)
