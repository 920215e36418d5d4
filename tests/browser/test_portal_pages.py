"""The public site in a real browser at 390×844 (phone) and 1280×900 (desktop): every page of the 政府信息公开
column, the 政策文件 library with its filters, an item page and its guide, the service-point map, elder mode on
search; no page scrolls sideways, and the vendored axe-core (static/vendor/axe-core) finds no WCAG 2 A/AA
violation. Screenshots: artifacts/screenshots/portal-<page>-<size>.png."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def axe_violations(page) -> list[str]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; the violations as readable lines."""
    assert AXE.is_file()
    origin = page.evaluate("location.origin")
    page.add_script_tag(
        url=f"{origin}/static/vendor/axe-core/axe.min.js"
    )  # the site's CSP allows 'self' only
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def site(db):
    """A small district (tests.portal.fixtures.World) with a guide, policies, an interpretation, a notice and
    close service points, indexed for search."""
    from catalog.models import GuideMaterial, GuideStep, ServiceGuide
    from organizations.models import ServicePoint
    from portal.search import documents
    from publishing import services as pub_services
    from tests.conftest import restore_reference_data
    from tests.portal.fixtures import World

    restore_reference_data()
    world = World(lambda **kw: contextlib.nullcontext())
    guide = ServiceGuide.objects.create(
        item=world.dibao,
        code="dibao-apply",
        title="最低生活保障申请",
        applicants="本区户籍困难家庭",
        total_time_limit="30个工作日",
        contact="0571-85000000",
        place="湖墅街道便民服务中心",
    )
    steps = [
        ("申请", "社区居委会", "当场"),
        ("入户调查", "街道办事处", "10个工作日"),
        ("民主评议和公示", "社区居委会", "7日"),
        ("审核确认", "区民政局", "10个工作日"),
    ]
    for n, (name, actor, limit) in enumerate(steps, start=1):
        GuideStep.objects.create(guide=guide, order=n, name=name, actor=actor, time_limit_text=limit)
    GuideMaterial.objects.create(guide=guide, order=1, name="户口簿、身份证", copies="原件及复印件1份")
    d = world.d
    old = world.publish(
        d["dept"],
        "拱墅区最低生活保障实施办法（2020年）",
        items=[world.dibao],
        doc_number="拱民发〔2020〕1号",
        formed_on=date(2020, 1, 5),
        validity="invalid",
    )
    new = world.publish(
        d["dept"],
        "拱墅区最低生活保障实施办法",
        items=[world.dibao],
        doc_number="拱民发〔2025〕2号",
        formed_on=date(2025, 1, 5),
    )
    pub_services.supersede(user=world.office, old=old, new=new)
    world.publish(d["dept"], "《拱墅区最低生活保障实施办法》政策解读", items=[world.dibao], interprets=new)
    world.publish(
        d["s1"], "湖墅街道2025年3月城乡低保对象名单公示", "<p>新增低保对象3户。</p>", items=[world.dibao]
    )
    for n in range(3):
        ServicePoint.objects.create(
            unit=d["s2"],
            kind="convenience_station",
            name=f"小河便民服务站{n + 1}",
            address="小河路88号",
            latitude="30.3101",
            longitude=f"120.140{n}",
            phone="0571-8765 4321",
        )
    documents.rebuild()
    cache.clear()
    world.guide = guide
    return world


COLUMN = [
    ("gk", "/gk/"),
    ("gk-guide", "/gk/guide/"),
    ("gk-rules", "/gk/rules/"),
    ("gk-statutory", "/gk/statutory/"),
    ("gk-catalog", "/gk/catalog/"),
    ("gk-policies", "/gk/policies/"),
    ("gk-interpretations", "/gk/interpretations/"),
]


