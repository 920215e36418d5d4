"""Fixtures of the 公开栏 tests: the small test district with three community items released (低保 拟确认对象 whose
catalog says 公示7个工作日, 社区财务公开, 征地补偿安置方案 with no wording), the communities' officers, a board
and a published 低保 record of 卖鱼桥社区."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_BASE_URL = "https://portal.example.cn"


@pytest.fixture
def world(d, office, domain, release):
    from organizations.models import Role
    from publishing.models import Obligation
    from tests.factories import member
    from tests.publishing.helpers import make_item

    make_item(
        office,
        domain,
        "低保拟确认对象公示",
        subject="各社区居委会",
        tiers=("community",),
        duration="公示7个工作日",
    )
    make_item(office, domain, "社区财务公开", subject="各社区居委会", tiers=("community",))
    make_item(office, domain, "征地补偿安置方案公告", subject="各社区居委会", tiers=("community",))
    release()
    duties = {(o.unit.code, o.item.name): o for o in Obligation.objects.select_related("unit", "item")}
    return {
        "d": d,
        "office": office,
        "duty": lambda unit, item: duties[(unit, item)],
        "c11_officer": member(Role.OFFICER, d["c11"], "c11_officer"),
        "c12_officer": member(Role.OFFICER, d["c12"], "c12_officer"),
    }


@pytest.fixture
def board(world):
    from boards import services

    return services.save_board(
        user=world["c11_officer"],
        unit=world["d"]["c11"],
        name="卖鱼桥社区居务公开栏",
        location="社区服务中心一楼东侧",
        latitude="30.2905",
        longitude="120.1402",
    )


@pytest.fixture
def record(world):
    from tests.publishing.helpers import published

    return published(
        world["c11_officer"],
        world["d"]["c11"],
        "卖鱼桥社区2026年第一批低保拟确认对象公示",
        [world["duty"]("D-S1-1", "低保拟确认对象公示")],
        body="<p>经入户调查、民主评议，拟确认张某某家庭（3人）为最低生活保障对象，月保障金额2,100元。</p>",
        objection_channel="向卖鱼桥社区居委会书面反映，或到社区服务中心二楼民政窗口当面反映",
    )


def image(kind: str = "JPEG", name: str = "photo.jpg") -> SimpleUploadedFile:
    """A real small image (the upload checker reads the content)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format=kind)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{kind.lower()}")


POSTED = date(2026, 2, 12)
