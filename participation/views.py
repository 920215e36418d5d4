"""Citizens rate (no login); supervisors file reports and read the office's answers (login)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.net import client_ip, safe_next
from organizations import permissions as perms

from . import selectors, services
from .forms import RatingForm, ReportForm


@require_POST
def rate(request):
    form = RatingForm(request.POST)
    back = safe_next(request)
    if not form.is_valid():
        return render(
            request, "participation/rate_result.html", {"form": form, "back": back, "ok": False}, status=400
        )
    data = form.cleaned_data
    try:
        services.rate(
            target_kind=data["target_kind"],
            target_code=data["target_code"],
            target_label=data["target_label"],
            value=data["value"],
            comment=data["comment"],
            ip=client_ip(request),
        )
    except services.RateLimited:
        return render(
            request,
            "participation/rate_result.html",
            {"back": back, "ok": False, "limited": True},
            status=429,
        )
    except ValidationError as exc:
        return render(
            request,
            "participation/rate_result.html",
            {"back": back, "ok": False, "errors": exc.messages},
            status=400,
        )
    messages.success(request, _("感谢您的评价！"))
    return redirect(back)


@login_required
def new_report(request):
    if not perms.can(request.user, perms.ADD, "participation"):
        raise PermissionDenied(_("只有监督员可以提交监督反映。"))
    units = (
        perms.units_for(request.user, perms.ADD, "participation")
        .filter(is_active=True)
        .order_by("tree_id", "lft")
    )
    initial = {"page_url": safe_next(request, "")}
    if request.GET.get("unit"):
        initial["unit"] = units.filter(code=request.GET["unit"]).first()
    form = ReportForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.file_report(
                user=request.user,
                unit=data["unit"],
                subject=data["subject"],
                body=data["body"],
                page_url=data["page_url"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("您的监督反映已提交，区政务公开办将尽快答复。"))
            return redirect("participation:reports")
    return render(request, "participation/report_form.html", {"form": form})


@login_required
def my_reports(request):
    if not perms.can(request.user, perms.ADD, "participation"):
        raise PermissionDenied(_("只有监督员可以查看本人提交的监督反映。"))
    return render(
        request, "participation/reports.html", {"reports": list(selectors.reports_of(request.user))}
    )
