"""The demo district: which loaders run, in order, and the file they read (``manage.py load_demo``)."""

import json
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "demo" / "fixtures"
DEMO_FILE = FIXTURES / "demo_district.json"

# Each loader is a module with a ``load(data) -> dict`` function, in dependency order.
LOADERS = [
    "demo.organizations",
    "demo.domains",
    "demo.catalog",
    "demo.publishing",
    "demo.foi",
    "demo.opinion",
    "demo.interaction",
    "demo.consultation",
    "demo.assessment",
    "demo.search",
]


def read_demo_data() -> dict:
    with DEMO_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)


def load_all(report=print) -> None:
    data = read_demo_data()
    for dotted in LOADERS:
        started = time.perf_counter()
        summary = import_module(dotted).load(data)
        seconds = time.perf_counter() - started
        report(f"{dotted}: " + ", ".join(f"{k}={v}" for k, v in summary.items()) + f" ({seconds:.1f} s)")
