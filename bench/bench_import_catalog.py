"""Benchmark the catalog import (not a test).

    .venv/bin/python bench/bench_import_catalog.py [--rows 5000] [--runs 3] [--database-url URL]
                                                   [--compare-rows 300]

Generates a realistic workbook in a temp dir — the 8 fields of 浙江/拱墅 one sheet each, 一级 groups of 5–10
二级 items merged over their rows, 3–5 "●" elements, ■/□ channel lists, varied time-limit wordings (some the
parser does not understand), tiers, audience and mode ticks — then imports it into a fresh database per run,
timing parse (:func:`catalog.importer.parse_workbook`) and write (:func:`catalog.importer.import_catalog`)
separately, and prints the median rows per second.

The default database is a throwaway SQLite file (migrated once, copied fresh for every run). With
``--database-url postgres://…`` it runs on PostgreSQL; the catalog tables are truncated between runs
(everything in that database's catalog is lost: use a scratch database).

``--compare-rows N`` also times the reference path (``services.write_item`` per item, ``bulk=False``) on
the first N rows against the bulk path on the same rows.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TIME_LIMITS = [
    "信息形成或者变更之日起20个工作日内",
    "自作出行政决定之日起7个工作日内",
    "信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示",
    "每季度结束后10日内",
    "每年3月31日前",
    "实时公开",
    "按进展情况及时公开",
    "及时公开，公告期限为5个工作日",
    "20个工作日",
    "每月10日前",
    "另行通知",  # not understood: flagged for the office
    "视情况而定",  # not understood
]
SUBJECTS = [
    "区教育局",
    "区民政局",
    "各街道办事处",
    "社区居委会",
    "区住房和城乡建设局",
    "镇人民政府",
    "区应急管理局",
]
CHANNELS = [
    "政府网站",
    "两微一端",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "12345政务服务热线",
]
BASES = [
    "《中华人民共和国政府信息公开条例》（国务院令第711号）第二十条",
    "《社会救助暂行办法》",
    "《关于全面推进政务公开工作的意见》",
    "《国务院办公厅关于推进公共资源配置领域政府信息公开的意见》",
]
WORDS = "招生范围 学区划分 经费预决算 收费标准 补助对象 审批结果 办理流程 申报材料 资金分配 项目进度 政策解读 监督电话".split()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--database-url", help="e.g. postgres://user:pw@127.0.0.1/scratch (default: temp SQLite)"
    )
    parser.add_argument(
        "--compare-rows",
        type=int,
        default=300,
        help="also time the write_item path on this many rows (0: skip)",
    )
    parser.add_argument("--seed", type=int, default=20250101)
    return parser.parse_args()


def setup_django(args, workdir: Path) -> Path | None:
    sqlite = None
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        sqlite = workdir / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ["DEBUG"] = "0"  # no SQL logging: time what production runs
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return sqlite


def generate(path: Path, rows: int, seed: int) -> int:
    """The standard layout (catalog.excel writes it, as the export does), rows spread over 8 fields."""
    from catalog import excel
    from domains.models import Domain
    from domains.reference import ZHEJIANG_8

    rng = random.Random(seed)
    fields = [Domain.objects.get(code=code) for code in ZHEJIANG_8]
    per_field = [rows // len(fields) + (1 if i < rows % len(fields) else 0) for i in range(len(fields))]
    sheets = []
    for domain, count in zip(fields, per_field, strict=True):
        entries, group = [], 0
        while len(entries) < count:
            group += 1
            first = f"{domain.name}一级事项{group}"
            for second in range(min(rng.randint(5, 10), count - len(entries))):
                tiers = rng.sample(["district", "street", "community"], rng.randint(1, 2))
                channels = [
                    {
                        "channel": excel.CHANNEL_LOOKUP[excel._channel_key(name)],
                        "required": rng.random() < 0.7,
                    }
                    for name in rng.sample(CHANNELS, rng.randint(1, 4))
                ]
                entries.append(
                    (
                        (first, f"二级事项{group}-{second + 1}"),
                        {
                            "elements": [f"{rng.choice(WORDS)}{i + 1}" for i in range(rng.randint(3, 5))],
                            "basis_text": rng.choice(BASES),
                            "time_limit_text": rng.choice(TIME_LIMITS),
                            "subject_text": rng.choice(SUBJECTS),
                            "channels": channels,
                            "audience": ["全社会"] + (["特定群体"] if rng.random() < 0.2 else []),
                            "mode": ["主动"] + (["依申请"] if rng.random() < 0.1 else []),
                            "tiers": tiers,
                        },
                    )
                )
        sheets.append(excel.SheetRows(domain.name, f"拱墅区{domain.name}领域基层政务公开标准目录", entries))
    return excel.write_workbook(path, sheets)


def fresh_database(sqlite: Path | None, template: Path | None) -> None:
    from django.db import connection

    connection.close()
    if sqlite is not None:
        shutil.copyfile(template, sqlite)
        return
    from django.apps import apps

    tables = [m._meta.db_table for m in apps.get_app_config("catalog").get_models()]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        sqlite = setup_django(args, workdir)
        from django.core.management import call_command
        from django.db import connection

        from catalog.importer import import_catalog, parse_workbook
        from catalog.management.commands.import_catalog import CommandLineOperator
        from catalog.models import DisclosureItem

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(
            f"database: {connection.vendor} ({'temp SQLite ' + str(sqlite) if sqlite else 'DATABASE_URL'}), "
            f"migrated in {time.perf_counter() - started:.1f} s"
        )
        template = None
        if sqlite is not None:
            connection.close()
            template = workdir / "template.sqlite3"
            shutil.copyfile(sqlite, template)

        book = workdir / "catalog.xlsx"
        written = generate(book, args.rows, args.seed)
        print(f"workbook: {book} — {written} item rows, 8 sheets, {book.stat().st_size / 1024:.0f} KB")

        operator = CommandLineOperator()
        parse_times, write_times = [], []
        for run in range(1, args.runs + 1):
            fresh_database(sqlite, template)
            t0 = time.perf_counter()
            plan = parse_workbook(book)
            t1 = time.perf_counter()
            assert plan.ok, [str(e) for e in plan.errors[:5]]
            result = import_catalog(user=operator, plan=plan)
            t2 = time.perf_counter()
            assert (
                result.count == written and DisclosureItem.objects.count() == written + result.groups_created
            )
            parse_times.append(t1 - t0)
            write_times.append(t2 - t1)
            print(
                f"run {run}: parse {t1 - t0:6.2f} s ({written / (t1 - t0):7.0f} rows/s)   "
                f"write {t2 - t1:6.2f} s ({written / (t2 - t1):7.0f} rows/s, {1000 * (t2 - t1) / written:.2f} ms/row)   "
                f"{result.created} items + {result.groups_created} groups, {len(result.unparsed)} to set by hand"
            )

        parse_median, write_median = statistics.median(parse_times), statistics.median(write_times)
        print(
            f"median over {args.runs} runs of {written} rows: parse {written / parse_median:.0f} rows/s, "
            f"write {written / write_median:.0f} rows/s ({1000 * write_median / written:.2f} ms/row), "
            f"total {written / (parse_median + write_median):.0f} rows/s"
        )

        if args.compare_rows:
            small = workdir / "small.xlsx"
            n = generate(small, args.compare_rows, args.seed)
            plan = parse_workbook(small)
            timings = {}
            for bulk in (False, True):
                fresh_database(sqlite, template)
                t0 = time.perf_counter()
                import_catalog(user=operator, plan=plan, bulk=bulk)
                timings[bulk] = time.perf_counter() - t0
            print(
                f"write path on {n} rows: write_item per item {1000 * timings[False] / n:.2f} ms/row, "
                f"bulk {1000 * timings[True] / n:.2f} ms/row ({timings[False] / timings[True]:.1f}× faster)"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
