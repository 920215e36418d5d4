"""WCAG 2.1 AA contrast of the portal's colours, read from static/portal/css/portal.css itself.

Text pairs (body text, muted text, links, buttons, header, table heads, badges, notices, highlights) must reach
4.5:1 in the standard and the elder-friendly (适老化) mode and on the big screen; the focus ring must reach 3:1
(non-text contrast, 1.4.11) against every background it can sit on. Change a colour in the CSS and this test
checks the new value.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "portal" / "css" / "portal.css").read_text(
    encoding="utf-8"
)
AA_TEXT = 4.5
AA_NON_TEXT = 3.0


def _rules(css: str) -> list[tuple[list[str], dict[str, str]]]:
    """(selectors, declarations) for every plain rule; @media wrappers are skipped, their rules kept."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{", "", css)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        decls = {}
        for decl in body.split(";"):
            if ":" in decl:
                name, value = decl.split(":", 1)
                decls[name.strip()] = value.strip()
        rules.append(([s.strip() for s in selectors.split(",")], decls))
    return rules


RULES = _rules(CSS)


def decl(selector: str, prop: str) -> str:
    """The first value of ``prop`` in a rule whose selector list holds ``selector`` exactly."""
    for selectors, decls in RULES:
        if selector in selectors and prop in decls:
            return decls[prop]
    raise AssertionError(f"no {prop} for {selector!r} in portal.css")


def variables(mode: str) -> dict[str, str]:
    values = {k: v for k, v in _declarations(":root").items() if k.startswith("--")}
    if mode == "elder":
        values.update({k: v for k, v in _declarations("body.mode-elder").items() if k.startswith("--")})
    return values


