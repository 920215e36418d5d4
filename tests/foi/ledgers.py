"""Synthetic request ledgers in the layout offices keep (依申请公开登记台账), and their independent count.

The column set follows the issue's ledger header; the row/column practice (a title row above the header, one
row per application, 受理编号 as key, reply date and result per row) follows the registration rules published
by 西乡县 (《西乡县政府信息公开申请登记审核办理答复归档工作制度》,
http://m.junajx.com/xxxzf/xxzwgk/xxgkzd/xxgkgzbg/202008/baba8956a8324ee3a0bf3d9362ea86aa.shtml: 登记备案 →
审核 → 补正 (7个工作日内一次性告知) → 答复 → 归档) and the table-三 wording of published annual reports such as
深圳市龙岗区 2024 (https://www.lg.gov.cn/xxgk/xxgknb/qzfgzbm/content/post_11956962.html).
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from foi.categories import REASONS, ApplicantType

TYPES = [str(t.label) for t in ApplicantType]
CHANNELS = ["网上申请", "当面", "信函", "传真", "电子邮件"]
HEADER = [
    "受理编号",
    "申请人类型",
    "申请方式",
    "收到申请日期",
    "申请内容",
    "补正通知日期",
    "收到补正日期",
    "征求意见开始日期",
    "征求意见结束日期",
    "是否延期",
    "答复日期",
    "处理结果",
    "具体情形",
]
OUTCOMES = [("予以公开", ""), ("部分公开", "")] + [
    (label, f"{i}.{text}")
    for key, label in (
        ("withheld", "不予公开"),
        ("unavailable", "无法提供"),
        ("not_processed", "不予处理"),
        ("other", "其他处理"),
    )
    for i, text in enumerate(REASONS[key], start=1)
]
RESULT_KEYS = {
    "予以公开": "public",
    "部分公开": "partial",
    "不予公开": "withheld",
    "无法提供": "unavailable",
    "不予处理": "not_processed",
    "其他处理": "other",
}


def _weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def make_rows(n: int = 60, seed: int = 20251) -> list[dict]:
    """``n`` requests over 2024 and 2025: some corrected, consulted, extended; some carried into 2025 and
    some still open."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        year = 2024 if i < n * 2 // 5 else 2025
        received = _weekday(date(year, 1, 2) + timedelta(days=rng.randrange(0, 350)))
        row = {
            "ref": f"GS-JY-{year}-{i + 1:03d}",
            "type": rng.choice(TYPES),
            "channel": rng.choice(CHANNELS),
            "received": received,
            "content": f"申请公开第{i + 1}号事项的相关文件",
            "notice": None,
            "corrected": None,
            "c_from": None,
            "c_to": None,
            "extended": rng.random() < 0.1,
        }
        start = received
        if rng.random() < 0.15:
            row["notice"] = received + timedelta(days=3)
            row["corrected"] = row["notice"] + timedelta(days=5)
            start = row["corrected"]
        if rng.random() < 0.1:
            row["c_from"] = start + timedelta(days=2)
            row["c_to"] = row["c_from"] + timedelta(days=10)
        row["replied"] = start + timedelta(days=rng.randrange(3, 40))
        if i % 17 == 5:  # still open: never answered
            row["replied"] = None
        if i == 3:  # late 2024, answered in 2025: carried over
            row["received"] = date(2024, 12, 23)
            row["notice"] = row["corrected"] = row["c_from"] = row["c_to"] = None
            row["replied"] = date(2025, 1, 10)
        if row["replied"]:
            row["result"], row["reason"] = rng.choice(OUTCOMES)
        else:
            row["result"], row["reason"] = "", ""
        rows.append(row)
    return rows


def workbook_bytes(
    rows: list[dict],
    *,
    title: str = "区教育局政府信息公开申请登记台账（2024—2025年）",
    header: list[str] | None = None,
    as_text_dates: bool = False,
) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(header or HEADER)
    for r in rows:

        def d(v):
            return v.isoformat() if (as_text_dates and v) else v

        ws.append(
            [
                r["ref"],
                r["type"],
                r["channel"],
                d(r["received"]),
                r["content"],
                d(r["notice"]),
                d(r["corrected"]),
                d(r["c_from"]),
                d(r["c_to"]),
                "是" if r["extended"] else "否",
                d(r["replied"]),
                r["result"],
                r["reason"],
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def independent_table3(rows: list[dict], year: int) -> dict[str, list[int]]:
    """Table 三 counted straight from the ledger rows, without the database or foi.report."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    cols = TYPES

    def empty():
        return [0] * (len(cols) + 1)

    out: dict[str, list[int]] = {}

    def add(key, row):
        line = out.setdefault(key, empty())
        line[cols.index(row["type"])] += 1
        line[-1] += 1

    for r in rows:
        if first <= r["received"] <= last:
            add("new", r)
        if r["received"] < first and (r["replied"] is None or r["replied"] >= first):
            add("carried", r)
        if r["replied"] and first <= r["replied"] <= last:
            result = RESULT_KEYS[r["result"]]
            key = f"{result}:{int(r['reason'].split('.')[0])}" if r["reason"] else result
            add(key, r)
            add("total", r)
        if r["received"] <= last and (r["replied"] is None or r["replied"] > last):
            add("forward", r)
    return out
