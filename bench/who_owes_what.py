"""Who owes what, measured over a loaded district (issue 21): prints the figures, asserts nothing.

    PYTHONPATH=. .venv/bin/python bench/who_owes_what.py [--database-url URL]

* department duties, and how many belong to a department that is neither the lead nor a cooperating unit of
  the item's field — with the rule that gave them (each duty records why);
* publications that fulfil duties of several items (and how many of those are marked 合并公开);
* fulfilments whose publishing unit does not itself owe the item;
* who published the 最低生活保障 records;
* duties waiting for the office to confirm.
"""

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="the database to read (default: the project's settings)")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from domains.models import Domain
    from publishing.models import Fulfilment, Obligation, Publication

    field_units = {
        d.id: {d.lead_unit_id, *d.cooperating_units.values_list("pk", flat=True)}
        for d in Domain.objects.filter(is_active=True).prefetch_related("cooperating_units")
    }
    duties = list(Obligation.objects.active().filter(unit__kind="department").select_related("item", "unit"))
    outside = [o for o in duties if o.unit_id not in field_units.get(o.item.domain_id, set())]

    def rule(o):
        return o.basis.split("→")[-1].strip() if o.basis else "（未记录依据）"

    print(f"department duties: {len(duties)}; outside the field's lead/cooperating units: {len(outside)}")
    print("  outside, by the rule that gave them:", dict(Counter(map(rule, outside))))
    print("  all department duties by rule:", dict(Counter(map(rule, duties))))
    items_of: dict[int, set] = {}
    for pub_id, item_id in Fulfilment.objects.values_list("publication_id", "obligation__item_id"):
        items_of.setdefault(pub_id, set()).add(item_id)
    several = [pk for pk, items in items_of.items() if len(items) > 1]
    combined = Publication.objects.filter(pk__in=several, combined=True).count()
    print(f"publications fulfilling several items: {len(several)} (marked 合并公开: {combined})")
    owed = set(Obligation.objects.exclude(status="closed").values_list("unit_id", "item_id"))
    stray = sum(
        1
        for unit_id, item_id in Fulfilment.objects.values_list("publication__unit_id", "obligation__item_id")
        if (unit_id, item_id) not in owed
    )
    print(f"fulfilments whose publishing unit does not owe the item: {stray}")
    publishers = Counter(
        Publication.objects.filter(title__contains="最低生活保障").values_list("unit__name", flat=True)
    )
    print("最低生活保障 records by unit:", dict(publishers.most_common()))
    print("duties to confirm:", Obligation.objects.active().filter(to_confirm=True).count())


if __name__ == "__main__":
    main()
