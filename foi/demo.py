"""Demo data for 依申请公开: two units' request ledgers for 2024–2025 (through the ledger import, so it is
idempotent on 受理编号) and the published 2025 annual reports of 区教育局 and of the whole district.

Add ``"foi.demo"`` to ``portal.demo.LOADERS`` (after publishing) to load it with ``manage.py load_demo``.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from organizations.models import Unit

from . import ledger, services
from .categories import REASONS, ApplicantType
from .models import AnnualReport

LEDGERS = {"GS-JYJ": ("学区划分", 36), "GS-MZJ": ("最低生活保障", 24)}
OUTCOMES = (
    ["予以公开"] * 6
    + ["部分公开"] * 2
    + [
        f"{label}|{i}.{text}"
        for key, label in (
            ("withheld", "不予公开"),
            ("unavailable", "无法提供"),
            ("not_processed", "不予处理"),
            ("other", "其他处理"),
        )
        for i, text in enumerate(REASONS[key], start=1)
    ]
)


def _workbook(code: str, topic: str, n: int) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(code)
    wb = Workbook()
    ws = wb.active
    ws.append(ledger.HEADERS)
    types = [str(t.label) for t in ApplicantType]
    for i in range(n):
        year = 2024 if i < n // 3 else 2025
        received = date(year, 1, 6) + timedelta(days=rng.randrange(0, 340))
        while received.weekday() >= 5:
            received += timedelta(days=1)
        replied = None if i % 11 == 10 else received + timedelta(days=rng.randrange(4, 30))
        outcome = rng.choice(OUTCOMES) if replied else ""
        result, _, reason = outcome.partition("|")
        ws.append(
            [
                f"{code}-{year}-{i + 1:03d}",
                rng.choice(types),
                rng.choice(["网上申请", "当面", "信函", "电子邮件"]),
                received,
                f"申请公开{topic}相关文件（第{i + 1}件）",
                None,
                None,
                None,
                None,
                "否",
                replied,
                result,
                reason,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def load(data: dict) -> dict:
    office = (
        get_user_model().objects.filter(memberships__role="office", is_active=True).order_by("pk").first()
    )
    if office is None:
        return {"skipped": "no office user"}
    imported = 0
    for code, (topic, n) in LEDGERS.items():
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        result = ledger.import_ledger(user=office, unit=unit, fileobj=io.BytesIO(_workbook(code, topic, n)))
        imported += result.created + result.updated
    published = 0
    government = Unit.objects.filter(kind="government", parent__isnull=True).first()
    education = Unit.objects.filter(code="GS-JYJ").first()
    for unit, district in ((education, False), (government, True)):
        if (
            unit is None
            or AnnualReport.objects.filter(
                unit=unit, year=2025, district=district, published_at__isnull=False
            ).exists()
        ):
            continue
        services.save_report(
            user=office,
            unit=unit,
            year=2025,
            district=district,
            overview="2025年，本机关严格执行《中华人民共和国政府信息公开条例》，依法办理政府信息公开申请。",
            problems="依申请公开答复的规范性有待进一步提高。",
            other_matters="本年度未收取信息处理费。",
        )
        services.publish_report(user=office, unit=unit, year=2025, district=district)
        published += 1
    return {"requests": imported, "reports_published": published}
