"""The officers' pages of the 舆情 ledger (internal, never public): the list with running clocks, an entry with
its history and next steps, the add form, the month's report. Thin: reads from selectors, writes through
services; a person sees only the entries of the units the permission rules give them (another unit's: 404)."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import uploads
from organizations import permissions as perms
from publishing.selectors import staff_nav

from . import clocks, report, selectors, services
from .forms import CloseForm, EntryForm, EvidenceForm, HandOverForm, ResponseForm
from .models import AREA, Evidence, Level, State


def _require_ledger(user) -> None:
    if not selectors.may_use_ledger(user):
        raise PermissionDenied(_("您没有查看舆情台账的权限。"))


def _entry(user, pk: int):
    entry = selectors.entries_for(user).filter(pk=pk).first()
    if entry is None:
        raise Http404(_("舆情不存在或无权查看。"))
    return entry


@login_required
@require_GET
def ledger(request):
    _require_ledger(request.user)
    now = timezone.now()
    filters = {k: request.GET.get(k, "")[:20] for k in ("state", "level", "clock")}
    rows = selectors.ledger(request.user, now, **filters)
    return render(
        request,
        "opinion/ledger.html",
        {
            "rows": rows,
            "filters": filters,
            "states": State.choices,
            "levels": Level.choices,
            "may_record": selectors.may_record(request.user),
            "now": now,
            **staff_nav(request.user),
        },
    )


@login_required
def add(request):
    if not selectors.may_record(request.user):
        raise PermissionDenied(_("只有区政务公开办可以登记舆情。"))
    units = perms.units_for(request.user, perms.ADD, AREA).filter(is_active=True).order_by("tree_id", "lft")
    form = EntryForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.record_entry(
                user=request.user,
                found_at=data["found_at"],
                source=data["source"],
                link=data["link"],
                summary=data["summary"],
                unit=data["unit"],
                kind=data["kind"],
                level=data["level"],
                emergency=data["emergency"],
                evidence=data["evidence"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("舆情已登记，计时已开始。"))
            return redirect("opinion:entry", entry.pk)
    return render(request, "opinion/add.html", {"form": form, **staff_nav(request.user)})


def _forms(entry, may_change: bool, post=None, files=None, step: str = "") -> dict:
    """The next possible steps of ``entry`` (a form each), the posted one bound."""
    if not may_change or entry.state == State.CLOSED:
        return {}
    found = {
        "respond": ResponseForm,
        "evidence": EvidenceForm,
        **({"hand_over": HandOverForm} if entry.state in (State.MONITORING, State.RESPONDED) else {}),
        **({"close": CloseForm} if entry.state in (State.RESPONDED, State.HANDED_OVER) else {}),
    }
    return {
        key: (form(post, files) if key == step and post is not None else form(initial=_initial(key)))
        for key, form in found.items()
    }


def _initial(key: str) -> dict:
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {"responded_at": now} if key == "respond" else {"handed_at": now} if key == "hand_over" else {}


def _page(request, entry, forms: dict, status: int = 200):
    row = selectors.row_of(entry, timezone.now())
    return render(
        request,
        "opinion/entry.html",
        {
            "row": row,
            "entry": entry,
            "events": entry.events.select_related("user").order_by("at", "id"),
            "evidence": entry.evidence.all(),
            "forms": forms,
            **staff_nav(request.user),
        },
        status=status,
    )


@login_required
@require_GET
def entry(request, pk: int):
    found = _entry(request.user, pk)
    may_change = perms.can(request.user, perms.CHANGE, AREA, found.unit)
    return _page(request, found, _forms(found, may_change))


def _apply(user, entry, step: str, data: dict) -> None:
    if step == "respond":
        services.record_response(
            user=user,
            entry=entry,
            kind=data["kind"],
            responded_at=data["responded_at"],
            link=data["link"],
            note=data["note"],
        )
    elif step == "hand_over":
        services.hand_over(
            user=user, entry=entry, to=data["to"], party=data["party"], handed_at=data["handed_at"]
        )
    elif step == "close":
        services.close(user=user, entry=entry, note=data["note"])
    elif step == "evidence":
        services.add_evidence(user=user, entry=entry, upload=data["upload"])


@login_required
@require_POST
def step(request, pk: int, step: str):
    found = _entry(request.user, pk)
    if not perms.can(request.user, perms.CHANGE, AREA, found.unit):
        raise PermissionDenied(_("您无权处置该舆情。"))
    forms = _forms(found, True, request.POST, request.FILES, step)
    form = forms.get(step)
    if form is None:
        raise Http404(_("该舆情当前不能执行此操作。"))
    if form.is_valid():
        try:
            _apply(request.user, found, step, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("opinion:entry", found.pk)
    return _page(request, found, forms, status=400)


@login_required
@require_GET
def evidence_file(request, pk: int):
    """An evidence file, to those who see its entry only; always downloaded, never rendered."""
    found = Evidence.objects.filter(pk=pk, entry__in=selectors.entries_for(request.user)).first()
    if found is None:
        raise Http404(_("文件不存在或无权查看。"))
    content_type = (
        found.content_type if found.content_type in uploads.EXTENSIONS else "application/octet-stream"
    )
    try:
        handle = found.file.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404(_("文件已丢失。")) from exc
    extension = uploads.EXTENSIONS.get(content_type, (".bin",))[0]
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = report.content_disposition(
        _("舆情证据%(pk)d%(ext)s") % {"pk": found.pk, "ext": extension}, f"evidence-{found.pk}{extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


def _month(request) -> tuple[int, int]:
    raw = request.GET.get("month", "")[:7]
    try:
        chosen = datetime.strptime(raw, "%Y-%m")
    except ValueError:
        today = timezone.localdate()
        return today.year, today.month
    return chosen.year, chosen.month


@login_required
@require_GET
def month_report(request):
    _require_ledger(request.user)
    year, month = _month(request)
    found = selectors.month_report(request.user, year, month)
    return render(
        request,
        "opinion/report.html",
        {
            "report": found,
            "month": f"{year:04d}-{month:02d}",
            "labels": clocks.OUTCOME_LABELS,
            **staff_nav(request.user),
        },
    )


@login_required
@require_GET
def month_report_xlsx(request):
    _require_ledger(request.user)
    year, month = _month(request)
    found = selectors.month_report(request.user, year, month)
    response = HttpResponse(report.workbook(found), content_type=uploads.XLSX)
    response["Content-Disposition"] = report.content_disposition(
        report.filename(found), f"opinion-{year:04d}-{month:02d}.xlsx"
    )
    return response
