"""Demo data for 依申请公开: the request ledgers of three units for 2024–2025 (through the ledger import, so it is
idempotent on 受理编号; unanswered ones are December requests answered in January, carried over, never open for
years), three requests open on the day the demo is loaded (new, waiting for 补正, due this week), a few 2025
requests handled step by step through the services (their reply letters
numbered 拱墅教信〔2025〕第1号 … without gaps, one with 补正 and 延期, one released to the public and so found
by the portal search), and the published 2025 annual reports of every unit that had requests that year and of
the whole district (which sums them).

``demo.loader.LOADERS`` runs it (after publishing) with ``manage.py load_demo``.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from foi import ledger, report, services
from foi.categories import REASONS, ApplicantType
from foi.models import AnnualReport, DisclosureRequest
from organizations.models import Unit
from workdays import engine

YEAR = 2025
LEDGERS = {"GS-JYJ": ("学区划分", 36), "GS-MZJ": ("最低生活保障", 24), "GS-HS": ("老旧小区改造", 18)}
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
        year = YEAR - 1 if i < n // 3 else YEAR
        received = date(year, 1, 6) + timedelta(days=rng.randrange(0, 340))
        while received.weekday() >= 5:
            received += timedelta(days=1)
        if (
            i % 11 == 10
        ):  # received in the year's last fortnight and answered in January: 结转下年度, then closed
            received = date(year, 12, 15) + timedelta(days=rng.randrange(0, 10))
            while received.weekday() >= 5:
                received += timedelta(days=1)
        replied = received + timedelta(days=rng.randrange(4, 30) if i % 11 != 10 else rng.randrange(16, 24))
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


def id_number(first17: str) -> str:
    """A 居民身份证 number with its GB 11643 check digit (fictional people only)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


#: (受理编号, applicant, description, received, steps) of the requests handled through the services; the
#: applicants are fictional (the 17th digit of the ID number: odd 先生, even 女士).
HANDLED = [
    ("GS-JYJ-2025-W01", ("李明", "33010519850304211"), "2025年拱墅区小学学区划分方案", date(2025, 3, 3), {}),
    (
        "GS-JYJ-2025-W02",
        ("王芳", "33010519900712002"),
        "2025年初中招生计划",
        date(2025, 4, 7),
        {"correct": 1},
    ),
    ("GS-JYJ-2025-W03", ("杭州某某教育咨询有限公司", ""), "区教育局2024年部门决算", date(2025, 5, 6), {}),
    (
        "GS-JYJ-2025-W04",
        ("赵强", "33010519781120301"),
        "2025年中小学校车补贴发放标准",
        date(2025, 6, 3),
        {"extend": 1},
    ),
    (
        "GS-JYJ-2025-W05",
        ("陈静", "33010519950215402"),
        "民办学校收费标准备案材料",
        date(2025, 9, 1),
        {"release": 1},
    ),
]


def _applicant(name: str, first17: str) -> services.Applicant:
    if not first17:
        return services.Applicant(
            applicant_type=ApplicantType.BUSINESS, name=name, contact_person="联系人", phone="0571-88000000"
        )
    return services.Applicant(
        applicant_type=ApplicantType.NATURAL,
        name=name,
        id_type="id_card",
        id_number=id_number(first17),
        phone="13900000000",
        email="applicant@example.com",
    )


def _handle(
    office, unit: Unit, reference: str, applicant, description: str, received: date, steps: dict
) -> None:
    req, _secret = services.register(
        user=office,
        unit=unit,
        channel="letter",
        received_on=received,
        applicant=applicant,
        description=description,
        form="electronic",
        delivery="post",
        reference=reference,
    )
    day = received + timedelta(days=3)
    if steps.get("correct"):
        req = services.request_correction(
            user=office,
            request=req,
            on=day,
            text="请写明所需招生计划的学段和年份。",
            deadline=day + timedelta(days=14),
        )
        day += timedelta(days=7)
        req = services.receive_correction(user=office, request=req, on=day)
    if steps.get("extend"):
        day += timedelta(days=14)
        req = services.extend(
            user=office,
            request=req,
            on=day,
            days=10,
            approver="区教育局办公室主任",
            reason="需调取多所学校档案",
        )
    services.review_secrecy(user=office, request=req, approved=True)
    req = services.reply(
        user=office, request=req, on=day + timedelta(days=7), result="public", text="所申请的政府信息见附件。"
    )
    if steps.get("release"):
        services.release_reply(
            user=office,
            request=req,
            title=f"关于{description}的答复",
            summary=f"有申请人申请公开{description}。经审查属于公开范围，本机关予以公开；收费标准可在区教育局网站查阅。",
        )


