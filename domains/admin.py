from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin

from .models import Domain, DomainPreset
from .services import apply_preset


@admin.register(Domain)
class DomainAdmin(ScopedAdmin):
    writes_through = None  # plain data entry by the office (ScopedAdmin: permission-checked, history)
    access_area = "domains"
    list_display = ("name", "code", "is_active", "guideline_number", "lead_unit", "order")
    list_editable = ("is_active", "order")
    list_filter = ("is_active", "is_national", "presets")
    search_fields = ("name", "former_names", "code", "guideline_number")
    filter_horizontal = ("cooperating_units",)
    list_select_related = ("lead_unit",)
    actions = ["activate", "deactivate"]
    fieldsets = (
        (None, {"fields": ("name", "code", "former_names", "is_active", "order", "description")}),
        (_("标准指引"), {"fields": ("guideline_title", "guideline_issuer", "guideline_number")}),
        (_("工作分工"), {"fields": ("lead_unit", "cooperating_units")}),
    )

    @admin.action(description=_("启用所选领域"), permissions=["change"])
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description=_("停用所选领域"), permissions=["change"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    def _set_active(self, request, queryset, value):
        perms.require(request.user, perms.CHANGE, "domains")
        count = 0
        for domain in queryset:
            if domain.is_active != value:
                domain.is_active = value
                domain.save(update_fields=["is_active"])
                count += 1
        self.message_user(request, _("已更新 %(n)d 个领域。") % {"n": count}, messages.SUCCESS)


@admin.register(DomainPreset)
class DomainPresetAdmin(ScopedAdmin):
    writes_through = None  # plain data entry; applying a preset goes through services.apply_preset
    access_area = "domains"
    list_display = ("name", "source")
    filter_horizontal = ("domains",)
    actions = ["apply"]

    @admin.action(description=_("按所选组合启用领域（其余停用）"), permissions=["change"])
    def apply(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("请只选择一个领域组合。"), messages.ERROR)
            return
        changed = apply_preset(preset=queryset.get(), user=request.user)
        self.message_user(
            request, _("已调整 %(n)d 个领域的启用状态。") % {"n": len(changed)}, messages.SUCCESS
        )
