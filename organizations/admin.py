from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from mptt.admin import MPTTModelAdmin

from . import permissions as perms
from .admin_scope import ScopedAdmin, ScopedInline
from .models import Membership, ServicePoint, Unit

User = get_user_model()


class ServicePointInline(ScopedInline):
    model = ServicePoint
    access_area = "organizations"
    fields = ("kind", "name", "address", "opening_hours", "phone", "is_active")


@admin.register(Unit)
class UnitAdmin(ScopedAdmin, MPTTModelAdmin):
    access_area = "organizations"
    unit_path = "self"
    list_display = ("name", "code", "kind", "tier", "phone", "is_active")
    list_filter = ("tier", "kind", "is_active")
    search_fields = ("name", "short_name", "code", "address")
    inlines = [ServicePointInline]
    mptt_level_indent = 24
    fieldsets = (
        (None, {"fields": ("name", "short_name", "code", "kind", "parent", "order", "is_active")}),
        (_("联系方式"), {"fields": ("contact_person", "phone", "email", "address", "office_hours")}),
        (_("位置"), {"fields": ("latitude", "longitude")}),
    )
    #: Only the district office reshapes the tree; a unit's officer keeps its contact data current.
    structural_fields = ("name", "code", "kind", "parent", "order", "is_active")

    def get_readonly_fields(self, request, obj=None):
        if perms.is_office(request.user):
            return ()
        return self.structural_fields


@admin.register(ServicePoint)
class ServicePointAdmin(ScopedAdmin):
    access_area = "organizations"
    unit_path = "unit"
    list_display = ("name", "kind", "unit", "address", "opening_hours", "is_active")
    list_filter = ("kind", "is_active", "unit__tier")
    search_fields = ("name", "address", "unit__name")
    list_select_related = ("unit",)

    def has_add_permission(self, request, *args):
        # A unit's officer may add service points for its own units.
        return perms.can(request.user, perms.CHANGE, self.access_area)


class OfficeOnlyMixin:
    """Memberships and accounts decide who may do what: only the district office manages them."""

    def has_module_permission(self, request):
        return perms.is_office(request.user)

    def has_view_permission(self, request, obj=None):
        return perms.is_office(request.user)

    def has_add_permission(self, request, *args):
        return perms.is_office(request.user)

    def has_change_permission(self, request, obj=None):
        return perms.is_office(request.user)

    def has_delete_permission(self, request, obj=None):
        return perms.is_office(request.user)


@admin.register(Membership)
class MembershipAdmin(OfficeOnlyMixin, ScopedAdmin):
    access_area = "organizations"
    unit_path = "unit"
    list_display = ("user", "unit", "role", "title", "is_public_contact")
    list_filter = ("role", "unit__tier")
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("unit", "role", "title", "phone", "is_public_contact")


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(OfficeOnlyMixin, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "last_name", "first_name", "email", "is_staff", "is_active")


admin.site.site_header = _("政务公开标准化规范化平台 · 管理后台")
admin.site.site_title = _("政务公开管理后台")
admin.site.index_title = _("工作台")
