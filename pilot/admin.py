"""The pilot ledger in the admin, scoped to the units the person may view. The office adds plans, tasks and
milestones and corrects tasks here, each save going through pilot.services (create_plan, add_task / update_task,
set_milestone / complete_milestone: the permission check and the history row included). Evidence, progress and
problems are written on the officers' pages (/pilot/desk/), which call the same services; here they are
read-only, with the append-only history."""

from django.contrib import admin

from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin, ScopedInline

from . import services
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


class NoDelete:
    """Only the office plans (the services refuse anyone else); nothing is deleted."""

    def has_add_permission(self, request, *args):
        return perms.has_global(request.user, perms.CHANGE, "pilot")

    def has_change_permission(self, request, obj=None):
        return perms.has_global(request.user, perms.CHANGE, "pilot")

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Plan)
class PlanAdmin(NoDelete, ScopedAdmin):
    writes_through = "pilot.services.create_plan"
    access_area = "pilot"
    unit_path = "unit"
    list_display = ("name", "code", "unit", "starts_on", "ends_on", "published")
    fields = ("code", "name", "unit", "basis", "summary", "starts_on", "ends_on", "published")

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else ()

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # a plan is recorded once

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in self.fields}
        made = services.create_plan(user=request.user, **data)
        obj.pk = made.pk


@admin.register(Task)
class TaskAdmin(NoDelete, ScopedAdmin):
    writes_through = "pilot.services.update_task"  # adding: pilot.services.add_task
    access_area = "pilot"
    unit_path = "lead_unit"
    list_display = ("number", "title", "level", "lead_unit", "deadline", "status", "progress")
    list_filter = ("level", "status", "plan")
    search_fields = ("number", "title")
    fields = (
        "plan", "parent", "number", "title", "indicator", "target_value", "measure_unit", "lead_unit",
        "cooperating", "deadline", "level", "status", "progress", "actual_value", "done_on",
    )  # fmt: skip
    inlines = (EventInline,)

    def get_readonly_fields(self, request, obj=None):
        reported = ("level", "status", "progress", "actual_value", "done_on")
        return (("plan", "parent", "number") + reported) if obj is not None else reported

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        common = {
            "user": request.user,
            "title": data["title"],
            "lead_unit": data["lead_unit"],
            "deadline": data["deadline"],
            "cooperating": list(data.get("cooperating") or ()),
            "indicator": data.get("indicator", ""),
            "target_value": data.get("target_value"),
            "measure_unit": data.get("measure_unit", ""),
        }
        if change:
            services.update_task(task=obj, **common)
        else:
            made = services.add_task(
                plan=data["plan"], parent=data.get("parent"), number=data["number"], **common
            )
            obj.pk = made.pk

    def save_related(self, request, form, formsets, change):
        # the units were set by the service (no form.save_m2m); the history inline is read-only and saves nothing
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Milestone)
class MilestoneAdmin(NoDelete, ScopedAdmin):
    writes_through = (
        "pilot.services.set_milestone"  # and complete_milestone when a date of completion is given
    )
    access_area = "pilot"
    unit_path = "plan__unit"
    list_display = ("plan", "kind", "due_on", "done_on", "note")
    fields = ("plan", "kind", "due_on", "done_on", "note")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        milestone = services.set_milestone(
            user=request.user,
            plan=data["plan"],
            kind=data["kind"],
            due_on=data["due_on"],
            note=data.get("note", ""),
        )
        if data.get("done_on") and data["done_on"] != milestone.done_on:
            services.complete_milestone(user=request.user, milestone=milestone, done_on=data["done_on"])
        obj.pk = milestone.pk


@admin.register(Evidence)
class EvidenceAdmin(ReadOnly, ScopedAdmin):
    # read-only: uploaded and withdrawn through pilot.services (add_evidence, withdraw_evidence) on /pilot/desk/
    writes_through = None
    access_area = "pilot"
    unit_path = "task__lead_unit"
    list_display = ("title", "task", "content_type", "size", "uploaded_at", "withdrawn_at")


@admin.register(Problem)
class ProblemAdmin(ReadOnly, ScopedAdmin):
    # read-only: opened, corrected and closed (销号) through pilot.services on /pilot/desk/
    writes_through = None
    access_area = "pilot"
    unit_path = "unit"
    list_display = ("title", "unit", "found_on", "state", "correct_by", "closed_on")
    list_filter = ("state",)
