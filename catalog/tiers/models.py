"""The tier templates and the units' adoptions (registered with the catalog app by ``catalog.models``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from domains.models import Domain
from organizations.models import Unit


class TemplateTier(models.TextChoices):
    STREET = "street", _("街道级")
    COMMUNITY = "community", _("社区级")


class TierTemplate(models.Model):
    """The district's catalog marked as the template of a tier (街道级/社区级目录模板): the items of the edition in
    force whose 公开层级 ticks the tier, within the chosen fields (all fields when none is chosen)."""

    tier = models.CharField(_("层级"), max_length=12, choices=TemplateTier.choices, unique=True)
    title = models.CharField(_("模板名称"), max_length=200)
    domains = models.ManyToManyField(
        Domain, verbose_name=_("领域"), blank=True, related_name="+", help_text=_("不选即全部领域。")
    )
    is_active = models.BooleanField(_("在用"), default=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设定人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("设定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("层级目录模板")
        verbose_name_plural = _("层级目录模板")
        ordering = ["tier"]

    def __str__(self):
        return self.title

    def delete(self, *args, **kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError(_("目录模板不可删除，请停用。"))


class Adoption(models.Model):
    """A street's or community's adoption of its tier's template at an edition (本级目录): history kept."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="adoption"
    )
    template = models.ForeignKey(
        TierTemplate, verbose_name=_("目录模板"), on_delete=models.PROTECT, related_name="adoptions"
    )
    edition = models.ForeignKey(
        "catalog.CatalogEdition",
        verbose_name=_("采用的版本"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("本单位目录所依据的模板版本（目录版次）。"),
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("采用人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("采用时间"))

    class Meta:
        verbose_name = _("本级目录（采用模板）")
        verbose_name_plural = _("本级目录（采用模板）")
        ordering = ["unit__tree_id", "unit__lft"]

    def __str__(self):
        return f"{self.unit} · 第{self.edition.number}版"

    def delete(self, *args, **kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError(_("本级目录不可删除。"))


class Exclusion(models.Model):
    """A template item the unit marks as not applying to it, with the reason (不适用的理由). Withdrawn, never
    deleted; an exclusion without a reason (an old list brought in) counts for nothing until it has one."""

    adoption = models.ForeignKey(Adoption, on_delete=models.PROTECT, related_name="exclusions")
    item = models.ForeignKey(
        "catalog.DisclosureItem", verbose_name=_("模板事项"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("不适用的理由"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("标记人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("标记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("不适用事项")
        verbose_name_plural = _("不适用事项")
        ordering = ["adoption", "item__code"]
        constraints = [models.UniqueConstraint(fields=["adoption", "item"], name="unique_adoption_exclusion")]

    def __str__(self):
        return f"{self.adoption.unit} 不适用 {self.item}"

    def delete(self, *args, **kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError(_("不适用记录不可删除，请撤销。"))


class LocalItem(models.Model):
    """An item a unit adds to its own catalog (本级自增事项): a catalog item whose 公开主体 is that unit alone."""

    adoption = models.ForeignKey(Adoption, on_delete=models.PROTECT, related_name="local_items")
    item = models.OneToOneField(
        "catalog.DisclosureItem", verbose_name=_("事项"), on_delete=models.PROTECT, related_name="local_of"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("本级自增事项")
        verbose_name_plural = _("本级自增事项")
        ordering = ["adoption", "item__code"]

    def __str__(self):
        return f"{self.adoption.unit} · {self.item}"

    def delete(self, *args, **kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError(_("自增事项不可删除，请停用该事项。"))
