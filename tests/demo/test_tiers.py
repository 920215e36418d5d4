"""The demo's street template (issue 25 part 4), over the whole demo (load_demo once for this module, rolled back
after it): the streets' adoptions (one with a local item, one with an excluded item and its reason, one lagging a
version), the drift report after the template change — written to docs/issue25/drift-demo.txt — and the duties
of every unit with an adoption: the adopted items whose 公开主体 names it."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from catalog.models import CatalogEdition, PublishedItem
from catalog.tiers.catalogs import read_catalogs
from catalog.tiers.models import Adoption
from organizations.models import Unit
from publishing import responsibility
from publishing.models import Obligation, ObligationSource, ObligationStatus

DRIFT_FILE = Path(__file__).resolve().parents[2] / "docs" / "issue25" / "drift-demo.txt"


class Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("load_demo", stdout=io.StringIO())
                yield
                raise Rollback
        except Rollback:
            pass


def test_the_streets_adopt_the_template_one_lagging_one_excluding_one_adding(demo, db):
    current = CatalogEdition.objects.current()
    adoptions = {a.unit.code: a for a in Adoption.objects.select_related("unit", "edition")}
    assert len(adoptions) == 10 and current.number == 2
    assert [code for code, a in adoptions.items() if a.edition != current] == ["GS-BS"]
    hushu = adoptions["GS-HS"].exclusions.get()
    assert hushu.item.code == "GS-GGZY-04-02" and "撤村建居" in hushu.reason
    assert [i.item.name for i in adoptions["GS-XH"].local_items.all()] == [
        "小河街道老旧小区综合改造提升项目公示"
    ]
    assert adoptions["GS-HS"].history.count() == 2  # adopted edition 1, then edition 2


def test_the_drift_report_after_the_template_change(demo, db):
    out = io.StringIO()
    call_command("tier_drift", "--tier", "street", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    # street-tier units another loader adds later (a 民族乡) have adopted nothing yet: they lack every item
    unadopted = Unit.objects.filter(tier="street", is_active=True, adoption=None).count()
    template = read_catalogs(Adoption.objects.filter(unit__code="GS-HS"))[0].current
    assert lines[0].startswith("街道级目录偏差报告") and "现行第2版" in lines[0]
    assert f"模板事项 {len(template)} 项" in lines[0] and f"有偏差 {2 + unadopted} 个" in lines[0]
    banshan = next(line for line in lines if line.startswith("半山街道办事处"))
    assert "采用第1版（落后1版）" in banshan and "缺少模板事项 1 项" in banshan
    assert "  - 缺少模板事项：GS-SZFW-04-04「门前三包责任落实情况」：模板新增，尚未采用" in lines
    xiangfu = next(line for line in lines if line.startswith("祥符街道办事处"))
    assert "自增事项与模板事项重复 1 项" in xiangfu
    duplicate = next(line for line in lines if "重复：" in line)
    assert (
        "GS-XF-BJ01「道路保洁与垃圾清运作业」" in duplicate
        and "GS-SZFW-04-02「道路保洁和垃圾清运作业」近似" in duplicate
    )
    hushu = next(line for line in lines if line.startswith("湖墅街道办事处"))
    assert hushu.endswith("不适用 1 项（已说明理由）；无偏差")  # its exclusion has a reason: no drift
    xiaohe = next(line for line in lines if line.startswith("小河街道办事处"))
    assert xiaohe.endswith("自增 1 项；无偏差")  # its own item duplicates nothing
    lacking = 1 + unadopted * len(template)
    assert lines[-1] == f"合计：缺少模板事项 {lacking} 项，不适用未说明理由 0 项，自增事项与模板事项重复 1 项"
    DRIFT_FILE.parent.mkdir(parents=True, exist_ok=True)
    DRIFT_FILE.write_text(
        "# manage.py tier_drift --tier street，演示数据（manage.py load_demo）模板调整为第2版之后；"
        "由 tests/demo/test_tiers.py 写出\n" + text,
        encoding="utf-8",
    )


def test_every_adopting_units_duties_are_the_adopted_items_that_name_it(demo, db):
    """The cross-app invariant: for each unit with an adoption, its generated duties on the template's items and
    its own items are exactly the items of its adopted catalog whose 公开主体 names it (the plan without the
    adoptions), and it owes nothing it excluded with a reason or has not adopted."""
    edition = CatalogEdition.objects.current()
    names_it = {
        (u, p.item_id)
        for p in responsibility.plan_rows(responsibility._rows_of_edition(edition))
        for u in p.unit_ids
    }
    in_edition = set(PublishedItem.objects.filter(edition=edition).values_list("item_id", flat=True))
    duties = set(
        Obligation.objects.filter(
            status=ObligationStatus.ACTIVE, source=ObligationSource.GENERATED
        ).values_list("unit_id", "item_id")
    )
    checked = 0
    for catalog in read_catalogs(Adoption.objects.all(), current=edition):
        unit = catalog.adoption.unit_id
        scope = set(catalog.current) | set(catalog.adopted) | {i.pk for i in catalog.local}
        local = {i.pk for i in catalog.local}
        expected = {i for i in catalog.item_ids if i in local or (i in in_edition and (unit, i) in names_it)}
        owed = {i for u, i in duties if u == unit and i in scope}
        assert owed == expected, catalog.adoption.unit.name
        assert not owed & catalog.excluded_with_reason
        checked += 1
    assert checked == 10
