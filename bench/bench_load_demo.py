"""Benchmark: ``load_demo`` — the demo district and its living year — on an empty database, then once more (not
a test).

Run: .venv/bin/python bench/bench_load_demo.py [--database-url URL]
Without ``--database-url`` a fresh SQLite file in a temporary folder is used; with a PostgreSQL URL the database
must exist and be empty (migrations are applied). Prints, for the first run and for the second (idempotent) run:
each loader's wall time as ``load_demo`` reports it, the total wall and CPU time, and the row counts of what the
year writes — the second run must leave every count as it was. Also prints the machine's load average, since
wall time on a shared machine depends on it.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    return parser.parse_args()


def counts() -> dict[str, int]:
    from assessment.models import DutyTrigger, ExpectedDisclosure, IndicatorScore, Round
    from participation.models import Rating, SupervisorReport
    from publishing.models import Fulfilment, Obligation, Publication, PublicationEvent

    models = (
        Obligation,
        Publication,
        Fulfilment,
        PublicationEvent,
        Rating,
        SupervisorReport,
        DutyTrigger,
        Round,
        ExpectedDisclosure,
        IndicatorScore,
    )
    return {m.__name__: m.objects.count() for m in models}


def run(label: str) -> dict[str, int]:
    from django.core.management import call_command

    out = io.StringIO()
    wall, cpu = time.perf_counter(), time.process_time()
    call_command("load_demo", stdout=out)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"== {label}: {wall:.1f} s wall, {cpu:.1f} s CPU (this process)")
    for line in out.getvalue().splitlines():
        print("   " + line)
    rows = counts()
    print("   rows: " + ", ".join(f"{k}={v}" for k, v in rows.items()))
    return rows


def main() -> None:
    args = parse()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='bench-demo-')}/demo.sqlite3"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"database: {connection.vendor} ({url.split('@')[-1]})")
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    first = run("first run (empty database)")
    second = run("second run (idempotent)")
    print("idempotent: " + ("yes, every count unchanged" if first == second else f"NO: {first} → {second}"))
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
