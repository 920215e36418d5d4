"""Benchmark the catalog import (not a test).

    .venv/bin/python bench/bench_import_catalog.py [--rows 5000] [--runs 3] [--database-url URL]
                                                   [--compare-rows 300] [--no-update]

Generates a realistic workbook in a temp dir — the 8 fields of 浙江/拱墅 one sheet each, 一级 groups of 5–10
二级 items merged over their rows, 3–5 "●" elements, ■/□ channel lists, varied time-limit wordings (some the
parser does not understand), tiers, audience and mode ticks — then imports it into a fresh catalog per run,
timing parse (:func:`catalog.importer.parse_workbook`: reading, validating) and write
(:func:`catalog.importer.import_catalog`: one transaction with the history rows) separately, and prints the
median rows per second of each and end to end (parse + write), in wall-clock time and in this process's CPU
time (on a shared machine the CPU figure shows the work; on PostgreSQL it leaves out the server's share).

Then, unless ``--no-update``, it re-imports a changed copy of the same catalog (every row's subject and time
limit differ: every item is rewritten, its elements, bases and channels replaced, all in the history) and
the same file again (nothing changed: nothing is written).

The default database is a throwaway SQLite file (migrated once, copied fresh for every run). With
``--database-url postgres://…`` it runs on PostgreSQL; the catalog tables are truncated between runs
(everything in that database's catalog is lost: use a scratch database, e.g.
``CREATE DATABASE impbench TEMPLATE demo OWNER portal``; the ``scale`` and ``demo`` databases are refused).

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
    parser.add_argument(
        "--no-update", action="store_true", help="skip the re-imports (changed catalog, same catalog)"
    )
    return parser.parse_args()


PROTECTED_DATABASES = {"scale", "demo"}  # shared data: the benchmark truncates the catalog


def refuse_shared_database(url: str | None) -> None:
    if url and url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] in PROTECTED_DATABASES:
        sys.exit(f"refused: {url} is a shared database; the benchmark truncates its catalog")


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


def generate(path: Path, rows: int, seed: int, *, changed: bool = False) -> int:
    """The standard layout (catalog.excel writes it, as the export does), rows spread over 8 fields;
    ``changed``: the same items with another subject and time limit on every row."""
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
                            "time_limit_text": rng.choice(TIME_LIMITS) + ("（调整）" if changed else ""),
                            "subject_text": rng.choice(SUBJECTS) + ("等" if changed else ""),
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


class Timer:
    """Wall-clock and CPU seconds of a block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def load() -> str:
    """The machine's load (on a shared machine, what the wall-clock figures are worth)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} CPUs"


def rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:6.0f} rows/s"


def timed_import(book: Path, operator):
    """(plan, result, parse Timer, write Timer) of one import of the workbook."""
    from catalog.importer import import_catalog, parse_workbook

    with Timer() as parse:
        plan = parse_workbook(book)
    assert plan.ok, [str(e) for e in plan.errors[:5]]
    with Timer() as write:
        result = import_catalog(user=operator, plan=plan)
    return plan, result, parse, write


def fresh_runs(args, book: Path, written: int, sqlite, template, operator) -> None:
    from catalog.models import DisclosureItem

    timings = []
    for run in range(1, args.runs + 1):
        fresh_database(sqlite, template)
        _plan, result, parse, write = timed_import(book, operator)
        assert result.count == written and DisclosureItem.objects.count() == written + result.groups_created
        timings.append((parse, write))
        print(
            f"run {run}: parse {parse.wall:6.2f} s ({rate(written, parse.wall)}, cpu {parse.cpu:5.2f} s)   "
            f"write {write.wall:6.2f} s ({rate(written, write.wall)}, cpu {write.cpu:5.2f} s)   "
            f"end to end {rate(written, parse.wall + write.wall)} (cpu {rate(written, parse.cpu + write.cpu)})   "
            f"{result.created} items + {result.groups_created} groups, {len(result.unparsed)} to set by hand"
        )

    def median(key) -> float:
        return statistics.median(key(p, w) for p, w in timings)

    print(
        f"median over {args.runs} runs of {written} rows: "
        f"parse {written / median(lambda p, w: p.wall):.0f} rows/s, "
        f"write {written / median(lambda p, w: w.wall):.0f} rows/s, "
        f"end to end {written / median(lambda p, w: p.wall + w.wall):.0f} rows/s wall-clock; "
        f"CPU of this process: parse {written / median(lambda p, w: p.cpu):.0f}, "
        f"write {written / median(lambda p, w: w.cpu):.0f}, "
        f"end to end {written / median(lambda p, w: p.cpu + w.cpu):.0f} rows/s; {load()}"
    )


def update_runs(args, workdir: Path, written: int, operator) -> None:
    """On the catalog the last run left: a changed copy (every item rewritten), then it again (nothing)."""
    from catalog.models import DisclosureItem

    changed = workdir / "changed.xlsx"
    generate(changed, args.rows, args.seed, changed=True)
    for label in ("changed catalog", "same catalog again"):
        before = DisclosureItem.history.count()
        _plan, result, parse, write = timed_import(changed, operator)
        assert result.count == written and result.created == 0
        print(
            f"re-import, {label}: parse {parse.wall:6.2f} s   write {write.wall:6.2f} s (cpu {write.cpu:5.2f} s)"
            f"   end to end {rate(written, parse.wall + write.wall)} (cpu {rate(written, parse.cpu + write.cpu)})"
            f", {DisclosureItem.history.count() - before} item history rows added"
        )


def compare_paths(args, workdir: Path, sqlite, template, operator) -> None:
    from catalog.importer import import_catalog, parse_workbook

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


def main():
    args = parse_args()
    refuse_shared_database(args.database_url)
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        sqlite = setup_django(args, workdir)
        from django.core.management import call_command
        from django.db import connection

        from catalog.management.commands.import_catalog import CommandLineOperator

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
        print(
            f"workbook: {book} — {written} item rows, 8 sheets, {book.stat().st_size / 1024:.0f} KB; {load()}"
        )
        operator = CommandLineOperator()
        fresh_runs(args, book, written, sqlite, template, operator)
        if not args.no_update:
            update_runs(args, workdir, written, operator)
        if args.compare_rows:
            compare_paths(args, workdir, sqlite, template, operator)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
