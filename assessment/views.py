"""Assessment pages: rounds, a round's ranking and heat map, a unit's breakdown with evidence, its trend,
score and democratic-review (民主评议) entry for assessors, exports, the annual report. Who sees what is asked of :mod:`assessment.permissions`."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import Unit

from . import exports, selectors, services
from . import permissions as aperms
from .indicators import EXPECTED_COMPUTATIONS
from .models import Grade, Indicator, ReviewTally, Round, RoundKind, Scoring
from .scoring import ballot_score


def _round_or_404(user, pk) -> Round:
    if not aperms.may_view(user):
        raise PermissionDenied(_("无权查看考核结果。"))
    return get_object_or_404(Round.objects.select_related("system"), pk=pk)


@login_required
def round_list(request):
    if not aperms.may_view(request.user):
        raise PermissionDenied(_("无权查看考核结果。"))
    rounds = list(selectors.rounds_visible_to(request.user))
    return render(
        request,
        "assessment/round_list.html",
        {
            "rounds": rounds,
            "sees_all": aperms.sees_all(request.user),
            "may_score": aperms.may_score(request.user),
        },
    )


def _district_trend(rounds: list[Round]) -> list[dict]:
    """The district's average total per closed round (oldest first), for the desk's trend chart."""
    averages = selectors.average_totals([r.pk for r in rounds])
    points = []
    for r in sorted(rounds, key=lambda r: (r.period_end, r.pk)):
        if r.pk in averages:
            points.append({"round": r, "total": averages[r.pk], "max": selectors.max_points(r), "rank": None})
    return points


@login_required
def desk(request):
    """The auditor's desk (考核工作台): rounds, the chosen round's ranking with what each unit was expected to
    publish, the district's trend, the field × unit heat map, the evidence behind every lost point (each unit's
    page) and the exports, one click away. Where an auditor lands after signing in."""
    if not aperms.sees_all(request.user):
        raise PermissionDenied(_("考核工作台须具有全区查看权限。"))
    rounds = list(selectors.rounds_visible_to(request.user))
    chosen = request.GET.get("round", "")
    round_ = next((r for r in rounds if str(r.pk) == chosen), None) or selectors.latest_closed_round()
    round_ = round_ or (rounds[0] if rounds else None)
    context = {"rounds": rounds, "round": round_, "formats": exports.FORMATS}
    if round_ is not None:
        results = list(selectors.results_visible_to(request.user, round_))
        rows = selectors.ranking(round_, results)
        maximum = selectors.max_points(round_)
        expected = selectors.expected_summary(round_)
        for row in rows:
            row["pct"] = row["total"] / maximum if maximum else None
            row["expected"] = expected.get(row["unit"].pk, {})
        closed = [r for r in rounds if r.is_closed and r.kind == RoundKind.QUARTERLY]
        points = _district_trend(closed)
        context.update(
            {
                "rows": rows,
                "tops": selectors.top_indicators(round_),
                "maximum": maximum,
                "heat": selectors.heat_map(round_, results),
                "policies": selectors.policies(round_),
                "deductions": selectors.lost_points(round_),
                "trend": trend_chart(points) if points else None,
                "provisional": exports.provisional_note(round_),
            }
        )
    return render(request, "assessment/desk.html", context)


@login_required
def round_results(request, pk):
    round_ = _round_or_404(request.user, pk)
    results = list(selectors.results_visible_to(request.user, round_))
    return render(
        request,
        "assessment/round_results.html",
        {
            "round": round_,
            "tops": selectors.top_indicators(round_),
            "rows": selectors.ranking(round_, results),
            "heat": selectors.heat_map(round_, results),
            "maximum": selectors.max_points(round_),
            "sees_all": aperms.sees_all(request.user),
            "may_score": round_.is_open and aperms.may_score(request.user),
            "formats": exports.FORMATS,
            "provisional": exports.provisional_note(round_),
        },
    )


def evidence_link(evidence) -> str:
    ct = evidence.content_type
    try:
        return reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[evidence.object_id])
    except NoReverseMatch:
        return ""


@login_required
def unit_detail(request, pk, code):
    round_ = _round_or_404(request.user, pk)
    unit = get_object_or_404(Unit, code=code)
    if not aperms.may_view(request.user, unit):
        raise PermissionDenied(_("只能查看本单位的考核结果。"))
    result = round_.results.filter(unit=unit).first()
    # what the unit was expected to publish, where the round's system scores it (not in a ledger-only system)
    measured = Indicator.objects.filter(system_id=round_.system_id, computation__in=EXPECTED_COMPUTATIONS)
    expected = list(selectors.expected_of(round_, unit)) if measured.exists() else []
    lines = selectors.unit_breakdown(round_, unit)
    internal = aperms.may_see_internal_evidence(request.user, unit)
    for line in lines:
        score = line["score"]
        shown = [e for e in score.evidence.all() if internal or not aperms.internal(e)] if score else []
        line["evidence"] = [(e, evidence_link(e)) for e in shown]
        line["withheld"] = len(score.evidence.all()) - len(shown) if score else 0
    return render(
        request,
        "assessment/unit_detail.html",
        {
            "round": round_,
            "unit": unit,
            "result": result,
            "lines": lines,
            "maximum": selectors.max_points(round_),
            "participants": round_.units.count(),
            "expected": expected,
            "expected_counts": selectors.expected_summary(round_, [unit.pk]).get(unit.pk, {}),
            "provisional": exports.provisional_note(round_),
        },
    )


def trend_chart(points: list[dict], width: int = 640, height: int = 240) -> dict:
    """Coordinates of an inline SVG line chart of scores as a percentage of each round's maximum."""
    pad_l, pad_r, pad_t, pad_b = 44, 16, 16, 40
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b
    n = len(points)
    out = []
    for i, p in enumerate(points):
        maximum = p["max"] or Decimal(100)
        pct = float(p["total"] / maximum * 100) if maximum else 0.0
        x = pad_l + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)
        y = pad_t + inner_h * (1 - pct / 100)
        out.append({**p, "pct": round(pct, 1), "x": round(x, 1), "y": round(y, 1)})
    grid = [{"y": round(pad_t + inner_h * (1 - v / 100), 1), "label": v} for v in (0, 25, 50, 75, 100)]
    return {
        "width": width,
        "height": height,
        "points": out,
        "grid": grid,
        "left": pad_l,
        "right": width - pad_r,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in out),
        "label_y": height - pad_b + 18,
    }


