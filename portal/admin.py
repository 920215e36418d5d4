"""The office keeps the search dictionary and reads the zero-result log here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organizations import permissions as perms

from .models import SynonymGroup, ZeroResultQuery
from .search import services


class OfficeOnly:
    def has_module_permission(self, request):
        return perms.is_office(request.user)

    def has_view_permission(self, request, obj=None):
        return perms.is_office(request.user)

    def has_change_permission(self, request, obj=None):
        return perms.is_office(request.user)

    def has_add_permission(self, request, *args):
        return perms.is_office(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # switch a group off instead (history kept)


@admin.register(SynonymGroup)
class SynonymGroupAdmin(OfficeOnly, SimpleHistoryAdmin):
    writes_through = "portal.search.services.save_synonym_group"
    list_display = ("__str__", "note", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("terms", "note")
    fields = ("terms", "note", "is_active")

    def save_model(self, request, obj, form, change):
        services.save_synonym_group(user=request.user, group=obj)


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(OfficeOnly, admin.ModelAdmin):
    writes_through = None  # read-only; resolving goes through services.resolve_zero_results
    list_display = ("query", "count", "first_seen", "last_seen", "resolved")
    list_filter = ("resolved",)
    search_fields = ("query",)
    readonly_fields = ("query", "count", "first_seen", "last_seen", "resolved")
    actions = ["mark_resolved"]

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description=_("标记为已处理（已添加同义词或内容）"))
    def mark_resolved(self, request, queryset):
        n = services.resolve_zero_results(user=request.user, queries=list(queryset))
        self.message_user(request, _("已处理 %(n)d 条。") % {"n": n}, messages.SUCCESS)
