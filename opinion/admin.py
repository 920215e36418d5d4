"""The 舆情 ledger in the admin: read-only (the office and officers write through the ledger's pages, which call
opinion.services); the list is scoped to the units the person may view."""

from django.contrib import admin

from organizations import permissions as perms

from .models import AREA, Entry, EntryEvent, Response


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    can_delete = False
    fields = ("kind", "responded_at", "link", "note", "recorded_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = EntryEvent
    extra = 0
    can_delete = False
    fields = ("at", "user", "action", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    # read-only: every write goes through opinion.services from the ledger's pages (/opinion/)
    writes_through = None
    list_display = ("found_at", "unit", "level", "emergency", "kind", "state")
    list_filter = ("state", "level", "emergency", "kind")
    search_fields = ("summary",)
    inlines = (ResponseInline, EventInline)

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(perms.unit_filter(request.user, perms.VIEW, AREA, "unit__"))
        )

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_view_permission(self, request, obj=None):
        return perms.can(request.user, perms.VIEW, AREA, obj.unit if obj else None)

    def has_module_permission(self, request):
        return perms.can(request.user, perms.VIEW, AREA)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