@pytest.mark.parametrize("size", SIZES)
def test_every_page_of_the_column(page, live_server, site, screenshot_dir, size):
    page.set_viewport_size(SIZES[size])
    for name, path in COLUMN:
        page.goto(live_server.url + path)
        assert page.locator("nav.column-nav").count() == 1 or path == "/gk/"
        assert no_horizontal_scroll(page), path
        assert axe_violations(page) == [], path
        page.screenshot(path=str(screenshot_dir / f"portal-{name}-{size}.png"), full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_the_policy_library_with_its_filters(page, live_server, site, screenshot_dir, size):
    page.set_viewport_size(SIZES[size])
    page.goto(live_server.url + "/gk/policies/")
    assert "拱民发〔2025〕2号" in page.inner_text("main") and "替代了" in page.inner_text("main")
    page.select_option("#p-validity", "valid")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**validity=valid**")
    text = page.inner_text(".policy-list")
    assert "拱民发〔2025〕2号" in text and "拱民发〔2020〕1号（" not in text.split("替代了")[0]
    page.fill("#p-q", "2025")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**q=2025**")
    assert "拱民发〔2025〕2号" in page.inner_text(".policy-list")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    page.screenshot(path=str(screenshot_dir / f"portal-policies-filtered-{size}.png"), full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_an_item_page_and_its_guide(page, live_server, site, screenshot_dir, size):
    page.set_viewport_size(SIZES[size])
    code = site.code_of(site.dibao)
    page.goto(f"{live_server.url}/items/{code}/")
    assert page.locator("form[action='/participation/rate/']").count() == 1
    assert no_horizontal_scroll(page) and axe_violations(page) == []
    page.screenshot(path=str(screenshot_dir / f"portal-item-{size}.png"), full_page=True)
    page.click("a.guide-link")
    page.wait_for_url("**/guides/dibao-apply/")
    assert page.locator("form[action='/participation/rate/']").count() == 1
    assert page.locator("a[href='tel:0571-85000000']").count() == 1
    if size == "phone":  # the steps as a list, text at least 12 px
        assert (
            page.locator("ol.flow-steps").is_visible()
            and not page.locator("svg.guide-flowchart").is_visible()
        )
        sizes = page.eval_on_selector_all(
            "ol.flow-steps li, ol.flow-steps li *",
            "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
        )
    else:  # the flowchart: its text drawn at font-size × (rendered width / viewBox width)
        assert page.locator("svg.guide-flowchart").is_visible()
        sizes = page.evaluate(
            """() => { const svg = document.querySelector('svg.guide-flowchart');
                 const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                 return [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale); }"""
        )
    assert sizes and min(sizes) >= 12, sizes
    assert no_horizontal_scroll(page) and axe_violations(page) == []
    page.screenshot(path=str(screenshot_dir / f"portal-guide-{size}.png"), full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_the_map_has_a_legend_groups_and_phone_links(page, live_server, site, screenshot_dir, size):
    page.set_viewport_size(SIZES[size])
    page.goto(live_server.url + "/service-points/")
    assert page.locator(".map-legend li").count() >= 2
    assert "3处" in page.inner_text(".point-map")
    assert page.locator("a[href='tel:0571-87654321']").count() == 3
    assert no_horizontal_scroll(page) and axe_violations(page) == []
    page.screenshot(path=str(screenshot_dir / f"portal-map-{size}.png"), full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_search_in_elder_mode_never_scrolls_sideways(page, live_server, site, screenshot_dir, size):
    page.set_viewport_size(SIZES[size])
    page.goto(live_server.url + "/mode/elder/?next=/search/")
    page.fill("#q", "低保")
    page.press("#q", "Enter")
    page.wait_for_url("**/search/?q=**")
    assert "mode-elder" in page.get_attribute("body", "class")
    assert "湖墅街道2025年3月城乡低保对象名单公示" in page.inner_text(".results")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    assert axe_violations(page) == []
    page.screenshot(path=str(screenshot_dir / f"portal-search-elder-{size}.png"), full_page=True)
    page.goto(live_server.url + "/search/?q=没有这样的内容")
    assert page.locator("a.foi-link[href='/foi/apply/']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    assert axe_violations(page) == []
    page.screenshot(path=str(screenshot_dir / f"portal-search-none-elder-{size}.png"), full_page=True)
