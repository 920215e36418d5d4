"""The pilot ledger in the admin: read-only, scoped to the units the person may view. Plans, tasks, milestones,
evidence and problems are written through pilot.services (the officers' pages /pilot/desk/, the demo loader and
the management commands); the admin shows them with their append-only history."""

from django.contrib import admin

from organizations.admin_scope import ScopedAdmin, ScopedInline

from .models import Evidence, Milestone, PilotEvent, Plan, Problem, Task


class ReadOnly:
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + [m.name for m in self.model._meta.many_to_many]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(ReadOnly, ScopedInline):
    model = PilotEvent
    access_area = "pilot"
    extra = 0
    can_delete = False
    fields = ("at", "user", "action", "note")
    readonly_fields = fields


class MilestoneInline(ReadOnly, ScopedInline):
    model = Milestone
    access_area = "pilot"
    extra = 0
    fields = ("kind", "due_on", "done_on", "note")


@admin.register(Plan)
class PlanAdmin(ReadOnly, ScopedAdmin):
    # read-only: written through pilot.services (create_plan, set_milestone …)
    writes_through = None
    access_area = "pilot"
    unit_path = "unit"
    list_display = ("name", "code", "unit", "starts_on", "ends_on", "published")
    inlines = (MilestoneInline,)


@admin.register(Task)
class TaskAdmin(ReadOnly, ScopedAdmin):
    # read-only: written through pilot.services (add_task, report_progress)
    writes_through = None
    access_area = "pilot"
    unit_path = "lead_unit"
    list_display = ("number", "title", "level", "lead_unit", "deadline", "status", "progress")
    list_filter = ("level", "status")
    search_fields = ("number", "title")
    inlines = (EventInline,)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnly, ScopedAdmin):
    # read-only: uploaded and withdrawn through pilot.services (add_evidence, withdraw_evidence)
    writes_through = None
    access_area = "pilot"
    unit_path = "task__lead_unit"
    list_display = ("title", "task", "content_type", "size", "uploaded_at", "withdrawn_at")


@admin.register(Problem)
class ProblemAdmin(ReadOnly, ScopedAdmin):
    # read-only: opened, corrected and closed (销号) through pilot.services
    writes_through = None
    access_area = "pilot"
    unit_path = "unit"
    list_display = ("title", "unit", "found_on", "state", "correct_by", "closed_on")
    list_filter = ("state",)
