from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.admin import MPTTModelAdmin

from core.csvexport import csv_response
from core.models import PersonalDataAccess

from . import permissions as perms
from . import sectors as sectors_vocabulary
from .admin_scope import ScopedAdmin, ScopedInline
from .models import Membership, PersonalDataRetention, Role, ServicePoint, Unit

User = get_user_model()


class ServicePointInline(ScopedInline):
    model = ServicePoint
    access_area = "organizations"
    fields = ("kind", "name", "address", "opening_hours", "phone", "is_active")


class UnitForm(forms.ModelForm):
    """Sectors as ticks; a new unit without any gets those its name suggests (区民政局 → 民政)."""

    sectors = forms.MultipleChoiceField(
        label=_("承担职能"),
        choices=sectors_vocabulary.CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("公开目录写“民政部门”“县民政局”等时，据此确定责任单位。新建单位未勾选的，按名称推荐。"),
    )

    class Meta:
        model = Unit
        fields = ("sectors", "aliases")

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("sectors") and data.get("name"):
            data["sectors"] = sectors_vocabulary.propose_sectors(data["name"])
        return data


@admin.register(Unit)
class UnitAdmin(ScopedAdmin, MPTTModelAdmin):
    form = UnitForm
    access_area = "organizations"
    unit_path = "self"
    list_display = ("name", "code", "kind", "tier", "sector_names", "phone", "is_active")
    list_filter = ("tier", "kind", "is_active")
    search_fields = ("name", "short_name", "code", "address", "aliases")
    inlines = [ServicePointInline]
    mptt_level_indent = 24
    fieldsets = (
        (None, {"fields": ("name", "short_name", "code", "kind", "parent", "order", "is_active")}),
        (_("承担职能（确定公开义务）"), {"fields": ("sectors", "aliases")}),
        (_("联系方式"), {"fields": ("contact_person", "phone", "email", "address", "office_hours")}),
        (_("位置"), {"fields": ("latitude", "longitude")}),
    )
    #: Only the district office reshapes the tree; a unit's officer keeps its contact data current.
    structural_fields = ("name", "code", "kind", "parent", "order", "is_active", "sectors", "aliases")

    @admin.display(description=_("承担职能"))
    def sector_names(self, obj):
        return sectors_vocabulary.sector_names(obj.sectors)

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

#: What only a superuser may change on an account: the powers outside the role model.
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


def is_privileged(account) -> bool:
    """A superuser, or a member of the district office: only a superuser manages these accounts."""
    return bool(account.is_superuser) or Membership.objects.filter(user=account, role=Role.OFFICE).exists()


@admin.register(User)
class UserAdmin(OfficeOnlyMixin, DjangoUserAdmin):
    """Accounts. The office creates accounts, manages their memberships, resets passwords of non-privileged
    accounts, deactivates and unlocks them; only a superuser creates superusers or changes is_superuser,
    is_staff, groups and permissions. Accounts are deactivated, never deleted (their history stays). Every
    change, password resets included, is in the admin's log (LogEntry)."""

    inlines = [MembershipInline]
    list_display = ("username", "last_name", "first_name", "email", "is_staff", "is_active")
    actions = ["deactivate", "unlock"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not perms.is_superuser(request.user):
            readonly += [f for f in PRIVILEGE_FIELDS if f not in readonly]
            readonly += ["last_login", "date_joined"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or perms.is_superuser(request.user):
            return True
        # the office: non-privileged accounts only (its own account: through the password form of its own)
        return not is_privileged(obj)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: memberships, reminders and history stay

    def save_model(self, request, obj, form, change):
        if not perms.is_superuser(request.user):
            if change:
                stored = User.objects.get(pk=obj.pk)
                for field in ("is_superuser", "is_staff"):
                    setattr(obj, field, getattr(stored, field))
            else:
                obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not perms.is_superuser(request.user):
            for field in ("groups", "user_permissions"):
                form.cleaned_data.pop(field, None)
        super().save_related(request, form, formsets, change)

    @admin.action(description=_("停用所选账号（不删除）"))
    def deactivate(self, request, queryset):
        allowed = [u for u in queryset if self.has_change_permission(request, u) and u.pk != request.user.pk]
        for account in allowed:
            account.is_active = False
            account.save(update_fields=["is_active"])
            self.log_change(request, account, [{"changed": {"fields": ["is_active"]}}])
        self.message_user(request, _("已停用 %(n)d 个账号。") % {"n": len(allowed)})

    @admin.action(description=_("解除所选账号的登录锁定"))
    def unlock(self, request, queryset):
        from .logins import unlock_login  # the one service (office only, recorded on the account)

        count = sum(unlock_login(actor=request.user, username=a.get_username()) for a in queryset)
        self.message_user(request, _("已解除锁定（清除 %(n)d 条失败记录）。") % {"n": count})


admin.site.site_header = _("政务公开标准化规范化平台 · 管理后台")
admin.site.site_title = _("政务公开管理后台")
admin.site.index_title = _("工作台")


@admin.register(PersonalDataRetention)
class PersonalDataRetentionAdmin(OfficeOnlyMixin, admin.ModelAdmin):
    """One row: how long citizens' personal data is kept (the office sets it; nightly tasks apply it)."""

    fields = ("foi_request_years", "contact_days")

    def has_add_permission(self, request):
        return perms.is_office(request.user) and not PersonalDataRetention.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Reads of citizens' personal data (besides FOI requests' own trail): read-only for the office and the
    auditor, exportable."""

    list_display = ("at", "user", "record", "object_id", "where")
    list_filter = ("record", ("at", admin.DateFieldListFilter))
    date_hierarchy = "at"
    search_fields = ("user__username", "record", "object_id")
    list_select_related = ("user",)
    actions = ["export_csv"]

    def _reader(self, request) -> bool:
        return perms.is_office(request.user) or Role.AUDITOR in perms.roles_of(request.user)

    def has_module_permission(self, request):
        return self._reader(request)

    def has_view_permission(self, request, obj=None):
        return self._reader(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("导出所选查阅记录（CSV）"))
    def export_csv(self, request, queryset):
        rows = (
            [
                timezone.localtime(r.at).isoformat(timespec="seconds"),
                r.user or "",
                r.record,
                r.object_id,
                r.where,
            ]
            for r in queryset.select_related("user").order_by("at", "id").iterator(chunk_size=2000)
        )
        stamp = timezone.localtime().strftime("%Y%m%d")
        return csv_response(
            f"个人信息查阅记录-{stamp}.csv", ["时间", "查看人", "记录类型", "记录编号", "途径"], rows
        )
