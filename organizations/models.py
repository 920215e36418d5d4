"""The unit tree (区政府 → 区级部门 / 街道办事处 → 社区居委会 / 村委会), service points and memberships."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet
from simple_history.models import HistoricalRecords


class Tier(models.TextChoices):
    """The three tiers of the 三级清单."""

    DISTRICT = "district", _("区级")
    STREET = "street", _("街道级")
    COMMUNITY = "community", _("社区级")


class UnitKind(models.TextChoices):
    """What kind of body a unit is; the kind fixes its tier."""

    GOVERNMENT = "government", _("区人民政府")
    DEPARTMENT = "department", _("区级部门")
    STREET = "street", _("街道办事处")
    TOWNSHIP = "township", _("镇人民政府")
    COMMUNITY = "community", _("社区居委会")
    VILLAGE = "village", _("村委会")
    INSTITUTION = "institution", _("事业单位")


KIND_TIER = {
    UnitKind.GOVERNMENT: Tier.DISTRICT,
    UnitKind.DEPARTMENT: Tier.DISTRICT,
    UnitKind.INSTITUTION: Tier.DISTRICT,
    UnitKind.STREET: Tier.STREET,
    UnitKind.TOWNSHIP: Tier.STREET,
    UnitKind.COMMUNITY: Tier.COMMUNITY,
    UnitKind.VILLAGE: Tier.COMMUNITY,
}


class UnitQuerySet(TreeQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def public(self):
        """Units the public may see (portal, API, open data): the active ones. A retired unit keeps its
        history but is never listed publicly."""
        return self.filter(is_active=True)

    def visible_to(self, user, area: str = "organizations"):
        """Active units ``user`` may view in ``area`` (the permission module decides)."""
        from . import permissions as perms

        return self.filter(perms.unit_filter(user, perms.VIEW, area)).filter(is_active=True)

    def of_tier(self, tier):
        return self.filter(tier=tier)


class Unit(MPTTModel):
    """A body that must disclose: the district government, a department, a street or a community."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    code = models.CharField(
        _("单位代码"),
        max_length=32,
        unique=True,
        help_text=_("用于生成索引号，如 GS-JYJ；只允许字母、数字和连字符。"),
    )
    kind = models.CharField(_("单位类型"), max_length=20, choices=UnitKind.choices)
    tier = models.CharField(_("层级"), max_length=20, choices=Tier.choices, editable=False, db_index=True)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    sectors = models.JSONField(
        _("承担职能"),
        default=list,
        blank=True,
        help_text=_(
            "本单位承担的职能（如 民政、应急管理），公开目录写“民政部门”“县民政局”时据此确定责任单位。"
        ),
    )
    aliases = models.CharField(
        _("目录中的其他写法"),
        max_length=300,
        blank=True,
        help_text=_("公开目录“公开主体”中对本单位的其他写法，用顿号分隔，如 国土拱墅分局、区国土分局。"),
    )
    is_active = models.BooleanField(
        _("启用"), default=True, help_text=_("撤并的单位停用而不删除，保留历史。")
    )
    order = models.PositiveIntegerField(_("排序"), default=0)

    history = HistoricalRecords(excluded_fields=["lft", "rght", "tree_id", "level"])
    objects = TreeManager.from_queryset(UnitQuerySet)()

    class MPTTMeta:
        order_insertion_by = ["order", "code"]

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        # the tree order the public lists and the API read a page of (no sort of every unit)
        indexes = [models.Index(fields=["tree_id", "lft"], name="unit_tree_order")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.tier = KIND_TIER[UnitKind(self.kind)]
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def alias_list(self) -> list[str]:
        return [a for a in re.split(r"[、，,；;\s]+", self.aliases or "") if a]


class ServicePointKind(models.TextChoices):
    SERVICE_CENTER = "service_center", _("政务服务中心")
    READING_POINT = "reading_point", _("公开查阅点")
    CONVENIENCE_STATION = "convenience_station", _("便民服务站")
    BULLETIN_BOARD = "bulletin_board", _("公示栏（电子屏）")


class BilingualService(models.TextChoices):
    """A window that serves in Chinese and a minority language (民族乡行政工作条例 art. 5)."""

    TIBETAN = "bo", _("藏汉双语")
    YI = "ii", _("彝汉双语")


class ServicePointQuerySet(models.QuerySet):
    def public(self):
        """Service points the public may see (portal pages, map, API, open data): active points of active
        units. Use this scope wherever "public service points" are read; never filter by hand."""
        return self.filter(is_active=True, unit__is_active=True)


class ServicePoint(models.Model):
    """A place where citizens read disclosures or get services (查阅点, 便民服务站 …)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="service_points"
    )
    kind = models.CharField(_("类型"), max_length=30, choices=ServicePointKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=50, blank=True)
    bilingual = models.CharField(
        _("双语窗口"),
        max_length=8,
        choices=BilingualService.choices,
        blank=True,
        help_text=_("民族乡的藏汉或彝汉双语服务窗口；只用中文服务的留空。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()
    objects = ServicePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务点")
        verbose_name_plural = _("服务点")
        ordering = ["unit__tree_id", "unit__lft", "kind", "name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    """What a user does for a unit. The permission module decides what each role may see and change."""

    OFFICE = "office", _("区政务公开办")
    OFFICER = "officer", _("公开专员")
    REVIEWER = "reviewer", _("审核人（保密审查）")
    AUDITOR = "auditor", _("评估人员")
    SUPERVISOR = "supervisor", _("监督员")


class Membership(models.Model):
    """A user's role in a unit. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    is_public_contact = models.BooleanField(
        _("公开为联系人"), default=False, help_text=_("公开专员的姓名与电话显示在单位页面上。")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人员角色")
        verbose_name_plural = _("人员角色")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class PersonalDataRetention(models.Model):
    """How long citizens' personal data is kept once its matter is closed (one row, set by the district office).

    After the period, a nightly task anonymises it (the record and its statistics stay). Defaults: FOI requests
    10 years after closing (定期10年, 国家档案局令第8号《机关文件材料归档范围和文书档案保管期限规定》, the period of
    a body's routine business files); 好差评 and 纠错 contacts 1 year after the answer."""

    foi_request_years = models.PositiveSmallIntegerField(
        _("依申请公开申请人信息保存年限"),
        default=10,
        help_text=_("办结后满该年限，申请人姓名、证件号码、联系方式和地址匿名化（办理记录和统计保留）。"),
    )
    contact_days = models.PositiveIntegerField(
        _("好差评、纠错联系方式保存天数"),
        default=365,
        help_text=_("答复（整改）后满该天数，群众留下的联系方式删除。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("个人信息保存期限")
        verbose_name_plural = _("个人信息保存期限")

    def __str__(self):
        return str(_("个人信息保存期限"))

    @classmethod
    def current(cls) -> "PersonalDataRetention":
        return cls.objects.order_by("pk").first() or cls()
