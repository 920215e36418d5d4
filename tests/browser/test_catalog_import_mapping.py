"""The column mapping page in a real browser (issue 22): a department's catalog (巫山县发改委, a real layout in
tests/catalog/corpus/layouts.py) opens on its mapping; the office gives the two ignored columns a role, keeps
the mapping as a layout and imports; the result page lists what was assumed. The page must be usable at
390px: no part of it wider than the screen, every role choosable. Screenshots at 1280×900 and 390×844 go to
artifacts/screenshots/import_mapping_*.png.
"""

from __future__ import annotations

import re

import pytest

from catalog.models import ImportLayout, ImportReview
from organizations.models import Role
from tests.catalog.corpus.layouts import WUSHAN
from tests.factories import district, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: ASCII words a Chinese staff page may show.
ALLOWED = {"Excel", "xlsx", "MB"}


def shoot(page, name: str, screenshot_dir, anchor: str) -> None:
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        page.locator(anchor).first.evaluate("element => element.scrollIntoView()")
        page.screenshot(path=str(screenshot_dir / f"import_mapping_{name}_{label}.png"), full_page=False)
    page.set_viewport_size(SIZES["desktop"])


def wider_than_the_screen(page) -> int:
    return page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")


def test_the_office_maps_the_columns_on_a_phone_and_imports(
    page, live_server, admin_login, screenshot_dir, tmp_path, settings
):
    settings.CATALOG_IMPORT_DIR = str(tmp_path / "uploads")
    book = tmp_path / "巫山县发展和改革委员会主动公开事项目录.xlsx"
    book.write_bytes(WUSHAN.source.build())
    office = member(Role.OFFICE, district()["gov"], "office_mapping")
    office.first_name = "李静"
    office.save()

    admin_login("office_mapping", "pw-for-tests")
    page.goto(f"{live_server.url}/admin/catalog/disclosureitem/import/")
    page.set_input_files("#id_file", str(book))
    page.select_option("#id_field", "major-projects")
    page.select_option("#id_tier", "district")
    with page.expect_navigation(url=re.compile(r"/import/preview/"), timeout=120_000):
        page.click("input[type=submit][value='上传并预览']")

    mapping = page.locator("#import-mapping")
    assert "内容标准" in mapping.inner_text() and "【法定职责】" in mapping.inner_text()
    assert page.locator("#import-mapping tr.mapping-flagged").count() == 2
    shoot(page, "guess", screenshot_dir, "#import-mapping")

    page.set_viewport_size(SIZES["phone"])
    assert wider_than_the_screen(page) <= 0
    page.select_option("select[name='role-0-E']", "note")  # chosen on the phone
    page.select_option("select[name='role-0-H']", "note")
    page.fill("input[name='layout_title']", "巫山发改委目录")
    with page.expect_navigation(timeout=120_000):
        page.click("input[type=submit][value='应用映射并重新预览']")
    assert wider_than_the_screen(page) <= 0
    assert page.locator("select[name='role-0-E']").input_value() == "note"
    assert "导入成功后将保存版式「巫山发改委目录」" in page.inner_text("#content-main")
    shoot(page, "applied", screenshot_dir, "#import-rows")

    with page.expect_navigation(url=re.compile(r"/result/$"), timeout=120_000):
        page.click("input[type=submit][value='确认导入 5 个事项']")
    text = page.inner_text("#content-main")
    assert "导入完成：已写入 5 个事项" in text and "待核对（5 项，其中 5 项尚未核对）" in text
    assert not {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED}
    shoot(page, "review", screenshot_dir, "#import-review")
    assert ImportLayout.objects.get().title == "巫山发改委目录"
    assert ImportReview.objects.filter(kind="subject").count() == 5
