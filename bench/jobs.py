"""Benchmark the background jobs with their peak memory (not a test).

    .venv/bin/python bench/jobs.py [--jobs reminders,generation,import,recompute,dump]
                                   [--generate-units 0] [--generate-commit] [--import-rows 5000]
                                   [--import-database-url URL]
                                   [--reminders-as-of YYYY-MM-DD] [--reminders-scan-only]

Each job runs in its own child process on the configured database (``DATABASE_URL``) and reports its time and
its peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of that process, so one job's memory
never hides in another's):

* ``reminders``  — ``publishing.reminders.send_reminders`` as of today, mail to the dummy backend, in a
  transaction that is rolled back (the database is left as it was); it prints the active obligations, those
  the stored summary says are due by the end of the reminder window (the only ones the scan reads), the
  reminder rows written, how many people they went to, how many were handed over and the seconds of each
  step (scan, hand-over, delivery); ``--reminders-as-of YYYY-MM-DD`` runs it as of another day (a day when
  many duties fall due), ``--reminders-scan-only`` stops after the scan (the reminder rows are planned and
  written, nothing is handed over: the part that depends on the number of obligations);
* ``generation`` — ``publishing.services.generate_obligations`` for the edition in force: an idempotent
  re-run over the existing obligations, then, with ``--generate-units N``, a first generation for N new
  communities (and their streets) added in a transaction that is rolled back afterwards — the obligations/s
  figure. On PostgreSQL it then runs the deferred foreign-key checks the commit would run
  (``SET CONSTRAINTS ALL IMMEDIATE``; a rollback skips them) and prints their seconds and the rate with them
  (``per_second_with_checks``), and whether this role writes the rows without the per-row triggers, their
  references checked set-based (``reference_checks``: a superuser, or ``GRANT SET ON PARAMETER
  session_replication_role``). The new units' own foreign-key checks run before the clock starts.
  ``--generate-commit`` commits that generation instead (it writes the database: use a copy) and times the
  commit itself (``commit_seconds``, ``per_second_committed``). ``--reminders-after-generation`` runs the reminders inside that same
  transaction, over every obligation including the generated ones (how the 2,000,000-obligation figure is
  measured);
* ``import``     — bench/bench_import_catalog.py for ``--import-rows`` rows (SQLite scratch file by default,
  never the configured database: the import truncates the catalog);
* ``recompute``  — ``assessment.services.compute_round`` for the newest open round (rolled back);
* ``dump``       — ``opendata.dump.write_dump`` to a temporary file.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
JOBS = ("reminders", "generation", "import", "recompute", "dump")


class Rollback(Exception):
    """Raised to roll the job's transaction back after measuring it."""


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    import django

    django.setup()


def rolled_back(fn):
    """Run ``fn()`` in a transaction, roll it back, and return what it returned."""
    from django.db import transaction

    box = {}
    try:
        with transaction.atomic():
            box["value"] = fn()
            raise Rollback
    except Rollback:
        pass
    return box["value"]


def timed(label: str, fn, **extra) -> dict:
    t = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - t
    return {
        "job": label,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_mb(), 1),
        "result": value,
        **extra,
    }


# -- the jobs (each runs in a child process) ------------------------------------------------------------------
def job_reminders(args) -> list[dict]:
    """The reminders as of today: the obligations, how many the stored summary says are due by the end of
    the reminder window (what the scan reads), the reminder rows the run wrote and how many it handed over."""
    from django.utils import timezone

    from publishing.models import Obligation, Reminder
    from publishing.reminders import send_reminders
    from publishing.selectors import soon_cutoff

    as_of = date.fromisoformat(args.reminders_as_of) if args.reminders_as_of else timezone.localdate()
    active = Obligation.objects.filter(status="active")
    n = active.count()
    due = active.filter(next_due__lte=soon_cutoff(as_of)).count()

    def run():
        before = Reminder.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        steps: dict = {}
        handed_over = send_reminders(as_of=as_of, timings=steps)
        return {
            "handed_over": handed_over,
            "reminder_rows": Reminder.objects.filter(pk__gt=before).count(),
            "recipients": Reminder.objects.filter(pk__gt=before).values("recipient_id").distinct().count(),
            "step_seconds": {k: round(v, 2) for k, v in steps.items()},
        }

    def scan():
        from publishing.reminders import plan_chunks

        rows = 0
        for wanted in plan_chunks(as_of):
            rows += len(Reminder.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000))
        return {"reminders_planned": rows}

    label, fn = ("reminders (scan only)", scan) if args.reminders_scan_only else ("reminders", run)
    return [timed(label, lambda: rolled_back(fn), as_of=as_of, obligations=n, due_by_cutoff=due)]


