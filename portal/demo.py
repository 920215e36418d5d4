"""The demo district: which loaders run, in order, and the file they read."""

import json
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_district.json"

# Each app that has demo data contributes a ``demo.load(data) -> dict`` function, in dependency order.
LOADERS = [
    "organizations.demo",
    "domains.demo",
    "catalog.demo",
    "publishing.demo",
    "foi.demo",
    "assessment.demo",
    "portal.search.demo",
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
