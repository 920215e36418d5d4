"""The demo district: which loaders run, in order, and the file they read (``manage.py load_demo``)."""

import json
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.db import connection

FIXTURES = Path(settings.BASE_DIR) / "demo" / "fixtures"
DEMO_FILE = FIXTURES / "demo_district.json"

# Each loader is a module with a ``load(data) -> dict`` function, in dependency order.
LOADERS = [
    "demo.organizations",
    "demo.domains",
    "demo.catalog",
    "demo.tiers",
    "demo.publishing",
    "demo.ethnic",
    "demo.foi",
    "demo.opinion",
    "demo.interaction",
    "demo.consultation",
    "demo.pilot",
    "demo.boards",
    "demo.assessment",
    "demo.search",
]


def read_demo_data() -> dict:
    with DEMO_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)


def _analyze() -> None:
    """Give PostgreSQL's planner the statistics of what a loader just wrote (a bulk load into a fresh database
    has none until autovacuum comes round): without them the search step's per-record reads chose full joins
    and took seconds each. Inside a transaction too (ANALYZE counts the transaction's own new rows)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def load_all(report=print) -> None:
    data = read_demo_data()
    for dotted in LOADERS:
        started = time.perf_counter()
        summary = import_module(dotted).load(data)
        _analyze()
        seconds = time.perf_counter() - started
        report(f"{dotted}: " + ", ".join(f"{k}={v}" for k, v in summary.items()) + f" ({seconds:.1f} s)")
