"""Seven real catalogs the first corpus does not have (tests/catalog/corpus/layouts.py, sources cited there) come
in through the column mapping (issue 22), each with at most ``--field``, ``--tier`` and ``--map``; what the
import assumed is listed, exactly, per item.

The figures of the issue are measured by :func:`test_figures_of_the_real_layouts` (run it with ``-s`` to see
them): of the layouts collected, how many come in with no correction (options only), how many need mapping
corrections (a column holding data would otherwise be left out), how many are refused, and why.
"""

from __future__ import annotations

import io

import pytest

from catalog.importer import parse_workbook
from catalog.importer.mapping import IGNORE
from catalog.importer.services import import_and_review
from catalog.models import DisclosureItem, ImportReview
from catalog.timelimits import TimeLimitRule
from tests.catalog.corpus.layouts import LAYOUTS, Item, Layout

pytestmark = pytest.mark.django_db


def corrections(layout: Layout) -> dict:
    return {"columns": [{"column": c, "role": r} for c, r in layout.maps.items()]}


def parse(layout: Layout, *, corrected: bool = True):
    mapping = corrections(layout) if corrected and layout.maps else None
    return parse_workbook(io.BytesIO(layout.source.build()), mapping=mapping, **layout.source.options)


def left_out(plan) -> list[str]:
    """Columns holding data that the mapping leaves out (ignored)."""
    return [
        f"{m.sheet}!{c.letter}「{c.header}」"
        for m in plan.mapping
        for c in m.columns
        if c.role == IGNORE and c.samples and c.header
    ]


def find(domain: str, path: tuple[str, ...]) -> DisclosureItem:
    items = DisclosureItem.objects.filter(domain__code=domain, name=path[-1], level=len(path) - 1)
    matches = [i for i in items if tuple(a.name for a in i.get_ancestors(include_self=True)) == path]
    assert len(matches) == 1, (domain, path, matches)
    return matches[0]


def differences(item: DisclosureItem, expected: Item) -> list[str]:
    checks, wrong = expected.checks, []
    rule = TimeLimitRule.from_dict(item.time_limit_rule) if item.time_limit_rule else None
    actual = {
        "tiers": item.tiers,
        "audience": (item.audience_public, item.audience_specific),
        "mode": (item.mode_proactive, item.mode_on_request),
        "channels": [c.channel for c in item.channels.order_by("id")],
        "required": [c.channel for c in item.channels.order_by("id") if c.required],
        "words": {c.channel: c.words for c in item.channels.all() if c.words},
        "elements": item.elements.count(),
        "bases": item.bases.count(),
        "subject": item.subject_text,
        "responsible_office": item.responsible_office,
        "time_limit": item.time_limit_text,
        "kind": rule.kind.value if rule else "unparsed",
        "notes": item.import_notes,
    }
    for key, value in checks.items():
        if key == "content_has":
            if value not in item.content:
                wrong.append(f"content lacks {value!r}")
        elif key == "words":
            if {k: actual["words"].get(k) for k in value} != value:
                wrong.append(f"words {actual['words']!r}")
        elif key == "notes":
            if not set(value) <= set(actual["notes"]):
                wrong.append(f"notes {actual['notes']!r}")
        elif actual[key] != value:
            wrong.append(f"{key} {actual[key]!r}")
    kinds = set(ImportReview.objects.filter(item=item).values_list("kind", flat=True))
    if kinds != expected.assumed:
        wrong.append(f"assumed {sorted(kinds)!r}")
    return wrong


@pytest.mark.parametrize("layout", LAYOUTS, ids=[lay.source.key for lay in LAYOUTS])
def test_a_real_catalog_comes_in_with_what_it_assumed_listed(layout, office):
    plan = parse(layout)
    assert plan.ok, [str(e) for e in plan.errors]
    assert left_out(plan) == []
    assert plan.count == len(layout.items), [r.label for r in plan.rows]
    import_and_review(user=office, plan=plan)
    problems = {e.path: differences(find(e.domain or layout.source.field, e.path), e) for e in layout.items}
    assert {path: wrong for path, wrong in problems.items() if wrong} == {}


def test_the_real_catalogs_are_from_pages_with_their_addresses():
    assert len(LAYOUTS) >= 6
    assert all(lay.source.url.startswith("http") for lay in LAYOUTS)
    assert len({lay.source.url for lay in LAYOUTS}) == len(LAYOUTS)


def test_figures_of_the_real_layouts(office, capsys):
    """The issue's figures: no correction / mapping corrections only / refused (with why)."""
    plain, mapped, refused = [], [], []
    for layout in LAYOUTS:
        plan = parse(layout, corrected=False)
        if not plan.ok:
            refused.append((layout.source.key, [str(e) for e in plan.errors[:3]]))
        elif left_out(plan):
            corrected = parse(layout)
            assert corrected.ok and left_out(corrected) == [], layout.source.key
            mapped.append((layout.source.key, left_out(plan)))
        else:
            plain.append(layout.source.key)
    with capsys.disabled():
        print(
            f"\n真实目录 {len(LAYOUTS)} 份：无需改正 {len(plain)}，只需改正映射 {len(mapped)}，拒绝 {len(refused)}"
        )
        for key, columns in mapped:
            print(f"  需改正映射：{key}：{'、'.join(columns)}")
        for key, why in refused:
            print(f"  拒绝：{key}：{'；'.join(why)}")
    assert refused == []
    assert len(plain) + len(mapped) == len(LAYOUTS)
    # each layout's needs are declared with it: --map only where a column would be left out
    assert {k for k, _ in mapped} == {lay.source.key for lay in LAYOUTS if lay.maps}
