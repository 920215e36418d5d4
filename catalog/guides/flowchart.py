"""The flowchart (流程图) of a guide's steps: plain inline SVG, no script, no external asset, every piece of
text escaped, so it is safe in any page, a print sheet or an e-mail as it is."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models import GuideStep, ServiceGuide
from .durations import ordered_steps

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
