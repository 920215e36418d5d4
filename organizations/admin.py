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
from . import services
from .admin_scope import ScopedAdmin, ScopedInline
from .models import Membership, PersonalDataRetention, Role, ServicePoint, Unit

User = get_user_model()


class ServicePointInline(ScopedInline):
    """A unit's service points, saved by the unit's admin through the service-point services (never deleted:
    untick 启用 to close one)."""

    model = ServicePoint
    access_area = "organizations"
    fields = ("kind", "name", "address", "opening_hours", "phone", "bilingual", "is_active")

    def has_delete_permission(self, request, obj=None):
        return False


def form_changes(form, obj, fields) -> dict:
    """The changed fields of an admin form, as the services take them (the values already on ``obj``)."""
    return {name: getattr(obj, name) for name in form.changed_data if name in fields}


def form_data(form, obj, fields) -> dict:
    """Every field of a new object's form, as the services take them."""
    return {name: getattr(obj, name) for name in form.fields if name in fields}


def adopt(obj, saved) -> None:
    """The admin's unsaved ``obj`` becomes the row a service created (the admin goes on with ``obj``)."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db
    if hasattr(saved, "_recorded"):
        obj._recorded = saved._recorded


def save_rows(formset, save_row, end_row=None) -> None:
    """An inline formset row by row through the services (``save_row(form, obj, change)``; ``end_row(obj)``
    for a row ticked for deletion), with what the admin's change message reads."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.forms:
        if formset._should_delete_form(form):
            if form.instance.pk and end_row is not None:
                end_row(form.instance)
                formset.deleted_objects.append(form.instance)
            continue
        if not form.has_changed():
            continue
        obj = form.save(commit=False)
        change = obj.pk is not None
        save_row(form, obj, change)
        if change:
            formset.changed_objects.append((obj, form.changed_data))
        else:
            formset.new_objects.append(obj)


def save_service_point(request, form, point, change) -> None:
    """One service-point form (its admin's, or a row of the unit's inline) through the services."""
    if change:
        changes = form_changes(form, point, services.SERVICE_POINT_FIELDS)
        services.change_service_point(user=request.user, point=point, changes=changes)
    else:
        data = form_data(form, point, services.SERVICE_POINT_FIELDS) | {"unit": point.unit}
        adopt(point, services.create_service_point(user=request.user, data=data))


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
    writes_through = "organizations.services.change_unit"  # and create_unit for a new unit
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

    def save_model(self, request, obj, form, change):
        """Through :mod:`organizations.services`: permission-checked, recorded, ``unit_changed`` on commit."""
        if change:
            services.change_unit(
                user=request.user, unit=obj, changes=form_changes(form, obj, services.UNIT_FIELDS)
            )
        else:
            adopt(
                obj, services.create_unit(user=request.user, data=form_data(form, obj, services.UNIT_FIELDS))
            )

    def save_formset(self, request, form, formset, change):
        """The service points of the unit, through the service-point services (closed, never deleted)."""
        save_rows(formset, lambda row, point, changed: save_service_point(request, row, point, changed))


@admin.register(ServicePoint)
class ServicePointAdmin(ScopedAdmin):
    writes_through = "organizations.services.change_service_point"  # and create_service_point
    access_area = "organizations"
    unit_path = "unit"
    list_display = ("name", "kind", "bilingual", "unit", "address", "opening_hours", "is_active")
    list_filter = ("kind", "bilingual", "is_active", "unit__tier")
    search_fields = ("name", "address", "unit__name")
    list_select_related = ("unit",)

    def has_add_permission(self, request, *args):
        # A unit's officer may add service points for its own units.
        return perms.can(request.user, perms.CHANGE, self.access_area)

    def save_model(self, request, obj, form, change):
        save_service_point(request, form, obj, change)


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


def save_membership(request, form, membership, change) -> None:
    """One membership form (the membership admin's, or a row of an account's inline) through the services."""
    if change:
        changes = form_changes(form, membership, services.MEMBERSHIP_FIELDS)
        services.change_membership(user=request.user, membership=membership, changes=changes)
        return
    added = services.add_membership(
        user=request.user,
        account=membership.user,
        unit=membership.unit,
        role=membership.role,
        title=membership.title,
        phone=membership.phone,
        is_public_contact=membership.is_public_contact,
    )
    adopt(membership, added)


