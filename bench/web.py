"""Benchmark: every public page, search and API list, against two baselines, cached and uncached (not a test).

Run (PostgreSQL and Redis as in production; see README, "Benchmarks"):

    DATABASE_URL=postgres://… REDIS_URL=redis://127.0.0.1:6390/0 .venv/bin/python bench/web.py [--duration 5]

Starts gunicorn (2 sync workers, ``BENCH_ENDPOINTS=1``, ``DEBUG=0``, API throttling and the search rate limit lifted) on the configured
database, finds the URLs to measure from the data (the busiest field, item and street, the newest publication,
the API root's list endpoints), and runs ``wrk -t2 -c8`` on each:

* ``uncached``: every request carries a unique ``_nc`` query parameter, so the page cache misses (each request
  renders and stores the page: what a visitor pays after a publication empties the cache);
* ``cached``: the same URL over and over (page cache hits for the cached pages; API lists are never cached).

It prints one table — req/s, p50, p99, and the ratio of req/s to the bare JSON view (``/bench/json/``) and to
the one-query page (``/bench/one-query/``) — and the Redis hit rate of the cached runs. The goal (issue 17):
every page ≥ 0.7× the one-query page uncached, and cached pages ≥ 0.5× the bare JSON view.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LUA_UNCACHED = """
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "_nc=" .. tid .. "x" .. counter .. "x" .. os.time())
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        BENCH_ENDPOINTS="1",
        DEBUG="0",
        API_ANON_RATE="100000000/min",
        API_USER_RATE="100000000/min",
        API_HEAVY_RATE="100000000/min",
        RATE_SEARCH="100000000",
        RATE_PDF="100000000",
        LOG_LEVEL="ERROR",
    )
    return env


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "300",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=server_env(), start_new_session=True)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/json/", timeout=2).read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("gunicorn exited; is BENCH_ENDPOINTS allowed (not production)?") from None
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /bench/json/ in 60 s")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def targets() -> list[tuple[str, str, bool]]:
    """(label, path, page-cached?) of everything measured, picked from the data (a few queries)."""
    import django

    django.setup()
    from django.db.models import Count

    from catalog.models import PublishedItem
    from domains.models import Domain
    from organizations.models import Unit
    from publishing.models import Fulfilment, Publication

    items = PublishedItem.objects.current()
    domain = (
        Domain.objects.active().filter(code__in=items.values("domain__code")).order_by("order", "id").first()
    )
    busiest = (
        Fulfilment.objects.filter(publication__status="published")
        .values("obligation__item_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    item = items.filter(item_id=busiest["obligation__item_id"]).first() if busiest else items.first()
    street = (
        Unit.objects.active().filter(tier="street").annotate(n=Count("publications")).order_by("-n").first()
    )
    pub = Publication.objects.published().order_by("-published_at", "-id").first()
    rows = [
        ("home", "/", True),
        ("field", f"/fields/{domain.code}/", True),
        ("item", f"/items/{item.code}/", True),
        ("units", "/units/", True),
        ("unit (street)", f"/units/{street.code}/", True),
        ("search 低保", "/search/?q=低保", True),
        ("search 最低生活保障", "/search/?q=最低生活保障", True),
        ("service points", "/service-points/", True),
        ("screen", "/screen/", True),
        ("sitemap", "/sitemap.xml", True),
        ("sitemap section (10,000 URLs)", "/sitemap-publications.xml", True),
        ("field feed", f"/fields/{domain.code}/feed/", False),
    ]
    if pub is not None:
        rows.insert(5, ("publication", f"/publications/{pub.index_number}/", True))
    return rows


def api_lists(base: str) -> list[tuple[str, str, bool]]:
    root = json.loads(urllib.request.urlopen(f"{base}/api/v1/?format=json", timeout=60).read())
    rows = []
    for name, url in sorted(root.items()):
        path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
        if warm(base, path) != 200:  # not a public list (token only, or POST only)
            continue
        rows.append((f"API {name}", path, False))
        if name in ("obligations", "publications"):
            rows.append((f"API {name} CSV", path + "?format=csv", False))
    return rows


def quote_path(path: str) -> str:
    return urllib.parse.quote(path, safe="/?=&:%._-")


def wrk(url: str, duration: int, script: str | None) -> dict:
    cmd = ["wrk", "-t2", "-c8", f"-d{duration}s", "--latency", "--timeout", "60s"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": ms(lat.get("50")),
        "p99": ms(lat.get("99")),
        "errors": int(errors.group(1)) if errors else 0,
    }


def ms(value: str | None) -> float:
    if not value:
        return float("nan")
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def redis_stats() -> tuple[int, int] | None:
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    import redis

    info = redis.Redis.from_url(url).info("stats")
    return info["keyspace_hits"], info["keyspace_misses"]


def warm(base: str, path: str) -> int:
    try:
        with urllib.request.urlopen(base + quote_path(path), timeout=600) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


PRIME = 10  # seconds of uncached searches once gunicorn is up (not counted)
WARMUP = 2  # seconds of wrk per URL before it is measured (not counted)


def measure(base: str, rows, duration: int, script: str) -> list[dict]:
    results = []
    for label, path, page_cached in rows:
        status = warm(base, path)
        url = base + quote_path(path)
        line = {"label": label, "path": path, "status": status, "page_cached": page_cached}
        # Warm every worker first (one request warms one: the search segmenter's dictionary, first queries of
        # a connection); a visitor meets warm workers, the table should too.
        wrk(url, WARMUP, script)
        line["uncached"] = wrk(url, duration, script)
        before = redis_stats()
        warm(base, path)
        line["cached"] = wrk(url, duration, None)
        after = redis_stats()
        if before and after:
            line["hits"], line["misses"] = after[0] - before[0], after[1] - before[1]
        results.append(line)
        print(
            f"  {label:<28} {line['uncached']['rps']:>8.1f} {line['cached']['rps']:>8.1f} req/s", flush=True
        )
    return results


def table(results: list[dict], bare: float, one: float) -> str:
    head = (
        f"{'page':<28}{'status':>6} | {'uncached req/s':>14}{'p50 ms':>9}{'p99 ms':>9}{'×json':>7}{'×1q':>7}"
        f" | {'cached req/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'×json':>7}{'×1q':>7}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        u, c = r["uncached"], r["cached"]
        lines.append(
            f"{r['label']:<28}{r['status']:>6} | {u['rps']:>14.1f}{u['p50']:>9.1f}{u['p99']:>9.1f}"
            f"{u['rps'] / bare:>7.2f}{u['rps'] / one:>7.2f} | {c['rps']:>12.1f}{c['p50']:>9.1f}{c['p99']:>9.1f}"
            f"{c['rps'] / bare:>7.2f}{c['rps'] / one:>7.2f}"
            + (f"  ({u['errors'] + c['errors']} non-2xx)" if u["errors"] + c["errors"] else "")
        )
    return "\n".join(lines)


def data_size() -> str:
    from django.db import connection

    from organizations.models import Unit
    from publishing.models import Obligation, Publication

    return (
        f"{connection.vendor}: {Unit.objects.count():,} units, {Obligation.objects.count():,} obligations, "
        f"{Publication.objects.count():,} publications"
    )


def explain(rows) -> None:
    """For each URL: render it in-process, uncached, and print EXPLAIN (ANALYZE, BUFFERS) of its slowest query."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for label, path, _cached in rows:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            status = client.get(path).status_code
            elapsed = (time.perf_counter() - started) * 1000
        queries = ctx.captured_queries
        print(f"\n=== {label} {path} — HTTP {status}, {len(queries)} queries, {elapsed:.0f} ms")
        if not queries:
            continue
        slowest = max(queries, key=lambda q: float(q["time"]))
        print(f"slowest ({float(slowest['time']) * 1000:.0f} ms): {slowest['sql'][:600]}")
        if (
            not slowest["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
            or connection.vendor != "postgresql"
        ):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per URL and mode")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="measure only labels containing this text")
    parser.add_argument("--json", default="", help="also write the results to this file")
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of each URL's slowest query"
    )
    args = parser.parse_args()
    if args.explain:
        os.environ.update(server_env())
        rows = [r for r in targets() if args.only in r[0]]
        from django.test import Client

        api = Client().get("/api/v1/", {"format": "json"}).json()
        for n, u in sorted(api.items()):
            path = re.sub(r"^https?://[^/]+", "", u).split("?")[0]
            rows.append((f"API {n}", path, False))
            if n in ("obligations", "publications"):
                rows.append((f"API {n} CSV", path + "?format=csv", False))
        return explain([r for r in rows if args.only in r[0]])
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    rows = targets()
    print(data_size(), flush=True)
    port = free_port()
    proc = start_gunicorn(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        rows += api_lists(base)
        rows = [r for r in rows if args.only in r[0]]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
            fh.write(LUA_UNCACHED)
        baselines = measure(
            base,
            [("bare JSON", "/bench/json/", False), ("one query", "/bench/one-query/", False)],
            args.duration,
            fh.name,
        )
        bare, one = baselines[0]["cached"]["rps"], baselines[1]["cached"]["rps"]
        # Each worker's first search loads the segmenter's dictionary (seconds): done here, not counted.
        wrk(base + quote_path("/search/?q=低保"), PRIME, fh.name)
        results = baselines + measure(base, rows, args.duration, fh.name)
    finally:
        stop(proc)
    print()
    print(f"gunicorn {args.workers} workers, wrk -t2 -c8 -d{args.duration}s; {data_size()}")
    print(table(results, bare, one))
    hits = sum(r.get("hits", 0) for r in results if r["page_cached"])
    misses = sum(r.get("misses", 0) for r in results if r["page_cached"])
    if hits + misses:
        print(
            f"cache hit rate (Redis, cached runs of page-cached URLs): {hits / (hits + misses):.1%} ({hits:,} hits, {misses:,} misses)"
        )
    else:
        print("cache hit rate: n/a (no REDIS_URL: local-memory cache)")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"bare": bare, "one": one, "results": results}, ensure_ascii=False, indent=1)
        )


if __name__ == "__main__":
    main()
