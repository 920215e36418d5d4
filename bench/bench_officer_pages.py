"""Every officer page, signed in, timed: the desk and its sections, the review queue, notices, the FOI
workspace and handling pages, the assessment desk and a round, and the desks of the apps registered on the
staff navigation (consultation, 互动交流, 舆情, boards, pilot …). Not a test: it prints a table.

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 .venv/bin/python bench/bench_officer_pages.py [--runs 7]

Each page is requested through Django's test client (the whole middleware stack: sessions, axes, CSP, the
permission checks), signed in with ``force_login`` as the district office and as a street officer. The pages
are found from the data: the desk's own section links, the staff navigation's links, the first requests on the
FOI workspace. One warm-up, then ``--runs`` requests; the table gives the median and the slowest time, the
queries of one request, the response size, and marks pages over the goal (issue 27: p50 ≤ 300 ms at province
scale). The machine's load average is printed with the table (the figures are only comparable within a run).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

GOAL_MS = 300
FIXED = [
    "/workspace/",
    "/workspace/?section=overdue",
    "/workspace/?section=week",
    "/workspace/?section=upcoming&page=3",
    "/workspace/review/",
    "/workspace/notices/",
    "/workspace/monitoring/",
    "/workspace/responsibility/",
    "/foi/workspace/",
    "/assessment/desk/",
    "/assessment/",
]
#: links on a page worth following (officers' pages), and the ones never followed (writes, downloads)
FOLLOW = re.compile(
    r'href="(/(?:workspace|foi/workspace|assessment|consultation/desk|interaction/desk|opinion|boards|pilot)[^"#]*)"'
)
SKIP = re.compile(r"(export|\.pdf|\.docx|\.xlsx|\.csv|/step/|logout|/new/|/add/|attachments)")


def client_for(username: str) -> Client:
    client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".") or "localhost")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def discover(client: Client, limit: int) -> list[str]:
    """The fixed pages, then the links they show (one level), at most ``limit`` in all."""
    pages = list(FIXED)
    seen = set(pages)
    for path in FIXED:
        response = client.get(path)
        if response.status_code != 200:
            continue
        for link in FOLLOW.findall(response.content.decode("utf-8", "replace")):
            link = link.replace("&amp;", "&")
            if link not in seen and not SKIP.search(link):
                seen.add(link)
                pages.append(link)
    return pages[:limit]


def measure(client: Client, path: str, runs: int) -> dict:
    first = client.get(path)  # warm-up (caches of the calendar, templates)
    if first.status_code != 200:
        return {"path": path, "status": first.status_code}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return {
        "path": path,
        "status": response.status_code,
        "p50": statistics.median(times),
        "max": max(times),
        "queries": len(queries.captured_queries),
        "kb": len(response.content) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--users", default="office,officer_hushu")
    parser.add_argument("--limit", type=int, default=60, help="pages per user at most")
    args = parser.parse_args()
    from organizations.models import Unit
    from publishing.models import Obligation, Publication

    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; units {Unit.objects.count():,}, "
        f"obligations {Obligation.objects.count():,}, publications {Publication.objects.count():,}; "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    for username in args.users.split(","):
        client = client_for(username)
        rows = [measure(client, path, args.runs) for path in discover(client, args.limit)]
        print(f"\n{username}: {len(rows)} pages, median of {args.runs} (ms)")
        print(f"{'p50':>8} {'max':>8} {'queries':>8} {'KB':>7}  page")
        for r in sorted(rows, key=lambda r: -r.get("p50", 0)):
            if "p50" not in r:
                print(f"{'':>8} {'':>8} {'':>8} {'':>7}  {r['path']}  (status {r['status']})")
                continue
            flag = "  > goal" if r["p50"] > GOAL_MS else ""
            print(f"{r['p50']:8.0f} {r['max']:8.0f} {r['queries']:8d} {r['kb']:7.1f}  {r['path']}{flag}")
        timed = [r["p50"] for r in rows if "p50" in r]
        over = sum(1 for t in timed if t > GOAL_MS)
        print(
            f"pages over {GOAL_MS} ms: {over} of {len(timed)}; median page {statistics.median(timed):.0f} ms"
        )
    print(f"\nload average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
