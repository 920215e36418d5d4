"""Admin base classes that ask :mod:`organizations.permissions` every question.

Every app's ModelAdmin inherits :class:`ScopedAdmin`, names its ``access_area`` and the path to the owning
unit (``unit_path``), and gets: a changelist holding only the rows the user may see, objects the user may
change, unit choices limited to the user's units, and read-only views for read-only roles.

A model holding citizens' personal data (``permissions.PERSONAL_FIELDS``) shows it only to those
``permissions.may_see_personal_data`` allows on the record's handling unit (:meth:`ScopedAdmin.personal_unit`):
for everyone else the personal fields leave the change page, the list, the search and the history, and the
free texts a citizen wrote (``free_text_fields``) are shown redacted.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
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
    #: Free texts a citizen wrote (a comment, a description): redacted for those who may not see the record's
    #: personal data.
    free_text_fields: tuple[str, ...] = ()

    # -- citizens' personal data -----------------------------------------------------------------------
    def personal_unit(self, obj) -> Unit | None:
        """The unit that handles ``obj`` (whose people may see its personal data); the owning unit by default."""
        return self.unit_of(obj)

    def sees_personal_data(self, request, obj=None) -> bool:
        """May the user see ``obj``'s personal data whole (with ``obj`` None: every row's)?"""
        if not perms.personal_fields(self.model):
            return True
        unit = self.personal_unit(obj) if obj is not None else None
        return perms.may_see_personal_data(request.user, self.model, unit)

    def _redactor(self, name: str):
        cache = self.__dict__.setdefault("_redactors", {})
        if name not in cache:
            field = self.model._meta.get_field(name)

            def shown(obj):
                return perms.redact_text(getattr(obj, name, ""))

            shown.short_description = field.verbose_name
            shown.__name__ = f"{name}_redacted"
            cache[name] = shown
        return cache[name]

    def hide_personal(self, request, obj, names):
        """``names`` (fields, readonly fields, columns, search fields) without the personal fields and with the
        citizen's free texts redacted, unless the user may see ``obj``'s personal data."""
        if self.sees_personal_data(request, obj):
            return names
        hidden = set(perms.personal_fields(self.model))
        out = []
        for name in names:
            bare = name.lstrip("^=@") if isinstance(name, str) else name
            if bare in hidden:
                continue
            out.append(self._redactor(name) if name in self.free_text_fields else name)
        return tuple(out) if isinstance(names, tuple) else out

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.sees_personal_data(request, obj):
            return fieldsets
        return [
            (title, {**options, "fields": self.hide_personal(request, obj, tuple(options.get("fields", ())))})
            for title, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.hide_personal(request, obj, super().get_readonly_fields(request, obj))

    def get_list_display(self, request):
        """Lists never show personal data whole, even to those who may see it: masked (330105********1234);
        the record's own page (the handling page) shows it whole to them."""
        names = self.hide_personal(request, None, super().get_list_display(request))
        personal = set(perms.personal_fields(self.model))
        return [self._masker(n) if isinstance(n, str) and n in personal else n for n in names]

    def _masker(self, name: str):
        cache = self.__dict__.setdefault("_maskers", {})
        if name not in cache:
            field = self.model._meta.get_field(name)

            def shown(obj):
                return perms.masked(name, getattr(obj, name, ""))

            shown.short_description = field.verbose_name
            shown.__name__ = f"{name}_masked"
            cache[name] = shown
        return cache[name]

    def get_search_fields(self, request):
        names = super().get_search_fields(request)
        if self.sees_personal_data(request):
            return names
        hidden = set(perms.personal_fields(self.model)) | set(self.free_text_fields)
        return tuple(n for n in names if n.lstrip("^=@") not in hidden)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The change page; a citizen's personal data shown whole is logged (core.PersonalDataAccess). FOI
        requests keep their own trail (``foi.AccessLog``, written by their admin)."""
        response = super().change_view(request, object_id, form_url, extra_context)
        label = self.model._meta.label
        if request.method == "GET" and response.status_code == 200 and perms.personal_fields(self.model):
            obj = self.get_object(request, object_id)
            if obj is not None and label != "foi.DisclosureRequest" and self.sees_personal_data(request, obj):
                from core.models import PersonalDataAccess

                PersonalDataAccess.objects.create(
                    user=request.user, record=label, object_id=str(obj.pk)[:40], where="admin"
                )
        return response

    def history_view(self, request, object_id, extra_context=None):
        """An id that is not one (``/abc/history/``) is "does not exist", as on the change page — not a 500."""
        try:
            self.model._meta.pk.to_python(object_id)
        except ValidationError:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version shows every field as it was: only to those who may see the personal data."""
        if perms.personal_fields(self.model):
            obj = self.get_object(request, object_id)
            if obj is None or not self.sees_personal_data(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

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
