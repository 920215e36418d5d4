"""The district office reads ratings and answers supervisors' reports here (area "participation").

A citizen's contact (a 差评's 回访联系方式, a 网站纠错 report's 联系方式) is shown only to those the permission
module lets see it on the rated or corrected unit (:meth:`ScopedAdmin.sees_personal_data`): the office and
that unit's (or a unit above it's) officers; for everyone else the contact is left out and the citizen's text
is shown with phone numbers, ID numbers and e-mail addresses masked.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin

from . import selectors, services
from .models import Correction, Rating, ReportStatus, SupervisorReport


class AnswerForm(forms.ModelForm):
    class Meta:
        model = SupervisorReport
        fields = ("status", "answer")

    def clean(self):
        data = super().clean()
        if "answer" in self.fields and not (data.get("answer") or "").strip():
            self.add_error("answer", _("请填写答复内容。"))
        return data


@admin.register(SupervisorReport)
class SupervisorReportAdmin(ScopedAdmin):
    writes_through = "participation.services.answer_report"
    form = AnswerForm
    access_area = "participation"
    unit_path = "unit"
    list_display = ("subject", "unit", "author", "status", "created_at", "answered_at")
    list_filter = ("status", "unit__tier")
    search_fields = ("subject", "body", "unit__name")
    date_hierarchy = "created_at"
    fields = (
        "unit",
        "author",
        "subject",
        "body",
        "page_url",
        "created_at",
        "status",
        "answer",
        "answered_by",
        "answered_at",
    )
    list_select_related = ("unit", "author")

    def get_readonly_fields(self, request, obj=None):
        fixed = ["unit", "author", "subject", "body", "page_url", "created_at", "answered_by", "answered_at"]
        if obj is not None and self.has_change_permission(request, obj):
            return fixed
        return fixed + ["status", "answer"]

    def has_add_permission(self, request, *args):
        return False  # supervisors file on the portal (/participation/reports/new/)

    def save_model(self, request, obj, form, change):
        services.answer_report(
            user=request.user,
            report=obj,
            answer=form.cleaned_data.get("answer", ""),
            close=form.cleaned_data.get("status") == ReportStatus.CLOSED,
        )


class FollowUpForm(forms.ModelForm):
    close = forms.BooleanField(label=_("整改已办结"), required=False)

    class Meta:
        model = Rating
        fields = ("answer",)

    def clean(self):
        data = super().clean()
        if "answer" in self.fields and not (data.get("answer") or "").strip():
            self.add_error("answer", _("请填写整改答复。"))
        return data


@admin.register(Rating)
class RatingAdmin(ScopedAdmin):
    """好差评; a 差评 is answered here (整改): the answer and its closing go through the service."""

    writes_through = "participation.services.answer_rating"

    form = FollowUpForm
    access_area = "participation"
    unit_path = None
    list_display = (
        "created_at",
        "target_kind",
        "target_label",
        "value",
        "reason",
        "follow_up",
        "short_comment",
    )
    list_filter = ("value", "follow_up", "reason", "target_kind")
    search_fields = ("target_code", "target_label", "comment")
    date_hierarchy = "created_at"
    free_text_fields = ("comment",)
    fixed = (
        "target_kind",
        "target_code",
        "target_label",
        "value",
        "reason",
        "comment",
        "contact",
        "created_at",
        "follow_up",
        "answered_by",
        "answered_at",
    )

    @admin.display(description=_("意见建议"))
    def short_comment(self, obj):
        return perms.redact_text(obj.comment)[:40]  # the list spans units: the whole text on the row's page

    def personal_unit(self, obj):
        if "_rated_unit" not in obj.__dict__:
            obj._rated_unit = selectors.rating_unit(obj)
        return obj._rated_unit

    def get_fields(self, request, obj=None):
        if obj is not None and obj.value == "bad" and self.has_change_permission(request, obj):
            return self.fixed + ("answer", "close")
        return self.fixed + ("answer",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.value == "bad" and self.has_change_permission(request, obj):
            return self.hide_personal(request, obj, self.fixed)
        return self.hide_personal(request, obj, self.fixed + ("answer",))

    def has_add_permission(self, request, *args):
        return False

    def save_model(self, request, obj, form, change):
        services.answer_rating(
            user=request.user,
            rating=obj,
            answer=form.cleaned_data.get("answer", ""),
            close=form.cleaned_data.get("close", False),
        )


@admin.register(Correction)
class CorrectionAdmin(ScopedAdmin):
    """网站纠错 reports; the office answers (the reporter reads it by the tracking code)."""

    writes_through = "participation.services.answer_correction"

    access_area = "participation"
    unit_path = None
    list_display = ("code", "kind", "page_url", "status", "created_at", "answered_at")
    list_filter = ("status", "kind")
    search_fields = ("code", "description", "page_url")
    date_hierarchy = "created_at"
    free_text_fields = ("description",)
    fixed = (
        "code",
        "kind",
        "page_url",
        "description",
        "contact",
        "created_at",
        "status",
        "answered_by",
        "answered_at",
    )
    fields = fixed + ("answer",)

    def personal_unit(self, obj):
        if "_corrected_unit" not in obj.__dict__:
            obj._corrected_unit = selectors.correction_unit(obj)
        return obj._corrected_unit

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            return self.hide_personal(request, obj, self.fixed)
        return self.hide_personal(request, obj, self.fixed + ("answer",))

    def has_add_permission(self, request, *args):
        return False

    def save_model(self, request, obj, form, change):
        services.answer_correction(
            user=request.user, correction=obj, answer=form.cleaned_data.get("answer", "")
        )
