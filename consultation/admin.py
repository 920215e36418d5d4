"""征求意见 in the admin: read-only (consultations are opened and their comments entered, moderated and answered
on the officers' pages, which call consultation.services); scoped to the units the person may view, the
commenter's name and contact shown whole only to the drafting unit's officers and the office."""

from django.contrib import admin

from organizations.admin_scope import ScopedAdmin, ScopedInline

from .models import Comment, Consultation, ConsultationEvent, Kind


class EventInline(ScopedInline):
    model = ConsultationEvent
    access_area = "consultation"
    extra = 0
    can_delete = False
    fields = ("at", "user", "action", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(ScopedAdmin):
    # read-only: every write goes through consultation.services from the officers' pages (/consultation/desk/)
    writes_through = None
    access_area = "consultation"
    unit_path = "unit"
    list_display = ("title", "kind", "unit", "opens_at", "closes_at", "days", "feedback_published_at")
    search_fields = ("title",)
    inlines = (EventInline,)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(ScopedAdmin):
    # read-only: comments are entered, moderated and answered through consultation.services
    writes_through = None
    access_area = "consultation"
    unit_path = "consultation__unit"
    list_display = ("consultation", "channel", "received_at", "visibility", "verdict")
    list_filter = ("channel", "visibility", "verdict")
    free_text_fields = ("body",)
    fields = (
        "consultation", "channel", "body", "name", "contact", "received_at", "visibility", "reports",
        "group", "verdict", "reason", "entered_by",
    )  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return self.hide_personal(request, obj, self.fields)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Kind)
class KindAdmin(admin.ModelAdmin):
    # read-only: kinds are added through consultation.services.add_kind (the three national ones ship seeded)
    writes_through = None
    list_display = ("code", "name", "days", "workdays", "basis", "is_active")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