def _declarations(selector: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for selectors, decls in RULES:
        if selectors == [selector]:
            merged.update(decls)
    assert merged, selector
    return merged


def colour(value: str, env: dict[str, str]) -> str:
    """A hex colour from a CSS value: resolves var(--x), picks the first #hex of a shorthand."""
    for _ in range(5):
        m = re.fullmatch(r"var\((--[\w-]+)\)", value.strip())
        if not m:
            break
        value = env[m.group(1)]
    hexes = re.findall(r"#[0-9a-fA-F]{3,6}\b", value)
    assert hexes, value
    return hexes[0]


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(h[i : i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_formula_matches_known_values():
    assert round(ratio("#000", "#fff"), 1) == 21.0
    assert round(ratio("#777", "#fff"), 2) == 4.48  # the classic just-failing grey
    assert ratio("#123456", "#123456") == 1.0


def test_elder_background_is_the_eye_care_green():
    assert variables("elder")["--bg"].upper() == "#C7EDCC"
    assert "视力保护色" in CSS and "seed" in CSS.lower()  # the CSS says where the colour comes from


def standard_pairs():
    v = variables("standard")
    c = lambda value: colour(value, v)  # noqa: E731
    bg, card, ink, muted = c("var(--bg)"), c("var(--card)"), c("var(--ink)"), c("var(--muted)")
    link = c(decl("a", "color"))
    return {
        "正文/页面背景": (ink, bg),
        "正文/卡片": (ink, card),
        "次要文字/页面背景": (muted, bg),
        "次要文字/卡片": (muted, card),
        "次要文字/页脚": (muted, c(decl(".site-footer", "background"))),
        "链接/页面背景": (link, bg),
        "链接/卡片": (link, card),
        "页头文字/页头": (c(decl(".site-nav a", "color")), c(decl(".site-header", "background"))),
        "按钮文字/按钮": (c(decl("button", "color")), c(decl("button", "background"))),
        "按钮文字/按钮悬停": (c(decl("button", "color")), c(decl("button:hover", "background"))),
        "表头文字/表头": (ink, c(decl("th", "background"))),
        "次要文字/表头": (muted, c(decl("th", "background"))),
        "要素标题/卡片": (c(decl("dl.elements dt", "color")), card),
        "失效标记/白底": (c("var(--bad)"), c(decl(".badge", "background"))),
        "错误提示/卡片": (c(decl(".field-error", "color")), card),
        "提示/提示底色": (c(decl(".notice", "color")), c(decl(".notice", "background"))),
        "高亮/高亮底色": (c(decl("mark", "color")), c(decl("mark", "background"))),
        "输入文字/输入框": (ink, c(decl("textarea", "background"))),
        "消息/消息底色": (ink, c(decl(".messages li", "background"))),
        "错误消息/底色": (ink, c(decl(".messages li.error", "background"))),
    }


def elder_pairs():
    v = variables("elder")
    c = lambda value: colour(value, v)  # noqa: E731
    bg, card, ink, muted = c("var(--bg)"), c("var(--card)"), c("var(--ink)"), c("var(--muted)")
    link = c(decl("body.mode-elder a", "color"))
    return {
        "正文/护眼背景": (ink, bg),
        "正文/卡片": (ink, card),
        "次要文字/护眼背景": (muted, bg),
        "次要文字/卡片": (muted, card),
        "链接/护眼背景": (link, bg),
        "链接/卡片": (link, card),
        "页头文字/页头": (
            c(decl("body.mode-elder .site-header a", "color")),
            c(decl("body.mode-elder .site-header", "background")),
        ),
        "按钮文字/按钮": (c(decl("body.mode-elder button", "color")), c(decl("button", "background"))),
        "按钮文字/按钮悬停": (
            c(decl("body.mode-elder button", "color")),
            c(decl("button:hover", "background")),
        ),
        "表头文字/表头": (ink, c(decl("body.mode-elder th", "background"))),
        "次要文字/表头": (muted, c(decl("body.mode-elder th", "background"))),
        "要素标题/卡片": (c(decl("dl.elements dt", "color")), card),
        "失效标记/护眼背景": (c("var(--bad)"), bg),
        "失效标记/卡片": (c("var(--bad)"), card),
        "页脚文字/页脚": (muted, c(decl("body.mode-elder .site-footer", "background"))),
    }


def screen_pairs():
    c = lambda value: colour(value, {})  # noqa: E731
    page_bg = c(decl("body.screen", "background"))
    return {
        "大屏文字/大屏背景": (c(decl("body.screen", "color")), page_bg),
        "大屏标题/大屏背景": (c(decl(".screen-main h2", "color")), page_bg),
        "大屏说明/大屏背景": (c(decl(".screen-meta", "color")), page_bg),
        "大屏说明/卡片": (c(decl(".screen-meta", "color")), c(decl(".screen-grid li", "background"))),
        "大屏文字/页头": (c(decl("body.screen", "color")), c(decl(".screen-head", "background"))),
        "大屏文字/页脚": (c(decl("body.screen", "color")), c(decl(".screen-foot", "background"))),
    }


@pytest.mark.parametrize(
    "mode,pairs", [("standard", standard_pairs), ("elder", elder_pairs), ("screen", screen_pairs)]
)
def test_text_colours_reach_aa(mode, pairs):
    failing = {name: round(ratio(fg, bg), 2) for name, (fg, bg) in pairs().items() if ratio(fg, bg) < AA_TEXT}
    assert not failing, f"{mode}: below {AA_TEXT}:1 — {failing}"


def test_elder_mode_is_higher_contrast_than_standard():
    std, elder = standard_pairs(), elder_pairs()
    for name in ("正文/卡片", "次要文字/卡片", "链接/卡片"):
        assert ratio(*elder[name]) >= 7, name  # AAA for the elder-friendly mode's main text
        assert ratio(*elder[name]) >= ratio(*std[name]) - 1, name


def _ring(selector: str) -> list[str]:
    outline = decl(selector, "outline")
    shadow = decl(selector, "box-shadow")
    return [colour(outline, {}), colour(shadow, {})]


def test_focus_ring_is_visible_on_every_background():
    std, elder = variables("standard"), variables("elder")
    standard_bgs = {
        "页面": colour("var(--bg)", std),
        "卡片": colour("var(--card)", std),
        "页头": colour(decl(".site-header", "background"), std),
        "按钮": colour(decl("button", "background"), std),
    }
    elder_bgs = {
        "护眼背景": colour("var(--bg)", elder),
        "卡片": colour("var(--card)", elder),
        "页头": colour(decl("body.mode-elder .site-header", "background"), elder),
    }
    for ring, backgrounds in (
        (_ring("a:focus-visible"), standard_bgs),
        (_ring("body.mode-elder a:focus-visible"), elder_bgs),
    ):
        for name, bg in backgrounds.items():
            best = max(ratio(tone, bg) for tone in ring)
            assert best >= AA_NON_TEXT, f"focus ring {ring} on {name} {bg}: {best:.2f}"


def test_form_field_borders_are_visible():
    assert ratio(colour(decl("textarea", "border"), {}), "#ffffff") >= AA_NON_TEXT