@login_required
def unit_trend(request, code):
    unit = get_object_or_404(Unit, code=code)
    if not aperms.may_view(request.user, unit):
        raise PermissionDenied(_("只能查看本单位的考核结果。"))
    points = selectors.trend(unit)
    return render(
        request, "assessment/trend.html", {"unit": unit, "points": points, "chart": trend_chart(points)}
    )


class ScoreForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=gettext_lazy("被考核单位"))
    indicator = forms.ModelChoiceField(Indicator.objects.none(), label=gettext_lazy("指标"))
    score = forms.DecimalField(label=gettext_lazy("得分"), min_value=0, decimal_places=2, max_digits=6)
    comment = forms.CharField(
        label=gettext_lazy("评分说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(label=gettext_lazy("佐证材料（PDF、PNG、JPG，10MB以内）"), required=False)

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = round_.units.order_by("tree_id", "lft")
        self.fields["indicator"].queryset = Indicator.objects.filter(
            system_id=round_.system_id, scoring=Scoring.MANUAL
        ).order_by("tree_id", "lft")


@login_required
def enter_score(request, pk):
    round_ = _round_or_404(request.user, pk)
    if not aperms.may_score(request.user):
        raise PermissionDenied(_("无权录入考核评分。"))
    form = ScoreForm(request.POST or None, request.FILES or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enter_score(
                user=request.user,
                round=round_,
                unit=data["unit"],
                indicator=data["indicator"],
                score=data["score"],
                comment=data["comment"],
                file=data.get("file"),
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, _("已保存对「%(unit)s」的评分。") % {"unit": data["unit"]})
            return redirect("assessment:enter_score", pk=round_.pk)
    return render(request, "assessment/enter_score.html", {"round": round_, "form": form})


def download(subject, fmt: str) -> HttpResponse:
    """The export of a round or a year's annual report as a download with its Chinese file name."""
    content, content_type, name = exports.export(subject, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = exports.content_disposition(name)
    return response


@login_required
def export(request, pk, fmt):
    round_ = _round_or_404(request.user, pk)
    if not aperms.sees_all(request.user):
        raise PermissionDenied(_("导出全区考核结果须具有全区查看权限。"))
    if fmt not in exports.FORMATS:
        raise PermissionDenied(_("不支持的导出格式。"))
    return download(round_, fmt)


@login_required
def bulletin(request, pk):
    """The bulletin (月通报) or annual report as a printable page."""
    round_ = _round_or_404(request.user, pk)
    if not aperms.sees_all(request.user):
        raise PermissionDenied(_("通报须具有全区查看权限。"))
    return HttpResponse(exports.render_report_html(round_))


class TallyForm(forms.Form):
    """The counted democratic-review ballots (民主评议票) of one unit; replaces what was recorded before."""

    unit = forms.ModelChoiceField(Unit.objects.none(), label=gettext_lazy("被评议单位"))
    note = forms.CharField(label=gettext_lazy("说明（评议会议、监票人等）"), max_length=300, required=False)

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = round_.units.order_by("tree_id", "lft")
        for grade in Grade:
            self.fields[f"count_{grade.value.lower()}"] = forms.IntegerField(
                label=f"{grade.value} {grade.label}", min_value=0, initial=0
            )

    def counts(self) -> dict[str, int]:
        return {g: self.cleaned_data[f"count_{g.lower()}"] for g in Grade.values}


@login_required
def enter_tally(request, pk):
    """Enter the democratic-review ballots of a unit while the round is open (the office and auditors)."""
    round_ = _round_or_404(request.user, pk)
    if not aperms.may_score(request.user):
        raise PermissionDenied(_("无权录入民主评议计票。"))
    form = TallyForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tally = services.record_tally(
                user=request.user, round=round_, unit=data["unit"], counts=form.counts(), note=data["note"]
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            review = ballot_score(tally.counts())
            messages.success(
                request,
                _("已保存「%(unit)s」的民主评议计票") % {"unit": data["unit"]}
                + (
                    _("，评议得分%(score)s。") % {"score": review}
                    if review is not None
                    else _("（无有效票）。")
                ),
            )
            return redirect("assessment:enter_tally", pk=round_.pk)
    tallies = ReviewTally.objects.filter(round=round_).select_related("unit").order_by("unit__code")
    recorded = [{"tally": t, "score": ballot_score(t.counts())} for t in tallies]
    return render(
        request, "assessment/enter_tally.html", {"round": round_, "form": form, "recorded": recorded}
    )


def _require_annual(user):
    if not aperms.sees_all(user):
        raise PermissionDenied(_("年度考核报告须具有全区查看权限。"))


@login_required
def annual_report(request, year):
    """The annual assessment report (年度考核报告) of ``year`` as a printable page."""
    _require_annual(request.user)
    return HttpResponse(exports.render_annual_html(year))


@login_required
def annual_export(request, year, fmt):
    _require_annual(request.user)
    if fmt not in exports.FORMATS:
        raise PermissionDenied(_("不支持的导出格式。"))
    return download(year, fmt)
