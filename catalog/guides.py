"""Service guides (办事指南): writing them, adding up their step time limits, and drawing the flowchart.

A guide hangs off a catalog item and lists who may apply, the materials and the steps, each step with its
own time limit (本步时限) in the original wording. :func:`flowchart_svg` draws the steps as a vertical
flowchart (流程图) in plain inline SVG: no script, no external asset, every piece of text escaped, so it is
safe to put in any page, a print sheet or an e-mail as it is.

Step time limits are read with :func:`catalog.timelimits.parse_time_limit`. Only a relative limit ("收到申请后
的3个工作日之内", "民主评议后10个工作日之内") is stored as the step's machine rule; a calendar date within the
year ("每年的9月15日之前") or an open end ("重建项目完成之前") keeps its wording only, because the catalog
parser reads "每年…前" as a date in the *following* year (the convention of annual reports), which is not what
a step of a procedure means.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from organizations import permissions as perms

from .models import DisclosureItem, GuideMaterial, GuideStep, ServiceGuide
from .timelimits import Kind, TimeLimitRule, Unit, parse_time_limit

AREA = "catalog"

# -- writing ------------------------------------------------------------------------------------------


@dataclass
class MaterialData:
    name: str
    copies: str = ""
    note: str = ""


@dataclass
class StepData:
    name: str
    actor: str = ""
    description: str = ""
    time_limit_text: str = ""


@dataclass
class GuideData:
    """Everything a service guide says, as the demo loader (and later an import) reads it."""

    code: str
    title: str
    applicants: str = ""
    conditions: str = ""
    basis: str = ""
    fee: str = "不收费"
    total_time_limit: str = ""
    place: str = ""
    contact: str = ""
    supervision: str = ""
    materials: list[MaterialData] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)


GUIDE_FIELDS = ("title", "applicants", "conditions", "basis", "fee", "place", "contact", "supervision")


def step_rule(text: str) -> dict:
    """The machine rule of a step's time limit: a relative deadline as a rule dict, else ``{}``."""
    result = parse_time_limit(text or "")
    if result.understood and result.rule.kind is Kind.DEADLINE:
        return result.rule.to_dict()
    return {}


def _materials_changed(guide: ServiceGuide, materials: list[MaterialData]) -> bool:
    stored = [(m.name, m.copies, m.note) for m in guide.materials.order_by("order", "id")]
    return stored != [(m.name[:300], m.copies[:100], m.note[:300]) for m in materials]


def _steps_changed(guide: ServiceGuide, steps: list[StepData]) -> bool:
    stored = [
        (s.name, s.actor, s.description, s.time_limit_text) for s in guide.steps.order_by("order", "id")
    ]
    return stored != [(s.name[:100], s.actor[:100], s.description, s.time_limit_text[:200]) for s in steps]


