"""Real published catalogs (tests/catalog/corpus, sources cited there) import unchanged, element by element.

Each workbook copies a catalog as a district, county, county-level city, town or development zone publishes
it. Nothing in them was edited to please the importer: the test imports the bytes as built and checks every
item against the expected values of its source rows.
"""

import io

import openpyxl
import pytest
from django.core.management import call_command

from catalog.importer import import_catalog, parse_workbook
from catalog.models import DisclosureItem
from catalog.timelimits import TimeLimitRule
from domains.models import Domain
from tests.catalog.corpus import all_sources
from tests.factories import district, member

pytestmark = pytest.mark.django_db

SOURCES = all_sources()


@pytest.fixture
def office(db):
    from organizations.models import Role

    d = district()
    return member(Role.OFFICE, d["gov"], "office_corpus")


def test_the_corpus_is_ten_workbooks_of_eight_fields_with_sources():
    assert len(SOURCES) >= 10
    fields = {s.field for s in SOURCES} | {e.field for s in SOURCES for e in s.expected if e.field}
    assert len(fields) >= 8
    assert all(s.url.startswith("http") for s in SOURCES)


def find(domain_code: str, path: tuple[str, ...]) -> DisclosureItem:
    items = DisclosureItem.objects.filter(domain__code=domain_code, name=path[-1], level=len(path) - 1)
    matches = [i for i in items if tuple(a.name for a in i.get_ancestors(include_self=True)) == path]
    assert len(matches) == 1, (domain_code, path, matches)
    return matches[0]


def check_item(source, expected) -> list[str]:
    """Every difference between an imported item and its source row."""
    item = find(expected.field or source.field, expected.path)
    wrong = []
    elements = [e.text for e in item.elements.all()]
    if elements != expected.elements:
        wrong.append(f"elements {elements!r}")
    bases = [b.document.name for b in item.bases.all()]
    if bases != expected.bases:
        wrong.append(f"bases {bases!r}")
    if item.time_limit_text != expected.time_limit:
        wrong.append(f"time limit {item.time_limit_text!r}")
    rule = TimeLimitRule.from_dict(item.time_limit_rule) if item.time_limit_rule else None
    kind = rule.kind.value if rule else "unparsed"
    if kind != expected.kind:
        wrong.append(f"rule {kind} ({item.time_limit_note})")
    for key, value in expected.rule.items():
        if (rule.to_dict() if rule else {}).get(key) != value:
            wrong.append(f"rule {key} {rule.to_dict() if rule else {}!r}")
    if item.subject_text != expected.subject:
        wrong.append(f"subject {item.subject_text!r}")
    channels = [(c.channel, c.required) for c in item.channels.order_by("id")]
    if channels != expected.channels:
        wrong.append(f"channels {channels!r}")
    words = {c.channel: c.words for c in item.channels.all()}
    wrong += [f"words of {k}: {words.get(k)!r}" for k, v in expected.labels.items() if words.get(k) != v]
    if set(item.tiers) != expected.tiers:
        wrong.append(f"tiers {item.tiers!r}")
    if (item.audience_public, item.audience_specific) != expected.audience:
        wrong.append("audience")
    if (item.mode_proactive, item.mode_on_request) != expected.mode:
        wrong.append("mode")
    if item.five_public != expected.five_public:
        wrong.append(f"五公开 {item.five_public!r}")
    return wrong


@pytest.mark.parametrize("source", SOURCES, ids=[s.key for s in SOURCES])
def test_a_real_catalog_imports_unchanged_element_by_element(source, office):
    plan = parse_workbook(io.BytesIO(source.build()), **source.options)
    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.count == len(source.expected), [r.label for r in plan.rows]
    import_catalog(user=office, plan=plan)
    problems = {e.path: check_item(source, e) for e in source.expected}
    assert {path: wrong for path, wrong in problems.items() if wrong} == {}


def test_same_as_above_is_read_and_recorded(office):
    source = next(s for s in SOURCES if s.key == "dongyang-city")
    import_catalog(user=office, plan=parse_workbook(io.BytesIO(source.build())))
    item = find("public-legal", ("法治宣传教育", "推广法治文化服务"))
    assert item.basis_text.startswith("《中共中央、国务院转发")
    assert any("同上（沿用第4行）" in note for note in item.import_notes)


def test_a_catalog_without_a_tier_column_needs_the_tier(office):
    source = next(s for s in SOURCES if s.key == "work-safety-zone")
    refused = parse_workbook(io.BytesIO(source.build()))
    assert not refused.ok and "--tier" in str(refused.errors[0])
    assert parse_workbook(io.BytesIO(source.build()), tier="street").rows[0].data.tier_street
    assert parse_workbook(io.BytesIO(source.build()), tier="乡镇").rows[0].data.tier_street


def test_warnings_name_sheet_row_and_column(office):
    source = next(s for s in SOURCES if s.key == "work-safety-zone")
    plan = parse_workbook(io.BytesIO(source.build()), **source.options)
    messages = [str(w) for w in plan.warnings]
    assert "工作表「安全生产」第4行 J列（公开渠道）：“国家档案馆”没有标记■或□，已按可选渠道记录" in messages


def test_a_repeated_header_is_skipped(office):
    source = next(s for s in SOURCES if s.key == "environment-city")
    plan = parse_workbook(io.BytesIO(source.build()), **source.options)
    assert "工作表「生态环境」第5行：重复的表头行，已跳过" in [str(w) for w in plan.warnings]


def sheet_rows(path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {
        ws.title: [tuple(c.value for c in row) for row in ws.iter_rows(min_row=4)] for ws in book.worksheets
    }


def test_export_import_export_gives_the_same_rows(tmp_path, office, django_db_blocker):
    for source in SOURCES:
        import_catalog(user=office, plan=parse_workbook(io.BytesIO(source.build()), **source.options))
    first = tmp_path / "first.xlsx"
    call_command("export_catalog", str(first), stdout=io.StringIO())
    exported = DisclosureItem.objects.filter(status="active").count()
    # an empty database: everything goes, then the export comes back in
    from catalog.models import ContentElement, ItemBasis, ItemChannel

    for model in (ContentElement, ItemBasis, ItemChannel):
        model.objects.all().delete()
    for item in DisclosureItem.objects.order_by("-level"):
        item.delete()
    plan = parse_workbook(first)
    assert plan.ok, [str(e) for e in plan.errors[:5]]
    import_catalog(user=office, plan=plan)
    assert DisclosureItem.objects.count() == exported
    second = tmp_path / "second.xlsx"
    call_command("export_catalog", str(second), stdout=io.StringIO())
    before, after = sheet_rows(first), sheet_rows(second)
    differences = [
        (sheet, r, c, a, b)
        for sheet in before
        for r, (row_a, row_b) in enumerate(zip(before[sheet], after.get(sheet, []), strict=False))
        for c, (a, b) in enumerate(zip(row_a, row_b, strict=False))
        if a != b
    ]
    assert differences == [] and before == after
    assert set(sheet_rows(first)) >= {
        d.name for d in Domain.objects.filter(code__in={s.field for s in SOURCES})
    }