@admin.register(Membership)
class MembershipAdmin(OfficeOnlyMixin, ScopedAdmin):
    writes_through = "organizations.services.add_membership"  # change_membership, end_membership
    access_area = "organizations"
    unit_path = "unit"
    list_display = ("user", "unit", "role", "title", "is_public_contact")
    list_filter = ("role", "unit__tier")
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user",)
    actions = ["end_memberships"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # ended through the service (recorded), not the stock delete
        return actions

    def save_model(self, request, obj, form, change):
        save_membership(request, form, obj, change)

    def delete_model(self, request, obj):
        services.end_membership(user=request.user, membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            services.end_membership(user=request.user, membership=membership)

    @admin.action(description=_("结束所选角色"))
    def end_memberships(self, request, queryset):
        ended = 0
        for membership in queryset.select_related("user"):
            services.end_membership(user=request.user, membership=membership)
            ended += 1
        self.message_user(request, _("已结束 %(n)d 个角色。") % {"n": ended})


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("unit", "role", "title", "phone", "is_public_contact")


admin.site.unregister(User)

#: What only a superuser may change on an account: the powers outside the role model.
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")

is_privileged = services.is_privileged


@admin.register(User)
class UserAdmin(OfficeOnlyMixin, DjangoUserAdmin):
    """Accounts. The office creates accounts, manages their memberships, resets passwords of non-privileged
    accounts, deactivates and unlocks them; only a superuser creates superusers or changes is_superuser,
    is_staff, groups and permissions. Accounts are deactivated, never deleted (their history stays). Every
    change, password resets included, is in the admin's log (LogEntry)."""

    writes_through = "organizations.services.change_account"  # create_account, deactivate_account
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
        """Through :mod:`organizations.services` (recorded in the admin's log by the service)."""
        superuser = perms.is_superuser(request.user)
        if not change:
            created = services.create_account(
                user=request.user,
                username=obj.get_username(),
                password_hash=obj.password,
                first_name=obj.first_name,
                last_name=obj.last_name,
                email=obj.email,
                is_staff=obj.is_staff if superuser else False,
                is_superuser=obj.is_superuser if superuser else False,
            )
            adopt(obj, created)
            return
        fields = services.ACCOUNT_FIELDS if superuser else services.ACCOUNT_FIELDS - services.SUPERUSER_FIELDS
        changes = form_changes(form, obj, fields)
        if not superuser:  # the privileges stay as stored (the fields are read-only for the office anyway)
            stored = User.objects.get(pk=obj.pk)
            for field in services.SUPERUSER_FIELDS:
                setattr(obj, field, getattr(stored, field))
        services.change_account(user=request.user, account=obj, changes=changes)

    def save_related(self, request, form, formsets, change):
        if not perms.is_superuser(request.user):
            for field in ("groups", "user_permissions"):
                form.cleaned_data.pop(field, None)
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        """The account's memberships, row by row through the membership services (ended, recorded)."""

        def save_row(row, membership, changed):
            membership.user = form.instance
            save_membership(request, row, membership, changed)

        save_rows(formset, save_row, lambda m: services.end_membership(user=request.user, membership=m))

    def log_addition(self, request, obj, message):
        if not getattr(obj, "_recorded", False):  # the service wrote the entry
            super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not getattr(obj, "_recorded", False):  # the service wrote the entry (not for a password reset)
            super().log_change(request, obj, message)

    @admin.action(description=_("停用所选账号（不删除）"))
    def deactivate(self, request, queryset):
        allowed = [u for u in queryset if self.has_change_permission(request, u) and u.pk != request.user.pk]
        for account in allowed:
            services.deactivate_account(user=request.user, account=account)
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

    writes_through = None  # plain data entry by the office (one settings row, history)

    fields = ("foi_request_years", "contact_days")

    def has_add_permission(self, request):
        return perms.is_office(request.user) and not PersonalDataRetention.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Reads of citizens' personal data (besides FOI requests' own trail): read-only for the office and the
    auditor, exportable."""

    writes_through = None  # read-only (append-only log)

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
