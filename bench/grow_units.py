"""Grow a database for the job benchmarks, committed (not a test; never on a database you want to keep as is).

    DATABASE_URL=postgres://portal@127.0.0.1:5455/rem2m .venv/bin/python bench/grow_units.py --units 117700

Adds N communities (under new streets, as ``bench/jobs.py --generate-units`` does) each with a disclosure
officer who has an e-mail address (a reminder recipient), then runs the real obligation generator for the
edition in force and commits: with the demo catalog ≈ 17 obligations per community, so 117,700 communities
give ≈ 2,000,000 obligations. Prints the time of each step and the totals.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.jobs import add_communities, setup  # noqa: E402


def add_officers(prefix: str) -> int:
    """One officer (user with an e-mail, OFFICER membership) per community whose code starts with ``prefix``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from organizations.models import Membership, Role, Unit

    User = get_user_model()
    units = list(Unit.objects.filter(code__startswith=prefix).values_list("pk", "code"))
    password = make_password(None)  # unusable
    users = [
        User(username=f"bench_{code.lower()}", email=f"{code.lower()}@bench.example", password=password)
        for _pk, code in units
    ]
    User.objects.bulk_create(users, batch_size=5000)
    ids = dict(User.objects.filter(username__startswith="bench_").values_list("username", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(user_id=ids[f"bench_{code.lower()}"], unit_id=pk, role=Role.OFFICER, title="公开专员")
            for pk, code in units
        ],
        batch_size=5000,
    )
    return len(units)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, required=True)
    args = parser.parse_args()
    setup()
    from django.db import transaction

    from catalog.models import CatalogEdition
    from organizations.models import Unit
    from publishing import services
    from publishing.models import Obligation

    if Unit.objects.filter(code__startswith="BJ-C").exists():
        sys.exit("this database was grown already (units BJ-C…)")
    with transaction.atomic():
        t = time.perf_counter()
        # The bulk path (no organizations.services: a benchmark, kept fast; bulk_create sends no unit_changed),
        # then the regeneration the services' unit_changed would have queued, explicitly (below).
        added = add_communities(args.units)
        officers = add_officers("BJ-C")
        print(f"units: {added} added, {officers} officers, {time.perf_counter() - t:.1f}s", flush=True)
        t = time.perf_counter()
        result = services.generate_obligations(edition=CatalogEdition.objects.current())
        print(f"generation: {result.created} created, {time.perf_counter() - t:.1f}s", flush=True)
    print(f"obligations: {Obligation.objects.count():,} ({Obligation.objects.active().count():,} active)")


if __name__ == "__main__":
    main()
