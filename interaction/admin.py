"""互动交流 in the admin: read-only (messages are routed and answered on the officers' pages, which call
interaction.services); scoped to the units the person may view (organizations.admin_scope.ScopedAdmin), the
asker's name, phone and e-mail shown whole only to the handling unit's officers and the office, the asker's own
text redacted for the other roles."""

from django.contrib import admin

from organizations.admin_scope import ScopedAdmin, ScopedInline

from .models import Message, MessageEvent


class EventInline(ScopedInline):
    model = MessageEvent
    access_area = "interaction"
    extra = 0
    can_delete = False
    fields = ("at", "user", "action", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(ScopedAdmin):
    # read-only: every write goes through interaction.services from the officers' pages (/interaction/desk/)
    writes_through = None
    access_area = "interaction"
    unit_path = "unit"
    list_display = ("code", "kind", "subject", "unit", "status", "received_on", "due_on", "answered_on")
    list_filter = ("kind", "status")
    search_fields = ("code", "subject")
    free_text_fields = ("subject", "body")
    fields = (
        "code", "kind", "subject", "body", "name", "phone", "email", "consent", "unit", "unit_chosen",
        "status", "received_on", "workdays", "due_on", "answer", "answered_on", "answered_by",
    )  # fmt: skip
    inlines = (EventInline,)

    def get_readonly_fields(self, request, obj=None):
        return self.hide_personal(request, obj, self.fields)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
