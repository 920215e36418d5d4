"""Who owes what over the whole demo (load_demo, loaded once for this module and rolled back after it).

Every open duty is what the plan of its item's 公开主体 gives (unit and reason), no department owes an item of
another sector unless its words name that department or say "each", and the 低保 story holds: 区民政局 owes the
district 低保 items, every street the street ones, communities only the 审核确认结果公示 the catalog gives them.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from catalog import subjects as S
from organizations.models import Unit
from publishing import responsibility
from publishing.models import Obligation, ObligationSource, ObligationStatus


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


@pytest.fixture
def duties(demo, db):
    return list(
        Obligation.objects.filter(status=ObligationStatus.ACTIVE, source=ObligationSource.GENERATED)
        .select_related("unit", "item")
        .order_by("pk")
    )


def test_every_open_duty_is_what_its_items_words_give(duties):
    plans = responsibility.plan_edition(_current())
    wanted = {(u, p.item_id): why for p in plans for u, (why, _c) in p.unit_ids.items()}
    have = {(o.unit_id, o.item_id): o.basis for o in duties}
    assert have == wanted
    assert not [p for p in plans if p.unassigned]


def test_no_department_owes_an_item_of_another_sector(duties):
    for o in duties:
        if o.unit.kind != "department":
            continue
        clauses = S.parse_subject(o.item.subject_text)
        names = {o.unit.name, o.unit.short_name, *o.unit.alias_list} - {""}
        ok = any(
            set(c.names) & names
            or (c.rule == S.SECTOR and set(c.sectors) & set(o.unit.sectors))
            or c.rule in (S.EACH, S.VAGUE)
            for c in clauses
        )
        assert ok, (o.unit.name, o.item.name, o.item.subject_text)


def test_the_low_income_story_is_owed_by_the_right_units(duties):
    owed: dict[str, set[str]] = {}
    for o in duties:
        owed.setdefault(o.item.name, set()).add(o.unit.code)
    # the street tier: the streets and the demo's 民族乡 (硗碛藏族乡, a township: 乡镇人民政府 and 街道办事处 are one
    # tier, so "各街道办事处" in a catalog names it too)
    streets = set(Unit.objects.filter(tier="street").values_list("code", flat=True))
    communities = set(Unit.objects.filter(kind="community").values_list("code", flat=True))
    assert owed["最低生活保障政策文件"] == {"GS-MZJ"}
    assert owed["最低生活保障办事指南"] == {"GS-MZJ"} | streets
    assert owed["最低生活保障对象及保障金发放情况"] == {"GS-MZJ"} | streets
    assert owed["最低生活保障审核确认结果公示"] == streets | communities  # 社区居委会: not the villages
    assert "GS-JYJ" not in owed["土地征收预公告"]
    jyj = {name for name, units in owed.items() if "GS-JYJ" in units}
    assert not {n for n in jyj if "最低生活保障" in n or "征" in n}


def _current():
    from catalog.models import CatalogEdition

    return CatalogEdition.objects.current()
