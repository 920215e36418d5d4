"""The pages of the pilot ledger. Public: the 试点专题 (the plan, its classes and quantified targets with their
progress, the milestones, and the problems already closed). Staff: the ledger of the tasks the person's units
lead or cooperate on (the office: all), a task's page (progress, figure, evidence upload, history), a problem's
correction and 销号, and the report / 验收包 downloads. Thin: reads from selectors, writes through services.

Why the public page shows only closed problems: a 问题清单 entry still open is working material of an internal
check (过程性信息, 条例 art. 16 para. 2) that may name a unit's failing before it is verified or corrected; the
page counts them, and each appears with its correction once the office has closed it (销号), which is the
accountability the public is owed."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from organizations import permissions as perms
from publishing.selectors import staff_nav

from . import package, reports, selectors, services
from .models import AREA, Problem, ProblemState


@require_GET
def index(request, code: str | None = None):
    view = selectors.public_view(code)
    if view is None:
        if code:
            raise Http404(_("没有这个试点方案。"))
        return render(request, "pilot/public.html", {"view": None})
    return render(request, "pilot/public.html", {"view": view})


def _require(user) -> None:
    if not selectors.may_handle(user):
        raise PermissionDenied(_("无权查看试点台账。"))


@login_required
@require_GET
def desk(request):
    _require(request.user)
    plan = selectors.public_plan() or None
    tasks = list(selectors.tasks_for(request.user)[:500])
    problems = Problem.objects.filter(
        perms.unit_filter(request.user, perms.VIEW, AREA, "unit__")
    ).select_related("unit", "plan")[:200]
    return render(
        request,
        "pilot/desk.html",
        {
            "tasks": tasks,
            "problems": problems,
            "plans": selectors.plans_for(request.user),
            "plan": plan,
            "may_export": perms.has_global(request.user, perms.VIEW, AREA),
            "is_office": perms.has_global(request.user, perms.CHANGE, AREA),
            "quarter": _quarter_of(timezone.localdate()),
            **staff_nav(request.user),
        },
    )


def _quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=gettext_lazy("进度（%）"), min_value=0, max_value=100)
    actual_value = forms.DecimalField(
        label=gettext_lazy("完成值"), required=False, min_value=0, max_digits=12
    )
    note = forms.CharField(label=gettext_lazy("进展说明"), required=False, max_length=300)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("材料名称"), max_length=200, required=False)
    file = forms.FileField(label=gettext_lazy("文件（PDF、图片、Word、Excel）"))


@login_required
def task(request, pk: int):
    _require(request.user)
    found = get_object_or_404(selectors.tasks_for(request.user), pk=pk)
    may_edit = services.may_edit_task(request.user, found)
    progress: forms.Form = ProgressForm(
        initial={"progress": found.progress, "actual_value": found.actual_value}
    )
    evidence: forms.Form = EvidenceForm()
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("只有牵头单位、配合单位或区政务公开办可以更新该任务。"))
        step = request.POST.get("step", "")
        form: forms.Form = (
            ProgressForm(request.POST) if step == "progress" else EvidenceForm(request.POST, request.FILES)
        )
        if form.is_valid():
            try:
                if step == "progress":
                    services.report_progress(user=request.user, task=found, **form.cleaned_data)
                else:
                    services.add_evidence(
                        user=request.user,
                        task=found,
                        upload=form.cleaned_data["file"],
                        title=form.cleaned_data["title"],
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                flash.success(request, _("已保存。"))
                return redirect("pilot:task", found.pk)
        progress, evidence = (form, evidence) if step == "progress" else (progress, form)
    return render(
        request,
        "pilot/task.html",
        {
            "task": found,
            "may_edit": may_edit,
            "progress_form": progress,
            "evidence_form": evidence,
            "files": found.evidence.current(),
            "events": found.events.select_related("user").order_by("-at", "-id")[:100],
            **staff_nav(request.user),
        },
    )


@login_required
@require_POST
def problem(request, pk: int):
    """The responsible unit records its correction; the office closes (销号) it."""
    _require(request.user)
    found = get_object_or_404(Problem, pk=pk)
    try:
        if found.state == ProblemState.CORRECTING and request.POST.get("step") == "close":
            services.close_problem(
                user=request.user,
                problem=found,
                result=request.POST.get("text", ""),
                closed_on=timezone.localdate(),
            )
        else:
            correct_by = date.fromisoformat(request.POST.get("date", "") or "0001-01-01")
            services.plan_correction(
                user=request.user,
                problem=found,
                correction=request.POST.get("text", ""),
                correct_by=correct_by,
            )
    except ValueError:
        flash.error(request, _("日期格式应为 YYYY-MM-DD。"))
    except ValidationError as exc:
        flash.error(request, "；".join(exc.messages))
    else:
        flash.success(request, _("已保存。"))
    return redirect("pilot:desk")


def _may_export(user) -> None:
    if not perms.has_global(user, perms.VIEW, AREA):
        raise PermissionDenied(_("只有区政务公开办和考核人员可以导出试点报告和验收包。"))


def _attachment(data: bytes, name: str, kind: str) -> HttpResponse:
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


@login_required
@require_GET
def report(request, code: str):
    """A report for the office and auditors: ?kind=quarterly (?quarter=YYYY-Qn) | monthly (?month=YYYY-MM) |
    summary, ?format=xlsx | docx."""
    _may_export(request.user)
    kind, fmt = request.GET.get("kind", reports.QUARTERLY), request.GET.get("format", reports.XLSX)
    try:
        plan = selectors.plan_for(code)
        if kind == reports.MONTHLY:
            built = reports.monthly(plan, request.GET.get("month", ""))
        elif kind == reports.SUMMARY:
            built = reports.summary(plan)
        else:
            built = reports.quarterly(plan, request.GET.get("quarter", ""))
        data = reports.render(built, fmt)
    except (selectors.PlanNotFound, reports.ReportError) as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    return _attachment(data, f"{plan.code}-{kind}.{fmt}", "application/octet-stream")


@login_required
@require_GET
def package_zip(request, code: str):
    """The 验收包 for the office and auditors."""
    _may_export(request.user)
    try:
        plan = selectors.plan_for(code)
    except selectors.PlanNotFound as exc:
        raise Http404(str(exc)) from exc
    return _attachment(package.build(plan), f"{plan.code}-验收包.zip", "application/zip")


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
