"""Admin for assessment, scoped by the permission module; writes go through services.

The office edits indicator systems, groups and rounds; assessors (auditors) enter scores and ballots while a
round is open and read everything else; a unit's officer reads its own unit's scores.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from mptt.admin import MPTTModelAdmin

from organizations.admin_scope import ScopedAdmin, ScopedInline

from . import permissions as aperms
from . import services
from .indicators import choices as computation_choices
from .models import (
    AssessorGroup,
    DutyTrigger,
    Evidence,
    ExpectedDisclosure,
    Indicator,
    IndicatorScore,
    IndicatorSystem,
    ManualScore,
    ReviewTally,
    Round,
    RoundStatus,
    UnitResult,
)
from .scoring import ballot_score
from .views import download

AREA = "assessment"


def _error_text(exc) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


class OfficeManagedAdmin(ScopedAdmin):
    """District-wide definitions: everyone with VIEW reads, the office changes."""

    access_area = AREA
    unit_path = None

    def has_add_permission(self, request, *args):
        return aperms.may_manage(request.user)

    def has_change_permission(self, request, obj=None):
        return aperms.may_manage(request.user)


@admin.register(IndicatorSystem)
class IndicatorSystemAdmin(OfficeManagedAdmin):
    writes_through = None  # plain data entry by the office; copying goes through services.copy_system
    list_display = ("name", "year", "is_template", "source")
    list_filter = ("is_template", "year")
    search_fields = ("name",)
    actions = ["copy_to_this_year"]

    @admin.action(description=gettext_lazy("复制为本年度指标体系"))
    def copy_to_this_year(self, request, queryset):
        for system in queryset:
            try:
                copy = services.copy_system(user=request.user, source=system, year=timezone.localdate().year)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, _error_text(exc), messages.ERROR)
            else:
                self.message_user(
                    request, _("已复制为「%(name)s」。") % {"name": copy.name}, messages.SUCCESS
                )


@admin.register(Indicator)
class IndicatorAdmin(OfficeManagedAdmin, MPTTModelAdmin):
    writes_through = "assessment.services.add_indicator"  # and change_indicator
    list_display = (
        "name",
        "code",
        "system",
        "scoring",
        "max_points",
        "deduction_per",
        "computation",
        "when_nothing_due",
    )
    list_filter = ("system", "scoring")
    search_fields = ("name", "code")
    mptt_level_indent = 20

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.system.rounds.filter(status=RoundStatus.CLOSED).exists():
            return False  # the definition a closed round was scored with stays as it was
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Through :func:`services.add_indicator` (a new one) or :func:`services.change_indicator`."""
        if change:
            changes = {
                name: getattr(obj, name) for name in form.changed_data if name in services.INDICATOR_FIELDS
            }
            services.change_indicator(user=request.user, indicator=obj, changes=changes)
            return
        added = services.add_indicator(
            user=request.user,
            system=obj.system,
            parent=obj.parent,
            code=obj.code,
            name=obj.name,
            scoring=obj.scoring,
            max_points=obj.max_points,
            computation=obj.computation,
            deduction_per=obj.deduction_per,
            params=obj.params,
            criteria=obj.criteria,
            when_nothing_due=obj.when_nothing_due,
            floor=obj.floor,
            order=obj.order if "order" in form.changed_data else None,
        )
        obj.pk = added.pk
        obj.refresh_from_db()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "computation":
            return forms.ChoiceField(
                label=db_field.verbose_name,
                required=False,
                choices=[("", _("（人工评分）")), *computation_choices()],
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(AssessorGroup)
class AssessorGroupAdmin(OfficeManagedAdmin):
    writes_through = None  # plain data entry by the office
    list_display = ("name", "code", "weight", "order")
    filter_horizontal = ("members",)


class RoundAddForm(forms.ModelForm):
    """Opening a round in the admin: the service's checks (:func:`services.validate_round`) decide, with the
    service's messages, and :func:`services.open_round` writes."""

    class Meta:
        model = Round
        fields = ("system", "name", "kind", "period_start", "period_end", "units")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].required = False
        self.fields["units"].help_text = _("留空为全部有效单位（区政府除外）。")

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("system", "kind", "period_start", "period_end")):
            services.validate_round(
                system=data["system"],
                kind=data["kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
            )
        return data


@admin.register(Round)
class RoundAdmin(OfficeManagedAdmin):
    writes_through = "assessment.services.open_round"
    list_display = ("name", "kind", "period_start", "period_end", "status", "system", "computed_at")
    list_filter = ("status", "kind", "system")
    filter_horizontal = ("units",)
    readonly_fields = ("status", "computed_at", "closed_by", "closed_at", "opened_by")
    actions = [
        "compute",
        "finish",
        "review",
        "reopen",
        "close",
        "export_xlsx",
        "export_pdf",
        "export_csv",
        "export_annual_pdf",
        "export_annual_xlsx",
    ]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False
        return super().has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not aperms.may_manage(request.user):
            for name in ("compute", "finish", "review", "reopen", "close"):
                actions.pop(name, None)
        if not aperms.sees_all(request.user):
            for name in (
                "export_xlsx",
                "export_pdf",
                "export_csv",
                "export_annual_pdf",
                "export_annual_xlsx",
            ):
                actions.pop(name, None)
        return actions

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = RoundAddForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not aperms.may_manage(request.user):
            raise PermissionDenied
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        opened = services.open_round(
            user=request.user,
            system=data["system"],
            name=data["name"],
            kind=data["kind"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            units=data.get("units") or None,
        )
        obj.pk = opened.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        if change:  # on add, open_round has set the units (all active units when none were chosen)
            super().save_related(request, form, formsets, change)

    def _each(self, request, queryset, func, what):
        for round_ in queryset:
            try:
                func(round_)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{round_}：{_error_text(exc)}", messages.ERROR)
            else:
                self.message_user(
                    request, _("%(round)s：已%(what)s。") % {"round": round_, "what": what}, messages.SUCCESS
                )

    @admin.action(description=gettext_lazy("计算所选轮次的指标"))
    def compute(self, request, queryset):
        self._each(request, queryset, lambda r: services.compute_round(round=r, user=request.user), _("计算"))

    @admin.action(description=gettext_lazy("评分完成"))
    def finish(self, request, queryset):
        self._each(
            request, queryset, lambda r: services.finish_scoring(user=request.user, round=r), "完成评分"
        )

    @admin.action(description=gettext_lazy("审核通过"))
    def review(self, request, queryset):
        self._each(request, queryset, lambda r: services.review_round(user=request.user, round=r), _("审核"))

    @admin.action(description=gettext_lazy("退回评分"))
    def reopen(self, request, queryset):
        self._each(
            request, queryset, lambda r: services.reopen_round(user=request.user, round=r), _("退回评分")
        )

    @admin.action(description=gettext_lazy("关闭轮次（结果定稿，不可再改）"))
    def close(self, request, queryset):
        self._each(request, queryset, lambda r: services.close_round(user=request.user, round=r), _("关闭"))

    def _export(self, request, queryset, fmt):
        if queryset.count() != 1:
            self.message_user(request, _("请只选择一个轮次导出。"), messages.WARNING)
            return None
        return download(queryset.first(), fmt)

    @admin.action(description=gettext_lazy("导出 Excel"))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    @admin.action(description=gettext_lazy("导出 PDF（通报）"))
    def export_pdf(self, request, queryset):
        return self._export(request, queryset, "pdf")

    @admin.action(description=gettext_lazy("导出 CSV"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    def _export_annual(self, request, queryset, fmt):
        years = {r.period_end.year for r in queryset}
        if len(years) != 1:
            self.message_user(request, _("请选择同一年度的轮次导出年度考核报告。"), messages.WARNING)
            return None
        return download(years.pop(), fmt)

    @admin.action(description=gettext_lazy("导出所选年度的年度考核报告（PDF，汇总该年已关闭轮次）"))
    def export_annual_pdf(self, request, queryset):
        return self._export_annual(request, queryset, "pdf")

    @admin.action(description=gettext_lazy("导出所选年度的年度考核报告（Excel）"))
    def export_annual_xlsx(self, request, queryset):
        return self._export_annual(request, queryset, "xlsx")


class EvidenceInline(ScopedInline):
    model = Evidence
    access_area = AREA
    fields = ("content_type", "object_id", "description", "deducts")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyRoundRows(ScopedAdmin):
    """Computed rows: read-only for everyone (they change only by recomputing the round)."""

    access_area = AREA
    unit_path = "unit"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(ReadOnlyRoundRows):
    writes_through = None  # read-only: computed
    list_display = ("round", "unit", "indicator", "score", "value")
    list_filter = ("round", "unit__tier")
    search_fields = ("unit__name", "indicator__name")
    list_select_related = ("round", "unit", "indicator")
    inlines = [EvidenceInline]


@admin.register(UnitResult)
class UnitResultAdmin(ReadOnlyRoundRows):
    writes_through = None  # read-only: computed
    list_display = ("round", "rank", "unit", "total")
    list_filter = ("round",)
    list_select_related = ("round", "unit")


class RoundEntryAdmin(ScopedAdmin):
    """Scores and ballots: assessors enter them while the round is open (through services)."""

    access_area = AREA
    unit_path = "unit"

    def has_add_permission(self, request, *args):
        return aperms.may_score(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.round.status != RoundStatus.OPEN:
            return False
        return aperms.may_score(request.user, obj.unit if obj else None)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "round":
            kwargs["queryset"] = Round.objects.filter(status=RoundStatus.OPEN)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ManualScore)
class ManualScoreAdmin(RoundEntryAdmin):
    writes_through = "assessment.services.enter_score"
    list_display = ("round", "unit", "indicator", "score", "assessor", "group", "updated_at")
    list_filter = ("round", "group")
    list_select_related = ("round", "unit", "indicator", "assessor", "group")
    fields = ("round", "unit", "indicator", "score", "comment", "file")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator":
            kwargs["queryset"] = Indicator.objects.filter(
                scoring="manual", system__rounds__status=RoundStatus.OPEN
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.enter_score(
            user=request.user,
            round=data["round"],
            unit=data["unit"],
            indicator=data["indicator"],
            score=data["score"],
            comment=data["comment"],
            file=data.get("file") if "file" in form.changed_data else None,
        )
        obj.pk = saved.pk


@admin.register(ReviewTally)
class ReviewTallyAdmin(RoundEntryAdmin):
    writes_through = "assessment.services.record_tally"
    list_display = ("round", "unit", "count_a", "count_b", "count_c", "count_d", "count_f", "review_score")
    list_filter = ("round",)
    list_select_related = ("round", "unit")
    fields = ("round", "unit", "count_a", "count_b", "count_c", "count_d", "count_f", "note")

    @admin.display(description=gettext_lazy("评议得分"))
    def review_score(self, obj):
        return ballot_score(obj.counts())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.record_tally(
            user=request.user,
            round=data["round"],
            unit=data["unit"],
            note=data["note"],
            counts={g: data[f"count_{g.lower()}"] for g in "ABCDF"},
        )
        obj.pk = saved.pk


@admin.register(ExpectedDisclosure)
class ExpectedDisclosureAdmin(ReadOnlyRoundRows):
    """What each unit was expected to publish in a round and what it did (read-only, written by computing)."""

    writes_through = None  # read-only: computed

    list_display = ("round", "unit", "kind", "due_date", "state", "published_on", "evidence")
    list_filter = ("round", "state", "kind")
    search_fields = ("unit__name", "evidence")
    list_select_related = ("round", "unit")


@admin.register(DutyTrigger)
class DutyTriggerAdmin(ScopedAdmin):
    """Events that start a disclosure clock (应公开事件登记), entered by the office from the units' ledgers."""

    writes_through = "assessment.services.record_trigger"

    access_area = AREA
    unit_path = "obligation__unit"
    list_display = ("occurred_on", "obligation", "description", "recorded_by")
    search_fields = ("description", "obligation__item__name", "obligation__unit__name")
    raw_id_fields = ("obligation",)
    fields = ("obligation", "occurred_on", "description")

    def has_add_permission(self, request, *args):
        return aperms.may_manage(request.user)

    def has_change_permission(self, request, obj=None):
        return aperms.may_manage(request.user)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.record_trigger(
            user=request.user,
            obligation=data["obligation"],
            occurred_on=data["occurred_on"],
            description=data["description"],
            trigger=obj if change else None,
        )
        obj.pk = saved.pk
        obj._state.adding = False