def write_guide(*, item: DisclosureItem, data: GuideData) -> ServiceGuide:
    """Create or update the guide with ``data.code`` under ``item``, replacing its materials and steps only
    when they changed (so a re-run leaves no history behind). Callers check permission and hold the
    transaction, as with :func:`catalog.services.write_item`."""
    guide = ServiceGuide.objects.filter(code=data.code).first() or ServiceGuide(code=data.code)
    values = {name: getattr(data, name) for name in GUIDE_FIELDS}
    values["item_id"] = item.pk
    values["is_active"] = True
    if guide.pk is None or any(getattr(guide, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(guide, k, v)
        guide.save()
    if _materials_changed(guide, data.materials):
        guide.materials.all().delete()
        GuideMaterial.objects.bulk_create(
            [
                GuideMaterial(
                    guide=guide, name=m.name[:300], copies=m.copies[:100], note=m.note[:300], order=i
                )
                for i, m in enumerate(data.materials, start=1)
            ]
        )
    if _steps_changed(guide, data.steps):
        guide.steps.all().delete()
        GuideStep.objects.bulk_create(
            [
                GuideStep(
                    guide=guide,
                    order=i,
                    name=s.name[:100],
                    actor=s.actor[:100],
                    description=s.description,
                    time_limit_text=s.time_limit_text[:200],
                    time_limit_rule=step_rule(s.time_limit_text),
                )
                for i, s in enumerate(data.steps, start=1)
            ]
        )
    total = data.total_time_limit or guide_total_days(guide).text
    if guide.total_time_limit != total[:200]:
        guide.total_time_limit = total[:200]
        guide.save(update_fields=["total_time_limit"])
    return guide


@transaction.atomic
def save_guide(*, user, item: DisclosureItem, data: GuideData) -> ServiceGuide:
    perms.require(user, perms.CHANGE, AREA)
    return write_guide(item=item, data=data)


@transaction.atomic
def save_step(
    *,
    user,
    guide: ServiceGuide,
    name: str,
    actor: str = "",
    description: str = "",
    time_limit_text: str = "",
    order: int | None = None,
    step: GuideStep | None = None,
) -> GuideStep:
    """Create or change one step; its machine rule is read from the wording on every save."""
    perms.require(user, perms.CHANGE, AREA)
    if step is None:
        step = GuideStep(guide=guide)
        if order is None:
            last = guide.steps.order_by("-order").values_list("order", flat=True).first()
            order = (last or 0) + 1
    step.guide = guide
    if order is not None:
        step.order = order
    step.name, step.actor, step.description = name[:100], actor[:100], description
    step.time_limit_text = time_limit_text[:200]
    step.time_limit_rule = step_rule(time_limit_text)
    step.save()
    return step


# -- adding up the step time limits -------------------------------------------------------------------

_UNIT_WORDS = ((Unit.WORKDAYS, "个工作日"), (Unit.DAYS, "日"), (Unit.HOURS, "小时"), (Unit.MONTHS, "个月"))


@dataclass(frozen=True)
class GuideDuration:
    """The sum of a guide's step time limits, per unit, and the steps that could not be added."""

    amounts: dict = field(default_factory=dict)  # Unit -> total amount
    counted: tuple[str, ...] = ()
    not_counted: tuple[str, ...] = ()

    @property
    def workdays(self) -> int:
        return self.amounts.get(Unit.WORKDAYS, 0)

    @property
    def days(self) -> int:
        return self.amounts.get(Unit.DAYS, 0)

    @property
    def hours(self) -> int:
        return self.amounts.get(Unit.HOURS, 0)

    @property
    def months(self) -> int:
        return self.amounts.get(Unit.MONTHS, 0)

    @property
    def text(self) -> str:
        """E.g. "各环节时限合计25个工作日（不含：个人申请、组织实施，其时限以原文为准）"."""
        parts = [f"{self.amounts[u]}{word}" for u, word in _UNIT_WORDS if self.amounts.get(u)]
        if not parts:
            return "各环节时限见办理流程" if self.not_counted else ""
        text = "各环节时限合计" + "、".join(parts)
        if self.not_counted:
            text += f"（不含：{'、'.join(self.not_counted)}，其时限以原文为准）"
        return text

    def __str__(self) -> str:
        return self.text


def _rule_of(step: GuideStep) -> TimeLimitRule | None:
    if step.time_limit_rule:
        try:
            return TimeLimitRule.from_dict(step.time_limit_rule)
        except (TypeError, ValueError):
            pass
    result = parse_time_limit(step.time_limit_text or "")
    return result.rule if result.understood else None


def ordered_steps(guide: ServiceGuide, steps=None) -> list[GuideStep]:
    """The steps in procedure order (``order``, then id), using a prefetch when there is one."""
    steps = guide.steps.all() if steps is None else steps
    return sorted(steps, key=lambda s: (s.order, s.pk or 0))


def guide_total_days(guide: ServiceGuide, steps=None) -> GuideDuration:
    """Add up the steps' relative time limits (N working days / days / hours / months after an event).

    The sum assumes each step starts when the one before it ends, which is how a citizen reads a guide;
    steps with a fixed date or an open end are listed in ``not_counted`` instead of being guessed.
    """
    amounts: dict = {}
    counted: list[str] = []
    not_counted: list[str] = []
    for step in ordered_steps(guide, steps):
        rule = _rule_of(step)
        if rule is not None and rule.kind is Kind.DEADLINE and rule.amount is not None:
            amounts[rule.unit] = amounts.get(rule.unit, 0) + rule.amount
            counted.append(step.name)
        elif step.time_limit_text.strip():
            not_counted.append(step.name)
    return GuideDuration(amounts=amounts, counted=tuple(counted), not_counted=tuple(not_counted))


# -- the flowchart -------------------------------------------------------------------------------------

WIDTH = 600
BOX_X, BOX_W = 70, 460
PAD_X, PAD_Y = 14, 10
TERMINAL_W, TERMINAL_H = 160, 40
GAP = 34  # the arrow between two shapes
NAME_SIZE, META_SIZE = 16, 14
NAME_LINE, META_LINE = 22, 20
INK, BRAND, MUTED, LIMIT = "#1f2328", "#0b4f9c", "#57606a", "#9a3412"
FONT = "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"

#: Closing punctuation that never starts a line (避头点).
_NO_LINE_START = set("，。、；：？！）》」』】〕’”,.;:?!)]}%")


def _char_width(ch: str, size: int) -> float:
    return size * (1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6)


def wrap_text(text: str, size: int, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` px at ``size`` px (CJK counted 1 em, others 0.6),
    keeping closing punctuation on the line before it."""
    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        line, used = "", 0.0
        for ch in paragraph:
            w = _char_width(ch, size)
            if line and used + w > width and ch not in _NO_LINE_START:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        lines.append(line)
    return [ln for ln in lines if ln.strip()] or [""]


def _svg_id(guide: ServiceGuide) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]", "-", guide.code or f"guide-{guide.pk or 0}")
    return f"flow-{base}"


def _text(x: float, y: float, content: str, *, size: int, fill: str, weight: str = "normal") -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" text-anchor="middle" font-size="{size}" fill="{fill}"'
        f' font-weight="{weight}">{escape(content)}</text>'
    )


def _terminal(y: float, label: str) -> str:
    x = (WIDTH - TERMINAL_W) / 2
    return (
        f'<g class="flow-terminal"><rect x="{x:g}" y="{y:g}" width="{TERMINAL_W}" height="{TERMINAL_H}"'
        f' rx="{TERMINAL_H / 2:g}" fill="{BRAND}"/>'
        + _text(
            WIDTH / 2,
            y + TERMINAL_H / 2 + NAME_SIZE * 0.35,
            label,
            size=NAME_SIZE,
            fill="#ffffff",
            weight="bold",
        )
        + "</g>"
    )


def _arrow(y1: float, y2: float, marker: str) -> str:
    return (
        f'<line x1="{WIDTH / 2:g}" y1="{y1:g}" x2="{WIDTH / 2:g}" y2="{y2 - 2:g}" stroke="{BRAND}"'
        f' stroke-width="2" marker-end="url(#{escape(marker)})"/>'
    )


def _step_lines(number: int, step: GuideStep) -> list[tuple[str, int, int, str, str]]:
    """(text, font size, line height, colour, weight) for each line of a step box."""
    inner = BOX_W - 2 * PAD_X
    lines = [
        (t, NAME_SIZE, NAME_LINE, INK, "bold") for t in wrap_text(f"{number}. {step.name}", NAME_SIZE, inner)
    ]
    if step.actor.strip():
        lines += [
            (t, META_SIZE, META_LINE, MUTED, "normal")
            for t in wrap_text(f"承办：{step.actor}", META_SIZE, inner)
        ]
    if step.time_limit_text.strip():
        lines += [
            (t, META_SIZE, META_LINE, LIMIT, "bold")
            for t in wrap_text(f"时限：{step.time_limit_text}", META_SIZE, inner)
        ]
    return lines


def _description(guide: ServiceGuide, steps: list[GuideStep]) -> str:
    parts = ["开始"]
    for number, step in enumerate(steps, start=1):
        extra = "；".join(
            bit
            for bit in (
                f"承办：{step.actor}" if step.actor.strip() else "",
                f"时限：{step.time_limit_text}" if step.time_limit_text.strip() else "",
            )
            if bit
        )
        parts.append(f"{number}. {step.name}" + (f"（{extra}）" if extra else ""))
    parts.append("办结")
    return f"共{len(steps)}个步骤：" + " → ".join(parts)


def flowchart_svg(guide: ServiceGuide, steps=None) -> SafeString:
    """The guide's procedure as a self-contained, accessible inline SVG (开始 → steps → 办结).

    Every piece of text goes through :func:`django.utils.html.escape`, and the markup around it is fixed,
    so the result is safe by construction and is returned marked safe.
    """
    steps = ordered_steps(guide, steps)
    ident = _svg_id(guide)
    marker = f"{ident}-arrow"
    body: list[str] = []
    y = 12.0
    body.append(_terminal(y, "开始"))
    y += TERMINAL_H
    for number, step in enumerate(steps, start=1):
        body.append(_arrow(y, y + GAP, marker))
        y += GAP
        lines = _step_lines(number, step)
        height = 2 * PAD_Y + sum(line_height for _, _, line_height, _, _ in lines)
        body.append(
            f'<g class="flow-step"><rect x="{BOX_X}" y="{y:g}" width="{BOX_W}" height="{height:g}"'
            f' rx="6" fill="#f6f8fa" stroke="{BRAND}" stroke-width="1.5"/>'
        )
        baseline = y + PAD_Y
        for content, size, line_height, colour, weight in lines:
            baseline += line_height
            body.append(
                _text(
                    WIDTH / 2,
                    baseline - (line_height - size) / 2 - 2,
                    content,
                    size=size,
                    fill=colour,
                    weight=weight,
                )
            )
        body.append("</g>")
        y += height
    body.append(_arrow(y, y + GAP, marker))
    y += GAP
    body.append(_terminal(y, "办结"))
    height = y + TERMINAL_H + 12
    title = f"{guide.title}办理流程图"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="guide-flowchart" role="img"'
        f' aria-labelledby="{escape(ident)}-title {escape(ident)}-desc" viewBox="0 0 {WIDTH} {height:g}"'
        f' width="{WIDTH}" height="{height:g}" style="max-width:100%;height:auto" font-family="{escape(FONT)}">'
        f'<title id="{escape(ident)}-title">{escape(title)}</title>'
        f'<desc id="{escape(ident)}-desc">{escape(_description(guide, steps))}</desc>'
        f'<defs><marker id="{escape(marker)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8"'
        f' markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{BRAND}"/></marker></defs>'
        + "".join(body)
        + "</svg>"
    )
    return mark_safe(svg)  # every text above is escaped; the rest is fixed markup


# -- rendering -----------------------------------------------------------------------------------------


def guide_context(guide: ServiceGuide) -> dict:
    """What ``catalog/_guide.html`` needs: the guide, its materials and steps in order, the flowchart and
    the summed time limits."""
    steps = ordered_steps(guide)
    return {
        "guide": guide,
        "materials": sorted(guide.materials.all(), key=lambda m: (m.order, m.pk or 0)),
        "steps": steps,
        "flowchart": flowchart_svg(guide, steps),
        "duration": guide_total_days(guide, steps),
    }


def render_guide(guide: ServiceGuide) -> SafeString:
    """The guide as an HTML fragment (``catalog/_guide.html``), ready to drop into an item page."""
    # The template autoescapes everything but the flowchart, which is safe by construction.
    return mark_safe(render_to_string("catalog/_guide.html", guide_context(guide)))
