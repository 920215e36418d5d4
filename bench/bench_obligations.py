"""Benchmark: generate the 三级清单 for a district of 110 units × 500 catalog items (not a test).

Run: .venv/bin/python bench/bench_obligations.py
Builds a throw-away test database (SQLite in memory by default, or the test copy of DATABASE_URL), a district
(1 government, 30 departments, 10 streets, 69 communities) and 500 items (50 一级 headings, 450 二级 leaves
with mixed tiers, subjects and time limits), approves an edition, then times ``generate_obligations`` — a
first generation from nothing and an idempotent re-run — three times each and prints the medians.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RUNS = 3
SUBJECTS = [  # (公开主体 wording, tiers)
    ("区教育局", ("district",)),
    ("各街道", ("street",)),
    ("各社区居委会", ("community",)),
    ("各街道、各社区", ("street", "community")),
    ("", ("district",)),  # no recognised kind: every district-tier unit
    ("区民政局、各街道、各社区", ("district", "street", "community")),
]
TIME_LIMITS = ["信息形成或者变更之日起20个工作日内", "每季度结束后10日内", "每月10日前", "实时公开"]


def build():
    from catalog import services as catalog_services
    from catalog.services import ItemData
    from domains.models import Domain
    from organizations.models import Membership, Role, Unit, UnitKind

    gov = Unit.objects.create(name="区政府", code="B", kind=UnitKind.GOVERNMENT)
    for n in range(30):
        Unit.objects.create(name=f"部门{n}", code=f"B-D{n}", kind=UnitKind.DEPARTMENT, parent=gov)
    streets = [
        Unit.objects.create(name=f"街道{n}", code=f"B-S{n}", kind=UnitKind.STREET, parent=gov)
        for n in range(10)
    ]
    for n in range(69):
        Unit.objects.create(name=f"社区{n}", code=f"B-C{n}", kind=UnitKind.COMMUNITY, parent=streets[n % 10])
    from django.contrib.auth import get_user_model

    User = get_user_model()
    office = User.objects.create(username="bench_office")
    meeting = User.objects.create(username="bench_meeting")
    for user in (office, meeting):
        Membership.objects.create(user=user, unit=gov, role=Role.OFFICE)
    domains = list(Domain.objects.order_by("pk")[:10])
    for h in range(50):
        heading = catalog_services.save_item(
            user=office,
            domain=domains[h % len(domains)],
            parent=None,
            data=ItemData(name=f"一级事项{h}", tier_district=True),
        )
        for k in range(9):
            i = h * 9 + k
            subject, tiers = SUBJECTS[i % len(SUBJECTS)]
            catalog_services.save_item(
                user=office,
                domain=heading.domain,
                parent=heading,
                data=ItemData(
                    name=f"二级事项{i}",
                    elements=["要素"],
                    subject_text=subject,
                    time_limit_text=TIME_LIMITS[i % len(TIME_LIMITS)],
                    tier_district="district" in tiers,
                    tier_street="street" in tiers,
                    tier_community="community" in tiers,
                ),
            )
    edition = catalog_services.draft_edition(user=office, title="基准测试版")
    catalog_services.submit_edition(user=office, edition=edition)
    return catalog_services.approve_edition(user=meeting, edition=edition)  # the signal generates once


def main():
    from publishing.models import Obligation
    from publishing.services import generate_obligations

    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        edition = build()
        print(f"built district and catalog in {time.perf_counter() - t0:.1f}s")
        first, rerun = [], []
        for _ in range(RUNS):
            Obligation.history.all().delete()
            Obligation.objects.all().delete()
            t = time.perf_counter()
            result = generate_obligations(edition=edition)
            first.append(time.perf_counter() - t)
            t = time.perf_counter()
            again = generate_obligations(edition=edition)
            rerun.append(time.perf_counter() - t)
            assert again.created == again.reopened == again.closed == 0, again
        print(
            f"units=110 items=500 obligations={result.created} (unassigned items={result.unassigned_items}) "
            f"database={connection.vendor}"
        )
        print(
            f"first generation: median {statistics.median(first):.3f} s over {RUNS} runs "
            f"({', '.join(f'{x:.3f}' for x in first)})"
        )
        print(
            f"idempotent re-run: median {statistics.median(rerun):.3f} s over {RUNS} runs "
            f"({', '.join(f'{x:.3f}' for x in rerun)})"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
