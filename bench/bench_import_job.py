"""Benchmark a large catalog import through its Celery task (not a test).

    .venv/bin/python bench/bench_import_job.py [--rows 5000] [--database-url URL]

Generates the workbook of bench/bench_import_catalog.py (its ``generate``), records a
:class:`catalog.models.CatalogImportJob` for it as the admin's confirm step does (``create_job``) and runs
the task (``catalog.tasks.run_import_job``, Celery eager: in this process), then prints the time of each
stage the progress page shows (读取文件, 读取并校验事项, 与现有目录比对, 写入数据库, 整理结果) and the total.

Default database: a throwaway SQLite file, migrated first. ``--database-url postgres://…`` runs on
PostgreSQL: the import WRITES the catalog there, so give it a scratch database
(``CREATE DATABASE mine TEMPLATE demo OWNER portal``), never a shared one.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--database-url", help="a scratch database (default: temp SQLite)")
    parser.add_argument("--seed", type=int, default=20250101)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-job-"))
    try:
        from bench import bench_import_catalog as catalog_bench

        args.runs = 1
        catalog_bench.setup_django(args, workdir)
        import os

        os.environ["CATALOG_IMPORT_DIR"] = str(workdir / "uploads")
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        settings.CATALOG_IMPORT_DIR = str(workdir / "uploads")
        if not args.database_url:
            call_command("migrate", verbosity=0)
        run(args, workdir, catalog_bench, connection)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir: Path, catalog_bench, connection) -> None:
    from catalog import tasks
    from catalog.importer import jobs
    from catalog.models import CatalogImportJob
    from organizations.models import Membership, Role

    book = workdir / "catalog.xlsx"
    written = catalog_bench.generate(book, args.rows, args.seed)
    office = Membership.objects.filter(role=Role.OFFICE).select_related("user").first()
    if office is None:  # a fresh (throwaway) database: the district office of the benchmark
        from django.contrib.auth import get_user_model

        from organizations.models import Unit, UnitKind

        gov = Unit.objects.create(name="区人民政府", code="BENCH-GOV", kind=UnitKind.GOVERNMENT)
        user = get_user_model().objects.create_user("bench_office", first_name="区政务公开办", is_staff=True)
        office = Membership.objects.create(user=user, unit=gov, role=Role.OFFICE)
    stages: dict[str, float] = {}
    real = jobs.Progress.report

    def report(self, stage, percent, done, total):
        stages.setdefault(stage, time.perf_counter())
        real(self, stage, percent, done, total)

    jobs.Progress.report = report
    sent: list[int] = []
    tasks.run_import_job.delay = sent.append  # the broker: the job is run below, timed
    job = jobs.create_job(user=office.user, data=book.read_bytes(), name=book.name, options={}, rows=written)
    started = time.perf_counter()
    status = tasks.run_import_job(job.pk)
    ended = time.perf_counter()
    job = CatalogImportJob.objects.get(pk=job.pk)
    print(
        f"database: {connection.vendor}; workbook: {written} item rows, {book.stat().st_size / 1024:.0f} KB"
    )
    print(f"job {job.pk}: {status} ({job.error or 'ok'})")
    names = list(stages) + ["end"]
    times = list(stages.values()) + [ended]
    for name, start, stop in zip(names, times, times[1:], strict=False):
        print(f"  {jobs.STAGES[name][2]:<10} {stop - start:6.2f} s")
    counts = job.summary.get("counts", {})
    print(
        f"total through the task: {ended - started:.2f} s ({written / (ended - started):.0f} rows/s); "
        f"new {counts.get('new')}, changed {counts.get('changed')}, unchanged {counts.get('unchanged')}, "
        f"to set by hand {counts.get('manual')}, groups {job.summary.get('groups_created')}"
    )


if __name__ == "__main__":
    main()
