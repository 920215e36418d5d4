"""Citizens rate (no login); supervisors file reports and read the office's answers (login)."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.net import client_ip, safe_next
from core.ratelimit import limited
from organizations import permissions as perms

from . import selectors, services
from .forms import CorrectionForm, RatingForm, ReportForm

BROWSER_COOKIE = "portal_browser"
BROWSER_MAX_AGE = 2 * 365 * 24 * 3600


def _browser_id(request) -> tuple[str, bool]:
    """This browser's random id (a signed cookie), and whether it is new."""
    value = request.get_signed_cookie(BROWSER_COOKIE, default="", salt="participation")
    if value:
        return value, False
    return secrets.token_urlsafe(16), True


def _result(request, status, **context):
    return render(
        request, "participation/rate_result.html", {"back": safe_next(request), **context}, status=status
    )


@require_POST
def rate(request):
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _result(request, 400, form=form, ok=False)
    data = form.cleaned_data
    browser, new = _browser_id(request)
    try:
        services.rate(
            target_kind=data["target_kind"],
            target_code=data["target_code"],
            value=data["value"],
            comment=data["comment"],
            reason=data["reason"],
            contact=data["contact"],
            ip=client_ip(request),
            browser=browser,
            user=request.user,
        )
    except services.AlreadyRated:
        return _result(request, 409, ok=False, already=True)
    except services.RateLimited:
        return _result(request, 429, ok=False, limited=True)
    except ValidationError as exc:
        return _result(request, 400, ok=False, errors=exc.messages)
    if data["value"] == "bad":
        messages.success(request, _("感谢您的评价！区政务公开办将核实整改，留有联系方式的会回访您。"))
    else:
        messages.success(request, _("感谢您的评价！"))
    response = redirect(safe_next(request))
    if new:
        response.set_signed_cookie(
            BROWSER_COOKIE,
            browser,
            salt="participation",
            max_age=BROWSER_MAX_AGE,
            httponly=True,
            samesite="Lax",
        )
    return response


def correction(request):
    """网站纠错: anyone reports a mistake; the office answers; the reporter reads it by the tracking code."""
    initial = {"page_url": safe_next(request, "")}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.file_correction(
                page_url=data["page_url"],
                kind=data["kind"],
                description=data["description"],
                contact=data["contact"],
                ip=client_ip(request),
            )
        except services.RateLimited:
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "participation/correction_done.html", {"report": report})
    return render(request, "participation/correction_form.html", {"form": form})


def correction_status(request):
    """A 纠错 report by its tracking code; each lookup counts in the one limiter (no guessing codes)."""
    code = request.GET.get("code", "")[:20]
    if code and limited(request, "correction_status"):
        return render(
            request,
            "participation/correction_status.html",
            {"code": code, "limited": True},
            status=429,
        )
    report = selectors.correction_by_code(code) if code else None
    return render(
        request, "participation/correction_status.html", {"code": code, "report": report, "asked": bool(code)}
    )


def supervise(request):
    """The public entry for supervisors (监督员): what they can do and how to sign in."""
    can_report = request.user.is_authenticated and perms.can(request.user, perms.ADD, "participation")
    return render(request, "participation/supervise.html", {"can_report": can_report})


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
