"""The officers' workspace: what is due, overdue and recently done for my units."""

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from catalog.timelimits import Kind
from organizations import permissions as perms

from . import monitoring as monitoring_checks
from .deadlines import obligation_status, rule_of
from .models import ColumnCheck, Obligation, Reminder


def start_link(entry) -> str:
    """The admin add form, prefilled with the unit and the obligation."""
    query = urlencode({"unit": entry.obligation.unit_id, "obligation_choices": entry.obligation.pk})
    return f"{reverse('admin:publishing_publication_add')}?{query}"


def pending_note(entry) -> str:
    """Why a pending obligation has no due date yet: the clock starts when the information is formed
    (deadline items, e.g. "信息形成之日起20个工作日内"), or the item has no fixed deadline at all."""
    rule = rule_of(entry.obligation.rule)
    if rule is None or rule.kind is Kind.UNPARSED:
        return "时限未设置（由区政务公开办在目录中设置），暂不计时"
    if rule.kind is Kind.DEADLINE:
        return f"待信息形成后计时：{rule.describe()}；起草时填写信息形成日期即开始计算应公开日期和提醒"
    return f"无固定期限：{rule.describe()}"


@login_required
def workspace(request):
    today = timezone.localdate()
    units = perms.units_for(request.user, perms.VIEW, "publishing").filter(is_active=True)
    board = obligation_status(Obligation.objects.filter(unit__in=units), today)
    may_add = perms.can(request.user, perms.ADD, "publishing")
    sections = []
    for key, title, entries in (
        ("overdue", "已逾期", board.overdue),
        ("due_soon", "即将到期", board.due_soon),
        ("pending", "待公开（待信息形成后计时或无固定期限）", board.pending),
        ("done", "近期已公开", board.done),
    ):
        rows = [
            {
                "entry": e,
                "start": start_link(e) if may_add and key != "done" and e.publication is None else "",
                "note": pending_note(e) if key == "pending" else "",
            }
            for e in entries[:200]
        ]
        sections.append({"key": key, "title": title, "rows": rows, "count": len(entries)})
    reminders = Reminder.objects.filter(recipient=request.user).select_related(
        "obligation__unit", "obligation__item"
    )[:20]
    return render(
        request,
        "publishing/workspace.html",
        {
            "sections": sections,
            "today": today,
            "reminders": reminders,
            "unit_count": units.count(),
            "may_monitor": perms.has_global(request.user, perms.VIEW, "publishing"),
        },
    )


SORTS = {
    "unit": (lambda s: (s.unit_code,), False),
    "columns": (lambda s: (s.column_count, s.unit_code), True),
    "stale": (lambda s: (s.stale_count, s.blank_count, s.unit_code), True),
    "blank": (lambda s: (s.blank_count, s.stale_count, s.unit_code), True),
    "last": (lambda s: (s.last_update or date.min, s.unit_code), False),
}


@login_required
def monitoring(request):
    """The district office's column-monitoring dashboard (栏目监测): per unit, columns, stale, blank, vetoes."""
    if not perms.has_global(request.user, perms.VIEW, "publishing"):
        raise PermissionDenied("只有区政务公开办和监督检查人员可以查看栏目监测。")
    today = timezone.localdate()
    as_of = today
    if request.GET.get("date"):
        try:
            as_of = min(date.fromisoformat(request.GET["date"]), today)
        except ValueError:
            as_of = today
    summaries = monitoring_checks.unit_summaries(as_of)
    sort = request.GET.get("sort", "stale")
    if sort not in SORTS:
        sort = "stale"
    key, default_desc = SORTS[sort]
    descending = default_desc if "dir" not in request.GET else request.GET.get("dir") == "desc"
    summaries.sort(key=key, reverse=descending)
    if request.GET.get("veto") == "1":
        summaries = [s for s in summaries if s.vetoed]
    previous = monitoring_previous(as_of)
    for s in summaries:
        s.previous = previous.get(s.unit_id)
    totals = {
        "units": len(summaries),
        "columns": sum(s.column_count for s in summaries),
        "stale": sum(s.stale_count for s in summaries),
        "blank": sum(s.blank_count for s in summaries),
        "vetoed": sum(1 for s in summaries if s.vetoed),
    }
    headers = [
        {
            "key": k,
            "label": label,
            "active": k == sort,
            "query": urlencode(
                {
                    "sort": k,
                    "dir": ("asc" if descending else "desc")
                    if k == sort
                    else ("desc" if SORTS[k][1] else "asc"),
                    "date": as_of.isoformat(),
                    **({"veto": "1"} if request.GET.get("veto") == "1" else {}),
                }
            ),
        }
        for k, label in (
            ("unit", "单位"),
            ("columns", "栏目"),
            ("stale", "超期未更新"),
            ("blank", "空白栏目"),
            ("last", "最近更新"),
        )
    ]
    return render(
        request,
        "publishing/monitoring.html",
        {
            "summaries": summaries,
            "as_of": as_of,
            "today": today,
            "sort": sort,
            "descending": descending,
            "headers": headers,
            "totals": totals,
            "previous_on": next(iter(previous.values())).checked_on if previous else None,
            "veto_only": request.GET.get("veto") == "1",
            "veto_stale": monitoring_checks.VETO_STALE,
            "veto_blank": monitoring_checks.VETO_BLANK,
            "windows": [(label, kind) for kind, (label, _delta) in monitoring_checks.KINDS.items()],
        },
    )


def monitoring_previous(as_of):
    """The latest stored snapshot before ``as_of`` per unit (for the trend arrows). Two queries."""
    last = (
        ColumnCheck.objects.filter(checked_on__lt=as_of)
        .order_by("-checked_on")
        .values_list("checked_on", flat=True)
        .first()
    )
    if last is None:
        return {}
    return {c.unit_id: c for c in ColumnCheck.objects.filter(checked_on=last)}
