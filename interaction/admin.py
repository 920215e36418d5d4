"""互动交流 in the admin: read-only (messages are routed and answered on the officers' pages, which call
interaction.services); the list is scoped to the units the person may view and shows no personal data."""

from django.contrib import admin

from organizations import permissions as perms

from .models import AREA, Message, MessageEvent


class EventInline(admin.TabularInline):
    model = MessageEvent
    extra = 0
    can_delete = False
    fields = ("at", "user", "action", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    # read-only: every write goes through interaction.services from the officers' pages (/interaction/desk/)
    writes_through = None
    list_display = ("code", "kind", "subject", "unit", "status", "received_on", "due_on", "answered_on")
    list_filter = ("kind", "status")
    search_fields = ("subject", "code")
    fields = (
        "code", "kind", "subject", "body", "consent", "unit", "unit_chosen", "status", "received_on",
        "workdays", "due_on", "answer", "answered_on", "answered_by",
    )  # fmt: skip
    inlines = (EventInline,)

    def get_queryset(self, request):
        return Message.objects.visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return self.fields

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
