"""Service guides (办事指南): writing them (:mod:`.writes`), adding up their step time limits (:mod:`.durations`)
and drawing the flowchart (:mod:`.flowchart`).

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

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ..models import ServiceGuide
from .durations import GuideDuration, guide_total_days, ordered_steps
from .flowchart import BOX_W, META_SIZE, PAD_X, _char_width, flowchart_svg, wrap_text
from .writes import (
    GUIDE_FIELDS,
    GuideData,
    MaterialData,
    StepData,
    save_guide,
    save_step,
    step_rule,
    write_guide,
)

__all__ = [
    "BOX_W",
    "GUIDE_FIELDS",
    "META_SIZE",
    "PAD_X",
    "GuideData",
    "GuideDuration",
    "MaterialData",
    "StepData",
    "_char_width",
    "flowchart_svg",
    "guide_context",
    "guide_total_days",
    "ordered_steps",
    "render_guide",
    "save_guide",
    "save_step",
    "step_rule",
    "wrap_text",
    "write_guide",
]

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
