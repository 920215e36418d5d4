"""征求意见 in the admin: read-only (consultations are opened and their comments entered, moderated and answered
on the officers' pages, which call consultation.services); scoped to the units the person may view, the
commenter's name and contact shown whole only to the drafting unit's officers and the office. Hearings (听证)
are noticed and their materials' time, signed record or cancellation entered here, each save through
consultation.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin, ScopedInline

from . import periods, services
from .models import (
    Comment,
    Consultation,
    ConsultationEvent,
    Decision,
    Hearing,
    HearingEvent,
    HearingStatus,
    Kind,
)


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


class HearingEventInline(ScopedInline):
    model = HearingEvent
    access_area = "consultation"
    extra = 0
    can_delete = False
    fields = ("at", "user", "action", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HearingForm(forms.ModelForm):
    """The hearing's notice, the materials' time, the signed record and a cancellation, each checked here as
    the service will (so a refusal is a form error) and saved through consultation.services."""

    class Meta:
        model = Hearing
        fields = (
            "decision", "subject", "hearing_at", "place", "selection", "participants",
            "materials_sent_at", "record", "cancel_reason",
        )  # fmt: skip

    def clean_participants(self):
        return services.check_participants(self.cleaned_data.get("participants", ""))

    def clean_record(self):
        record = self.cleaned_data.get("record")
        if record and "record" in self.changed_data:
            services.check_record(record)
        return record

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.status != HearingStatus.SCHEDULED:
            raise ValidationError(_("听证会已举行或已取消，不能再修改。"))
        now = timezone.now()
        at = data.get("hearing_at")
        if at and "hearing_at" in self.changed_data and periods.materials_deadline(at) < now:
            self.add_error(
                "hearing_at", _("听证材料须至少在听证会举行 7 日（自然日）前送达参加人，听证时间应相应后延。")
            )
        sent = data.get("materials_sent_at")
        if sent and "materials_sent_at" in self.changed_data and sent > now:
            self.add_error("materials_sent_at", _("只能登记已经送达的时间。"))
        held = at or self.instance.hearing_at
        if data.get("record") and "record" in self.changed_data and held and held > now:
            self.add_error("record", _("听证会举行后才能上传听证笔录。"))
        return data


@admin.register(Hearing)
class HearingAdmin(ScopedAdmin):
    writes_through = "consultation.services.save_hearing"  # and send_materials, upload_hearing_record, cancel
    access_area = "consultation"
    unit_path = "decision__unit"
    form = HearingForm
    list_display = ("subject", "decision", "hearing_at", "place", "status", "materials_sent_at", "clock")
    list_filter = ("status",)
    search_fields = ("subject", "decision__title")
    inlines = (HearingEventInline,)

    @admin.display(description=_("材料送达时钟"))
    def clock(self, obj):
        return obj.materials_words()

    def get_readonly_fields(self, request, obj=None):
        done = ("status", "record_sha256", "record_uploaded_at", "noticed_at", "created_by")
        if obj is None:
            return ("materials_sent_at", "record", "cancel_reason", *done)
        if obj.status != HearingStatus.SCHEDULED:
            return [f.name for f in self.model._meta.fields]
        return ("decision", *(("materials_sent_at",) if obj.materials_sent_at else ()), *done)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "decision":
            kwargs["queryset"] = Decision.objects.filter(
                perms.unit_filter(request.user, perms.CHANGE, "consultation", "unit__"), hearing__isnull=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, *args):
        # a hearing is noticed by the decision's lead unit (its officers) or the office: change rights on a unit
        return perms.can(request.user, perms.CHANGE, self.access_area)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            self._save(request, obj, form, change, data)
        except ValidationError as exc:  # a race with another officer: say so instead of a server error
            self.message_user(request, "；".join(exc.messages), messages.ERROR)

    def _save(self, request, obj, form, change, data):
        notice = ("subject", "hearing_at", "place", "selection", "participants")
        if not change or any(name in form.changed_data for name in notice):
            saved = services.save_hearing(
                user=request.user,
                decision=obj.decision,
                **{name: data[name] if name in data else getattr(obj, name) for name in notice},
            )
            obj.pk = saved.pk
            obj._state.adding = False
        if change and "materials_sent_at" in form.changed_data and data.get("materials_sent_at"):
            services.send_materials(user=request.user, hearing=obj, sent_at=data["materials_sent_at"])
        if change and "record" in form.changed_data and data.get("record"):
            services.upload_hearing_record(user=request.user, hearing=obj, file=data["record"])
        if change and "cancel_reason" in form.changed_data and data.get("cancel_reason"):
            services.cancel_hearing(user=request.user, hearing=obj, reason=data["cancel_reason"])
