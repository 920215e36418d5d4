"""The officers' desk (/workspace/) rendered for the district office and for a street officer: time and
number of queries per page, read-only (a request built by hand, no session is written).

    DATABASE_URL=postgres://portal@127.0.0.1:5455/scale .venv/bin/python bench/bench_desk.py

Prints, per page, the median of five renderings (after one warm-up) and the queries of one rendering.
Every section is counted and cut in SQL, so neither figure should follow the number of obligations.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from publishing import desk  # noqa: E402
from publishing.models import Obligation  # noqa: E402

PAGES = [
    ("office", "/workspace/", {}),
    ("office", "/workspace/", {"section": "overdue"}),
    ("office", "/workspace/", {"section": "upcoming", "page": "3"}),
    ("officer_hushu", "/workspace/", {}),
]


def render(user, path, params):
    request = RequestFactory().get(path, params)
    request.user = user
    response = desk.desk(request)
    assert response.status_code == 200, response.status_code
    return response


def main() -> None:
    users = get_user_model().objects
    print(f"database: {connection.settings_dict['NAME']}, obligations: {Obligation.objects.count():,}")
    for username, path, params in PAGES:
        user = users.get(username=username)
        render(user, path, params)  # warm-up: the working-day calendar, the code paths
        times = []
        for _ in range(5):
            start = time.perf_counter()
            render(user, path, params)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            render(user, path, params)
        query = "&".join(f"{k}={v}" for k, v in params.items())
        print(
            f"{username:15} {path}{'?' + query if query else '':28} "
            f"median {statistics.median(times):7.0f} ms  queries {len(ctx.captured_queries)}"
        )


if __name__ == "__main__":
    main()
