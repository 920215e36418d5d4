"""The admin pages of the tier templates: the office marks a template; each street or community sees its catalog,
what changed since the edition it adopted, adopts the new edition, excludes items with a reason, adds its own
items; the drift report (page and xlsx). Registered by ``catalog.admin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from domains.models import Domain
from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin

from ..models import CatalogEdition, DisclosureItem
from . import services
from .catalogs import changes_since, read_catalog
from .drift import KIND_LABELS, as_xlsx, drift_report, unit_line
from .models import Adoption, Exclusion, LocalItem, TemplateTier, TierTemplate


@admin.register(TierTemplate)
class TierTemplateAdmin(ScopedAdmin):
    """The office marks the district's catalog as a tier's template (its items: the edition in force)."""

    writes_through = "catalog.tiers.services.mark_template"
    access_area = "catalog"
    list_display = ("title", "tier", "is_active", "marked_at")
    fields = ("tier", "title", "domains")
    filter_horizontal = ("domains",)

    def has_add_permission(self, request, *args):
        return perms.is_office(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return perms.is_office(request.user) and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        template = services.mark_template(
            user=request.user,
            tier=form.cleaned_data["tier"],
            title=form.cleaned_data["title"],
            domains=list(form.cleaned_data.get("domains") or []),
        )
        obj.pk = template.pk

    def save_related(self, request, form, formsets, change):
        pass  # the domains are set by the service


class AdoptForm(forms.ModelForm):
    class Meta:
        model = Adoption
        fields = ("unit",)


@admin.register(Adoption)
class AdoptionAdmin(ScopedAdmin):
    """One street's or community's catalog (本级目录): the template at the edition it adopted, its exclusions with
    their reasons and its own items. Every change goes through :mod:`catalog.tiers.services`."""

    writes_through = "catalog.tiers.services.adopt"
    access_area = "publishing"
    unit_path = "unit"
    form = AdoptForm
    list_display = ("unit", "template", "edition", "adopted_at", "adopted_by")
    list_filter = ("template",)
    change_form_template = "admin/catalog/adoption/change_form.html"
    change_list_template = "admin/catalog/adoption/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        return ("unit",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        adoption = services.adopt(user=request.user, unit=form.cleaned_data["unit"])
        obj.pk = adoption.pk

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("drift/", view(self.drift_view), name="catalog_adoption_drift"),
            path("drift/xlsx/", view(self.drift_xlsx), name="catalog_adoption_drift_xlsx"),
            path("<int:pk>/step/<str:step>/", view(self.step_view), name="catalog_adoption_step"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        adoption = get_object_or_404(self.get_queryset(request), pk=object_id)
        catalog = read_catalog(adoption)
        current = CatalogEdition.objects.current()
        excluded = catalog.excluded
        extra_context = {
            **(extra_context or {}),
            "catalog": catalog,
            "current": current,
            "diff": changes_since(adoption, current),
            "exclusions": adoption.exclusions.filter(is_active=True).select_related("item"),
            "local_items": adoption.local_items.select_related("item"),
            "choices": [(i, d) for i, d in catalog.adopted.items() if i not in excluded],
            "domains": Domain.objects.filter(is_active=True).order_by("order"),
            "may_change": self._may_change(request, adoption),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _may_change(self, request, adoption) -> bool:
        try:
            services.require_own_unit(request.user, adoption.unit)
        except PermissionDenied:
            return False
        return True

    def _step(self, request, adoption, step):
        post, user, unit = request.POST, request.user, adoption.unit
        if step == "adopt":
            services.adopt(user=user, unit=unit)
            return _("已采用现行版目录模板。")
        if step == "exclude":
            item = get_object_or_404(DisclosureItem, pk=post.get("item") or 0)
            services.exclude_item(user=user, unit=unit, item=item, reason=post.get("reason", ""))
            return _("已标注不适用。")
        if step == "withdraw":
            exclusion = get_object_or_404(Exclusion, pk=post.get("exclusion") or 0, adoption=adoption)
            services.withdraw_exclusion(user=user, exclusion=exclusion)
            return _("已撤销不适用，该事项重新适用。")
        if step == "add_local":
            domain = get_object_or_404(Domain, pk=post.get("domain") or 0)
            services.add_local_item(
                user=user,
                unit=unit,
                domain=domain,
                name=post.get("name", ""),
                elements=post.get("elements", "").splitlines(),
                time_limit_text=post.get("time_limit", ""),
            )
            return _("已添加自增事项。")
        if step == "retire_local":
            local = get_object_or_404(LocalItem, pk=post.get("local") or 0, adoption=adoption)
            services.retire_local_item(user=user, local=local, reason=post.get("reason", ""))
            return _("已停用自增事项。")
        raise PermissionDenied

    def step_view(self, request, pk, step):
        adoption = get_object_or_404(self.get_queryset(request), pk=pk)
        back = reverse("admin:catalog_adoption_change", args=[pk])
        if request.method != "POST":
            return redirect(back)
        try:
            done = self._step(request, adoption, step)
        except (ValidationError, PermissionDenied) as exc:
            text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, text, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return redirect(back)

    def _report(self, request):
        if not perms.can(request.user, perms.VIEW, "publishing"):
            raise PermissionDenied
        tier = request.GET.get("tier") or "street"
        if tier not in TemplateTier.values:
            tier = "street"
        report = drift_report(tier)
        report.units = [u for u in report.units if perms.can(request.user, perms.VIEW, "publishing", u.unit)]
        return report

    def drift_view(self, request):
        report = self._report(request)
        rows = [(u, unit_line(u)) for u in report.units]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("层级目录偏差报告"),
            "report": report,
            "rows": rows,
            "tiers": TemplateTier.choices,
            "kinds": KIND_LABELS,
        }
        return TemplateResponse(request, "admin/catalog/adoption/drift.html", context)

    def drift_xlsx(self, request):
        report = self._report(request)
        response = HttpResponse(
            as_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="tier-drift-{report.tier}.xlsx"'
        return response