def add_communities(n: int) -> int:
    """N new communities under new streets (≈ 1 street per 10), in the caller's transaction; returns N."""
    from organizations.models import KIND_TIER, Unit, UnitKind

    root = Unit.objects.filter(parent__isnull=True).order_by("tree_id").first()
    streets = [
        Unit(name=f"基准街道{i}", code=f"BJ-S{i:05d}", kind=UnitKind.STREET, parent=root)
        for i in range(max(1, n // 10))
    ]
    communities = [
        Unit(
            name=f"基准社区{i}",
            code=f"BJ-C{i:06d}",
            kind=UnitKind.COMMUNITY,
            parent=streets[i % len(streets)],
        )
        for i in range(n)
    ]
    for unit in streets + communities:
        unit.tier = KIND_TIER[UnitKind(unit.kind)]
        unit.lft = unit.rght = unit.level = 0
        unit.tree_id = root.tree_id
    Unit.objects.bulk_create(streets, batch_size=5000)
    for unit in communities:
        unit.parent_id = unit.parent.pk
    Unit.objects.bulk_create(communities, batch_size=5000)
    return len(streets) + n


def constraint_checks(seconds: float, created: int) -> dict:
    """PostgreSQL: run now the deferred foreign-key checks the commit would run for the new rows (the job is
    rolled back, which skips them) and give the rate with them counted."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    checks = time.perf_counter() - t
    return {
        "constraint_checks_seconds": round(checks, 2),
        "per_second_with_checks": round(created / max(seconds + checks, 1e-9)),
        "peak_rss_mb_after_checks": round(peak_mb(), 1),
    }


def job_generation(args) -> list[dict]:
    from django.db import connection

    from catalog.models import CatalogEdition
    from publishing import services
    from publishing.models import Obligation
    from publishing.services import obligations

    edition = CatalogEdition.objects.current()

    def rerun():
        return dataclasses.asdict(services.generate_obligations(edition=edition))

    rows = [timed("generation (idempotent re-run)", lambda: rolled_back(rerun))]
    if not args.generate_units:
        return rows

    def first_generation():
        added = add_communities(args.generate_units)
        if connection.vendor == "postgresql":  # the new units' own FK checks now, not in the figures below
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        before = Obligation.objects.count()
        t = time.perf_counter()
        services.generate_obligations(edition=edition)
        seconds = time.perf_counter() - t
        created = Obligation.objects.count() - before
        out = {
            "job": "generation (first, new units)",
            "units_added": added,
            "created": created,
            "seconds": round(seconds, 2),
            "per_second": round(created / max(seconds, 1e-9)),
            "peak_rss_mb": round(peak_mb(), 1),
        }
        if connection.vendor == "postgresql":  # may this role write them without the per-row FK triggers?
            trigger_free = obligations._may_skip_fk_triggers()
            out["reference_checks"] = "set-based" if trigger_free else "per-row foreign-key triggers"
        if not args.generate_commit:
            out.update(constraint_checks(seconds, created))
        if args.reminders_after_generation:
            from publishing.reminders import send_reminders

            out["reminders_obligations"] = Obligation.objects.filter(status="active").count()
            t = time.perf_counter()
            out["reminders_sent"] = send_reminders()
            out["reminders_seconds"] = round(time.perf_counter() - t, 2)
            out["peak_rss_mb_after_reminders"] = round(peak_mb(), 1)
        return out

    if not args.generate_commit:
        rows.append(rolled_back(first_generation))
        return rows
    from django.db import transaction

    with transaction.atomic():  # committed: the commit's deferred FK checks and WAL flush timed for real
        out = first_generation()
        t = time.perf_counter()
    commit = time.perf_counter() - t
    out["commit_seconds"] = round(commit, 2)
    out["per_second_committed"] = round(out["created"] / max(out["seconds"] + commit, 1e-9))
    rows.append(out)
    return rows


def job_recompute(args) -> list[dict]:
    from assessment import services
    from assessment.models import Round

    round_ = Round.objects.exclude(status="closed").order_by("-pk").first()
    if round_ is not None:

        def compute():
            return len(rolled_back(lambda: services.compute_round(round=round_)))

        return [timed("recompute (open round, from the data)", compute, units=round_.units.count())]
    round_ = Round.objects.order_by("-pk").first()
    if round_ is None:
        return [{"job": "recompute", "skipped": "no assessment round"}]
    # A closed round is scored again from its stored inputs (nothing is written).
    label = "recompute (closed round, from its snapshot)"
    return [timed(label, lambda: len(services.recompute(round_)), units=round_.units.count())]


def job_dump(args) -> list[dict]:
    from opendata.dump import write_dump

    with tempfile.TemporaryDirectory() as tmp:
        row = timed("dump", lambda: write_dump(Path(tmp) / "latest.zip").counts)
        row["size_mb"] = round((Path(tmp) / "latest.zip").stat().st_size / 1e6, 1)
    return [row]


def job_import(args) -> list[dict]:
    cmd = [sys.executable, str(ROOT / "bench" / "bench_import_catalog.py"), "--rows", str(args.import_rows)]
    cmd += ["--runs", "1"]
    if args.import_database_url:
        cmd += ["--database-url", args.import_database_url]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - t
    rates = re.findall(r"([\d,.]+)\s*rows/s", out.stdout)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return [
        {
            "job": f"import ({args.import_rows} rows)",
            "seconds": round(seconds, 2),
            "peak_rss_mb": round(peak, 1),
            "result": rates or out.stdout[-400:] + out.stderr[-400:],
        }
    ]


def child(name: str, args) -> None:
    if name != "import":
        setup()
    rows = globals()[f"job_{name}"](args)
    print("JOB-RESULT " + json.dumps(rows, ensure_ascii=False, default=str), flush=True)


def run_child(name: str, argv: list[str]) -> list[dict]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", name, *argv], capture_output=True, text=True, cwd=ROOT
    )
    for line in out.stdout.splitlines():
        if line.startswith("JOB-RESULT "):
            return json.loads(line[len("JOB-RESULT ") :])
    return [{"job": name, "error": (out.stderr or out.stdout)[-1500:]}]


def describe() -> str:
    setup()
    from django.db import connection

    from organizations.models import Unit
    from publishing.models import Obligation, Publication

    return (
        f"{connection.vendor}: {Unit.objects.count():,} units, {Obligation.objects.count():,} obligations, "
        f"{Publication.objects.count():,} publications"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", default=",".join(JOBS))
    parser.add_argument("--generate-units", type=int, default=0)
    parser.add_argument(
        "--generate-commit",
        action="store_true",
        help="commit the first generation (writes the database: use a copy) and time the commit",
    )
    parser.add_argument("--reminders-after-generation", action="store_true")
    parser.add_argument("--reminders-as-of", default="", help="the reminders job's day (YYYY-MM-DD; today)")
    parser.add_argument(
        "--reminders-scan-only", action="store_true", help="plan and record, hand nothing over"
    )
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--import-database-url", default="")
    parser.add_argument("--child", default="")
    args, _rest = parser.parse_known_args()
    if args.child:
        return child(args.child, args)
    argv = [
        f"--generate-units={args.generate_units}",
        f"--import-rows={args.import_rows}",
        f"--import-database-url={args.import_database_url}",
        f"--reminders-as-of={args.reminders_as_of}",
    ]
    argv += ["--reminders-after-generation"] if args.reminders_after_generation else []
    argv += ["--generate-commit"] if args.generate_commit else []
    argv += ["--reminders-scan-only"] if args.reminders_scan_only else []
    print(describe(), flush=True)
    for name in args.jobs.split(","):
        for row in run_child(name.strip(), argv):
            print(json.dumps(row, ensure_ascii=False, default=str), flush=True)


if __name__ == "__main__":
    main()
