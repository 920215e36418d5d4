"""The policy fields (试点领域): all 26 national fields as data; a district activates its own set."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models import Unit


class DomainQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Domain(models.Model):
    """One of the 26 national fields, with its standard guideline and the district's division of work."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("领域名称"), max_length=50, unique=True)
    former_names = models.CharField(
        _("曾用名"), max_length=100, blank=True, help_text=_("如 扶贫 → 乡村振兴")
    )
    guideline_title = models.CharField(_("标准指引名称"), max_length=200, blank=True)
    guideline_issuer = models.CharField(_("指引印发部门"), max_length=100, blank=True)
    guideline_number = models.CharField(
        _("指引文号"), max_length=60, blank=True, help_text=_("如 财办发〔2019〕77号")
    )
    description = models.TextField(_("说明"), blank=True)
    is_national = models.BooleanField(_("国家26个试点领域之一"), default=True)
    is_active = models.BooleanField(_("本区启用"), default=False, db_index=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_domains",
    )
    cooperating_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="cooperating_domains"
    )

    history = HistoricalRecords(m2m_fields=[cooperating_units])
    objects = DomainQuerySet.as_manager()

    class Meta:
        verbose_name = _("试点领域")
        verbose_name_plural = _("试点领域")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class DomainPreset(models.Model):
    """A named set of fields a province uses (浙江 8 fields, 宁夏 13 fields)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    source = models.CharField(_("出处"), max_length=200, blank=True)
    domains = models.ManyToManyField(Domain, verbose_name=_("领域"), related_name="presets")

    class Meta:
        verbose_name = _("领域组合")
        verbose_name_plural = _("领域组合")
        ordering = ["id"]

    def __str__(self):
        return self.name
