"""The officers' workspace: what is due, overdue and recently done for my units."""

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions as perms

from . import monitoring as monitoring_checks
from . import selectors

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
        raise PermissionDenied(_("只有区政务公开办和监督检查人员可以查看栏目监测。"))
    today = timezone.localdate()
    as_of = today
    if request.GET.get("date"):
        try:
            as_of = min(date.fromisoformat(request.GET["date"]), today)
        except ValueError:
            as_of = today
    summaries = selectors.column_summaries(as_of)
    sort = request.GET.get("sort", "stale")
    if sort not in SORTS:
        sort = "stale"
    key, default_desc = SORTS[sort]
    descending = default_desc if "dir" not in request.GET else request.GET.get("dir") == "desc"
    summaries.sort(key=key, reverse=descending)
    if request.GET.get("veto") == "1":
        summaries = [s for s in summaries if s.vetoed]
    previous = selectors.previous_checks(as_of)
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
