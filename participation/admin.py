"""The district office reads ratings and answers supervisors' reports here (area "participation")."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin

from . import services
from .models import Rating, ReportStatus, SupervisorReport


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


@admin.register(Rating)
class RatingAdmin(ScopedAdmin):
    access_area = "participation"
    unit_path = None
    list_display = ("created_at", "target_kind", "target_label", "value", "short_comment")
    list_filter = ("value", "target_kind")
    search_fields = ("target_code", "target_label", "comment")
    date_hierarchy = "created_at"
    readonly_fields = (
        "target_kind",
        "target_code",
        "target_label",
        "value",
        "comment",
        "ip_hash",
        "created_at",
    )

    @admin.display(description=_("意见建议"))
    def short_comment(self, obj):
        return obj.comment[:40]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return perms.can(request.user, perms.VIEW, self.access_area)