#: Requests open today, so that the desks have something true to show: (受理编号 suffix, applicant, unit code,
#: description, working days since receipt, steps). Dates count back from the day the demo is loaded.
OPEN_NOW = [
    ("N01", ("孙丽", "33010519880618202"), "GS-JYJ", "2026年秋季学期学区划分调整的会议纪要", 2, {}),
    (
        "N02",
        ("周杰", "33010519760930151"),
        "GS-MZJ",
        "全区2026年第三季度低保金发放的总体情况（不含个人信息）",
        6,
        {"correct": 1},
    ),
    ("N03", ("吴敏", "33010519920101122"), "GS-HS", "湖墅街道老旧小区改造项目的招标文件", 17, {}),
]


def _working_days_back(today: date, n: int) -> date:
    day = today
    while n > 0:
        day -= timedelta(days=1)
        if engine.is_workday(day):
            n -= 1
    return day


def _open_now(office, today: date | None = None) -> int:
    """A new request, one waiting for the applicant's 补正 and one due this week, received by letter."""
    today = today or timezone.localdate()
    made = 0
    for suffix, (name, first17), code, description, back, steps in OPEN_NOW:
        unit = Unit.objects.filter(code=code).first()
        reference = f"{code}-{today.year}-{suffix}"
        if unit is None or DisclosureRequest.objects.filter(unit=unit, reference=reference).exists():
            continue
        received = _working_days_back(today, back)
        req, _secret = services.register(
            user=office,
            unit=unit,
            channel="letter",
            received_on=received,
            applicant=_applicant(name, first17),
            description=description,
            form="electronic",
            delivery="post",
            reference=reference,
        )
        if steps.get("correct"):
            services.request_correction(
                user=office,
                request=req,
                on=_working_days_back(today, 1),
                text="请写明所需信息的发放月份，并说明是否为本人享受低保的情况。",
                deadline=today + timedelta(days=10),
            )
        made += 1
    return made


def _handled(office) -> int:
    unit = Unit.objects.filter(code="GS-JYJ").first()
    if unit is None:
        return 0
    made = 0
    for reference, (name, first17), description, received, steps in HANDLED:
        if DisclosureRequest.objects.filter(unit=unit, reference=reference).exists():
            continue
        _handle(office, unit, reference, _applicant(name, first17), description, received, steps)
        made += 1
    return made


def _publish(office, unit: Unit, district: bool) -> int:
    if AnnualReport.objects.filter(
        unit=unit, year=YEAR, district=district, published_at__isnull=False
    ).exists():
        return 0
    services.save_report(
        user=office,
        unit=unit,
        year=YEAR,
        district=district,
        overview=f"{YEAR}年，本机关严格执行《中华人民共和国政府信息公开条例》，依法办理政府信息公开申请。",
        problems="依申请公开答复的规范性有待进一步提高。",
        other_matters="本年度未收取信息处理费。",
    )
    services.publish_report(user=office, unit=unit, year=YEAR, district=district)
    return 1


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
    handled = _handled(office)
    open_now = _open_now(office)
    published = 0
    for unit in report.units_with_requests(YEAR):
        published += _publish(office, unit, False)
    government = Unit.objects.filter(kind="government", parent__isnull=True).first()
    if government is not None:
        published += _publish(office, government, True)
    return {"requests": imported, "handled": handled, "open": open_now, "reports_published": published}
