"""Demo 舆情 (idempotent): three entries in the 政务舆情回应 ledger, written through opinion.services by the office's
demo account — one answered on time (a 重大 突发事件: 权威信息 in 3 hours, a press conference in 20), one answered
late (回应 after 60 of its 48 hours), one missed (no response, its 48 hours long past)."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from opinion import services
from opinion.models import Entry, Kind, Level, ResponseKind, Source
from organizations.models import Unit


def screenshot_png(width: int = 8, height: int = 8) -> bytes:
    """A small grey PNG (a stand-in for a screenshot), built byte by byte."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


STORIES: list[dict[str, Any]] = [
    {
        "unit": "GS-JYJ",
        "summary": "网传某小学食堂发生学生集体腹痛，短视频平台转发量快速上升",
        "source": Source.VIDEO,
        "kind": Kind.INCIDENT,
        "level": Level.MAJOR,
        "emergency": True,
        "days_ago": 12,
        "responses": [(3, ResponseKind.AUTHORITY), (20, ResponseKind.PRESS)],
        "close": True,
    },
    {
        "unit": "GS-HS",
        "summary": "居民在论坛反映老旧小区加装电梯补助迟迟未发放，多家本地媒体跟进",
        "source": Source.FORUM,
        "kind": Kind.INTEREST,
        "level": Level.LARGE,
        "emergency": False,
        "days_ago": 9,
        "responses": [(60, ResponseKind.RESPONSE)],
        "close": False,
    },
    {
        "unit": "GS-MZJ",
        "summary": "微博称低保资格复核“一刀切”停发，话题阅读量持续增长",
        "source": Source.WEIBO,
        "kind": Kind.POLICY,
        "level": Level.GENERAL,
        "emergency": False,
        "days_ago": 4,
        "responses": [],
        "close": False,
    },
]


def load(data: dict) -> dict:
    office = get_user_model().objects.filter(username="office").first()
    if office is None:
        return {"entries": 0}
    now = timezone.now().replace(second=0, microsecond=0)
    made = 0
    for story in STORIES:
        unit = Unit.objects.filter(code=story["unit"]).first()
        if unit is None or Entry.objects.filter(summary=story["summary"]).exists():
            continue
        found = now - timedelta(days=story["days_ago"], hours=2, minutes=17)
        entry = services.record_entry(
            user=office,
            found_at=found,
            source=story["source"],
            link="https://example.cn/post/" + story["unit"].lower(),
            summary=story["summary"],
            unit=unit,
            kind=story["kind"],
            level=story["level"],
            emergency=story["emergency"],
            evidence=SimpleUploadedFile("截图.png", screenshot_png(), content_type="image/png"),
        )
        for hours, kind in story["responses"]:
            services.record_response(
                user=office,
                entry=entry,
                kind=kind,
                responded_at=found + timedelta(hours=hours),
                link="https://example.cn/gov/response",
            )
        if story["close"]:
            services.close(user=office, entry=entry, note="持续发布处置进展后办结")
        made += 1
    # the clocks' warnings and escalations (舆情时限预警 / 舆情超时升级) in the bells, each once
    services.check_clocks()
    return {"entries": made}
