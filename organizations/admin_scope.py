"""Admin base classes that ask :mod:`organizations.permissions` every question.

Every app's ModelAdmin inherits :class:`ScopedAdmin`, names its ``access_area`` and the path to the owning
unit (``unit_path``), and gets: a changelist holding only the rows the user may see, objects the user may
change, unit choices limited to the user's units, and read-only views for read-only roles.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import permissions as perms
from .models import Unit


class ScopedAdmin(SimpleHistoryAdmin):
    """A ModelAdmin scoped by area and unit, with change history."""

    access_area: str = ""
    #: Django lookup path from this model to its Unit ("unit", "obligation__unit"), "self" for Unit,
    #: or None when the model belongs to no unit (district-wide data such as the catalog).
    unit_path: str | None = None
    #: Hard deletes are off unless a model opts in: retire, withdraw or supersede instead.
    allow_delete: bool = False

    # -- helpers ---------------------------------------------------------------------------------
    def _prefix(self) -> str:
        return "" if self.unit_path == "self" else f"{self.unit_path}__"

    def unit_of(self, obj) -> Unit | None:
        if obj is None or self.unit_path is None:
            return None
        if self.unit_path == "self":
            return obj
        value = obj
        for part in self.unit_path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def _can(self, request, action, obj=None) -> bool:
        unit = self.unit_of(obj)
        if obj is not None and self.unit_path is not None and unit is None:
            # An object without a unit yet (being created) is judged on the area alone.
            return perms.can(request.user, action, self.access_area)
        return perms.can(request.user, action, self.access_area, unit)

    # -- Django admin hooks -----------------------------------------------------------------------
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self.unit_path is None:
            return qs if perms.can(request.user, perms.VIEW, self.access_area) else qs.none()
        return qs.filter(perms.unit_filter(request.user, perms.VIEW, self.access_area, self._prefix()))

    def has_module_permission(self, request):
        return perms.can(request.user, perms.VIEW, self.access_area)

    def has_view_permission(self, request, obj=None):
        return self._can(request, perms.VIEW, obj)

    def has_add_permission(self, request, *args):
        return perms.can(request.user, perms.ADD, self.access_area)

    def has_change_permission(self, request, obj=None):
        return self._can(request, perms.CHANGE, obj)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and self._can(request, perms.DELETE, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Unit:
            kwargs["queryset"] = perms.units_for(request.user, perms.CHANGE, self.access_area).filter(
                is_active=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Unit:
            kwargs["queryset"] = perms.units_for(request.user, perms.VIEW, self.access_area).filter(
                is_active=True
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        unit = self.unit_of(obj)
        action = perms.CHANGE if change else perms.ADD
        perms.require(request.user, action, self.access_area, unit)
        super().save_model(request, obj, form, change)


class ScopedInline(admin.TabularInline):
    """An inline whose rows follow the parent admin's permissions."""

    access_area: str = ""
    extra = 0

    def has_view_permission(self, request, obj=None):
        return perms.can(request.user, perms.VIEW, self.access_area)

    def has_add_permission(self, request, obj=None):
        return self._may_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change(request, obj)

    def _may_change(self, request, obj):
        parent_admin = self.admin_site._registry.get(self.parent_model)
        if parent_admin is not None and hasattr(parent_admin, "has_change_permission"):
            return parent_admin.has_change_permission(request, obj)
        return perms.can(request.user, perms.CHANGE, self.access_area)
