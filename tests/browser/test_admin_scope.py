"""A street officer in a real browser: the admin shows the street and its communities, nothing else."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from PIL import Image

from organizations.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def refused(page, url: str) -> bool:
    """True when the admin will not show ``url``: 403/404, or a redirect elsewhere (login, admin index)."""
    response = page.goto(url)
    if response is not None and response.status in (403, 404):
        return True
    return urlsplit(page.url).path != urlsplit(url).path


def changelist_names(page) -> list[str]:
    """The unit names in the changelist's result table (the linked first column)."""
    return [text.strip() for text in page.locator("#result_list tbody tr th a").all_inner_texts()]


def test_street_officer_sees_only_own_subtree(admin_login, live_server, screenshot_dir):
    call_command("load_demo", verbosity=0)
    # The demo contract: 湖墅街道 (GS-HS) has communities; 小河街道 (GS-XH) and 区教育局 (GS-JYJ) are outside it.
    hushu = Unit.objects.get(code="GS-HS")
    xiaohe = Unit.objects.get(code="GS-XH")
    jyj = Unit.objects.get(code="GS-JYJ")
    assert "湖墅街道" in hushu.name and "小河街道" in xiaohe.name and "区教育局" in jyj.name
    communities = set(hushu.get_descendants().values_list("name", flat=True))
    assert communities, "the demo data puts communities under 湖墅街道"

    page = admin_login("officer_hushu")

    # The 单位 changelist holds the street and its communities, and no other unit.
    page.goto(f"{live_server.url}/admin/organizations/unit/")
    names = set(changelist_names(page))
    assert names == {hushu.name, *communities}
    table_text = page.inner_text("#result_list")
    assert "湖墅街道" in table_text
    assert "小河街道" not in table_text and "区教育局" not in table_text

    # Chinese renders: the interface text is there and the screenshot has real content.
    body_text = page.inner_text("body")
    assert "单位" in body_text
    shot = screenshot_dir / "admin_street_officer.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    with Image.open(shot) as image:
        assert image.width >= 1000 and image.height >= 400
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 50, "the screenshot is (nearly) blank"

    # Memberships are the district office's business only.
    assert refused(page, f"{live_server.url}/admin/organizations/membership/")
    # Another street's change page is out of scope.
    assert refused(page, f"{live_server.url}/admin/organizations/unit/{xiaohe.pk}/change/")
    assert page.locator("input[name=name]").count() == 0, "no unit form is shown"
    assert xiaohe.name not in page.inner_text("#content")
