"""Benchmark: the obligations API filtered by deadline status and due date at 200,000 obligations (not a test).

Run: .venv/bin/python bench/bench_deadline_filter.py [--units 400] [--items 500]
Builds a throw-away test database (SQLite in memory by default, or the test copy of DATABASE_URL): a district
of ``--units`` units and ``--items`` catalog leaves (four time-limit wordings), one obligation per (unit, item)
with a start date spread over two years and a draft record formed on a random day for a third of the
deadline duties. Then it prints:

* the nightly ``refresh_deadlines`` over every obligation (the stored summary the filters read);
* the API list ``/api/v1/obligations/`` with ``deadline_status=overdue`` (whole district and one street),
  ``due_after``/``due_before`` and ``ordering=next_due``: the median wall time of five calls and the number of
  SQL queries of one call (the same whatever the row count: the filter is a WHERE on ``next_due``);
* for comparison, the per-row way: the live status of every obligation in Python
  (``publishing.serializers.deadline_states``), what a filter without the stored summary would have to do.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

TIME_LIMITS = ["信息形成或者变更之日起20个工作日内", "每季度结束后10日内", "每月10日前", "实时公开"]
RUNS = 5


def build_units(count: int):
    from organizations.models import Unit, UnitKind

    gov = Unit.objects.create(name="区政府", code="B", kind=UnitKind.GOVERNMENT)
    streets = [
        Unit.objects.create(name=f"街道{n}", code=f"B-S{n}", kind=UnitKind.STREET, parent=gov)
        for n in range(max(1, count // 10))
    ]
    with Unit.objects.delay_mptt_updates():
        for n in range(count - len(streets) - 1):
            Unit.objects.create(
                name=f"社区{n}", code=f"B-C{n}", kind=UnitKind.COMMUNITY, parent=streets[n % len(streets)]
            )
    return list(Unit.objects.all())


def build_catalog(items: int):
    from django.contrib.auth import get_user_model

    from catalog import services as catalog_services
    from catalog.services import ItemData
    from domains.models import Domain
    from organizations.models import Membership, Role, Unit

    gov = Unit.objects.get(code="B")
    user_model = get_user_model()
    office, meeting = (user_model.objects.create(username=name) for name in ("bench_office", "bench_meeting"))
    for user in (office, meeting):
        Membership.objects.create(user=user, unit=gov, role=Role.OFFICE)
    domain = Domain.objects.order_by("pk").first()
    for i in range(items):
        catalog_services.save_item(
            user=office,
            domain=domain,
            parent=None,
            data=ItemData(
                name=f"事项{i}", elements=["要素"], time_limit_text=TIME_LIMITS[i % 4], tier_district=True
            ),
        )
    edition = catalog_services.draft_edition(user=office, title="基准测试版")
    catalog_services.submit_edition(user=office, edition=edition)
    return catalog_services.approve_edition(user=meeting, edition=edition), office


def build_obligations(units, edition, office, rng):
    """One obligation per (unit, item), bulk, with start dates over two years; drafts for a third of the
    deadline duties (bulk too: fulfilments with their due dates)."""
    from catalog.models import PublishedItem
    from catalog.timelimits import Kind
    from core.chunks import chunked
    from publishing import deadlines
    from publishing.models import Fulfilment, Obligation, Publication

    Obligation.objects.all().delete()
    today = date.today()
    entries = list(PublishedItem.objects.filter(edition=edition).values_list("item_id", "data"))
    rows = [
        Obligation(
            unit_id=unit.pk,
            item_id=item_id,
            edition=edition,
            rule=data.get("time_limit_rule") or {},
            started_on=today - timedelta(days=rng.randrange(730)),
        )
        for unit in units
        for item_id, data in entries
    ]
    for chunk in chunked(rows, 5000):
        Obligation.objects.bulk_create(chunk)
    deadline_ids = [
        (pk, unit_id, rule)
        for pk, unit_id, rule in Obligation.objects.values_list("pk", "unit_id", "rule")
        if getattr(deadlines.rule_of(rule), "kind", None) is Kind.DEADLINE
    ]
    picked = rng.sample(deadline_ids, len(deadline_ids) // 3)
    pubs = [
        Publication(
            unit_id=unit_id,
            title=f"草稿{n}",
            formed_on=today - timedelta(days=rng.randrange(120)),
            index_number=f"B-{n:08d}",
            created_by=office,
        )
        for n, (_pk, unit_id, _rule) in enumerate(picked)
    ]
    for chunk in chunked(pubs, 5000):
        Publication.objects.bulk_create(chunk)
    by_index = dict(Publication.objects.values_list("index_number", "pk"))
    links = []
    for n, (pk, _unit_id, rule) in enumerate(picked):
        formed = pubs[n].formed_on
        due = deadlines.due_date(deadlines.rule_of(rule), formed_on=formed)
        links.append(Fulfilment(publication_id=by_index[f"B-{n:08d}"], obligation_id=pk, due_date=due))
    for chunk in chunked(links, 5000):
        Fulfilment.objects.bulk_create(chunk)
    return Obligation.objects.count()


def timed(client, params):
    from django.core.cache import cache

    times = []
    for _ in range(RUNS):
        cache.clear()  # the anonymous throttle counts in the cache
        started = time.perf_counter()
        response = client.get("/api/v1/obligations/", params)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:500]
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        count = client.get("/api/v1/obligations/", params).json()["count"]
    return statistics.median(times), len(queries.captured_queries), count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=400)
    parser.add_argument("--items", type=int, default=500)
    args = parser.parse_args()
    from rest_framework.test import APIClient

    from publishing import services
    from publishing.models import Obligation
    from publishing.serializers import deadline_states

    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = random.Random(1)
        t0 = time.perf_counter()
        units = build_units(args.units)
        edition, office = build_catalog(args.items)
        total = build_obligations(units, edition, office, rng)
        print(
            f"built {total} obligations ({args.units} units x {args.items} items) in {time.perf_counter() - t0:.1f}s"
        )
        print(f"database={connection.vendor}")
        t = time.perf_counter()
        changed = services.refresh_deadlines()
        print(
            f"refresh_deadlines (nightly, every active obligation): {time.perf_counter() - t:.1f}s, {changed} rows stored"
        )
        client = APIClient()
        street = "B-S0"
        for label, params in (
            ("deadline_status=overdue", {"deadline_status": "overdue"}),
            (
                f"deadline_status=overdue&within={street}",
                {"deadline_status": "overdue", "within": street},
            ),
            ("deadline_status=due_soon", {"deadline_status": "due_soon"}),
            (
                "due_after..due_before (30 days)",
                {
                    "due_after": date.today().isoformat(),
                    "due_before": (date.today() + timedelta(days=30)).isoformat(),
                },
            ),
            ("ordering=next_due", {"ordering": "next_due"}),
        ):
            median, queries, count = timed(client, params)
            print(
                f"GET /api/v1/obligations/?{label}: median {median * 1000:.0f} ms, {queries} queries, {count} rows match"
            )
        t = time.perf_counter()
        states = deadline_states(list(Obligation.objects.values_list("pk", flat=True)))
        overdue = sum(1 for s in states.values() if s["state"] == "overdue")
        print(
            f"per-row way (live status of every obligation in Python): {time.perf_counter() - t:.1f}s ({overdue} overdue)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
