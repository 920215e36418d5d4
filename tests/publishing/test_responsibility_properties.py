"""Invariants of who owes what over generated districts (Hypothesis).

A generated district has departments with random sectors, streets, communities and villages, a field with a
lead and cooperating units, and items whose 公开主体 is composed of real phrasings (a named department, a
sector's department, 各街道办事处, 乡镇人民政府, 社区居委会, 村委会, 村（居）委会, 各部门, 相关部门, 区人民政府,
a higher body, an unknown body). After approval, every active duty must be owed by a unit that one phrase of
its item names, in the way that phrase names it — checked here from the units' own attributes, not through the
matcher — and an item whose words name nobody must have no duty at all. Records linked through the service
count only for duties of one item their own unit owes.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import subjects as S
from organizations.sectors import BY_CODE
from publishing import responsibility
from publishing.models import Obligation, ObligationStatus
from tests.factories import UnitFactory
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db

SECTOR_POOL = ["civil-affairs", "education", "emergency", "finance", "natural-resources"]
BUREAU = {"civil-affairs": "民政局", "education": "教育局", "emergency": "应急管理局", "finance": "财政局",
          "natural-resources": "自然资源和规划局"}  # fmt: skip
PHRASES = [
    "sector-bureau",  # 区民政局
    "sector-dept",  # 县级人民政府民政部门
    "named",  # a department by its exact name
    "各街道办事处",
    "乡镇人民政府（街道办事处）",
    "社区居委会",
    "村委会",
    "村（居）委会",
    "各部门",
    "相关部门",
    "区人民政府",
    "省民政厅",
    "区文化馆",
]


class Rollback(Exception):
    pass


@st.composite
def districts(draw):
    departments = draw(
        st.lists(st.lists(st.sampled_from(SECTOR_POOL), max_size=2, unique=True), min_size=1, max_size=4)
    )
    streets = draw(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1)), min_size=1, max_size=3))
    items = draw(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3, unique=True),
                st.sampled_from(SECTOR_POOL),
                st.integers(0, 10),
                st.sets(st.sampled_from(["district", "street", "community"]), min_size=1),
            ),
            min_size=1,
            max_size=5,
        )
    )
    lead = draw(st.integers(0, 10))
    # records: (publishing unit pick, duty picks): the service must accept exactly the ones that link duties of
    # one item that the publishing unit itself owes
    records = draw(
        st.lists(
            st.tuples(st.integers(0, 50), st.lists(st.integers(0, 200), min_size=1, max_size=3)), max_size=4
        )
    )
    return departments, streets, items, lead, records


def _records_count_for_their_own_duty(office, records) -> None:
    """Records linked through the service: accepted exactly when all their duties are of one item the publishing
    unit owes; afterwards every fulfilment links a record to a duty of an item its unit owes."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from organizations.models import Unit
    from publishing import services
    from publishing.models import Fulfilment

    duties = list(Obligation.objects.filter(status=ObligationStatus.ACTIVE).order_by("pk"))
    units = list(Unit.objects.filter(is_active=True).order_by("pk"))
    if not duties:
        return
    owed = {(o.unit_id, o.item_id) for o in duties}
    for n, (unit_pick, duty_picks) in enumerate(records):
        unit = units[unit_pick % len(units)]
        linked = list({duties[i % len(duties)].pk: duties[i % len(duties)] for i in duty_picks}.values())
        items = {o.item_id for o in linked}
        expected = len(items) == 1 and (unit.pk, next(iter(items))) in owed
        try:
            with transaction.atomic():
                services.create_publication(
                    user=office,
                    unit=unit,
                    title=f"记录{n}",
                    formed_on=timezone.localdate(),
                    obligations=linked,
                )
            accepted = True
        except ValidationError:
            accepted = False
        assert accepted == expected, (unit.name, [(o.unit.name, o.item.name) for o in linked])
    for unit_id, item_id, items in Fulfilment.objects.values_list(
        "publication__unit_id", "obligation__item_id", "publication__fulfilments__obligation__item_id"
    ):
        assert (unit_id, item_id) in owed and items == item_id


def _words(kind, sector, pick, departments):
    if kind == "sector-bureau":
        return f"区{BUREAU[sector]}"
    if kind == "sector-dept":
        return f"县级人民政府{BY_CODE[sector].name}部门"
    if kind == "named":
        return departments[pick % len(departments)].name
    return kind


def _named_by(clause, unit, leads, own_names) -> bool:
    """Whether ``clause`` names ``unit``, read from the unit's attributes (not through the matcher)."""
    if set(clause.names) & own_names:
        return True
    if clause.rule == S.SECTOR:
        return unit.tier == "district" and bool(set(unit.sectors) & set(clause.sectors))
    if clause.rule == S.VAGUE:
        return unit.pk in leads
    return unit.kind in clause.kinds


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=districts())
def test_every_duty_is_owed_by_a_unit_its_words_name(d, office, domain, release, case):
    departments_spec, streets_spec, items_spec, lead, records = case
    try:
        with transaction.atomic():
            gov = d["gov"]
            departments = [
                UnitFactory(name=f"区第{n}局", code=f"G-D{n}", kind="department", parent=gov, sectors=sectors)
                for n, sectors in enumerate(departments_spec)
            ]
            for n, (communities, villages) in enumerate(streets_spec):
                street = UnitFactory(name=f"第{n}街道", code=f"G-S{n}", kind="street", parent=gov)
                for m in range(communities):
                    UnitFactory(name=f"第{n}-{m}社区", code=f"G-S{n}-C{m}", kind="community", parent=street)
                for m in range(villages):
                    UnitFactory(name=f"第{n}-{m}村委会", code=f"G-S{n}-V{m}", kind="village", parent=street)
            domain.lead_unit = departments[lead % len(departments)]
            domain.save()
            domain.cooperating_units.set(departments[(lead + 1) % len(departments) :][:1])
            leads = {domain.lead_unit_id, *domain.cooperating_units.values_list("pk", flat=True)}
            subjects = {}
            for n, (phrases, sector, pick, tiers) in enumerate(items_spec):
                words = "、".join(_words(k, sector, pick, departments) for k in phrases)
                item = make_item(office, domain, f"事项{n}", subject=words, tiers=tuple(sorted(tiers)))
                subjects[item.pk] = words
            release()
            duties = Obligation.objects.filter(status=ObligationStatus.ACTIVE, item_id__in=subjects)
            owed_items = set()
            for duty in duties.select_related("unit"):
                unit = duty.unit
                own_names = {unit.name, unit.short_name, *unit.alias_list} - {""}
                clauses = S.parse_subject(subjects[duty.item_id])
                naming = [c for c in clauses if _named_by(c, unit, leads, own_names)]
                assert naming, (subjects[duty.item_id], unit.name, duty.basis)
                assert any(f"「{c.words}」" in duty.basis for c in naming), duty.basis
                # to confirm exactly when no clause names the unit definitely
                definite = [c for c in naming if c.rule != S.VAGUE or set(c.names) & own_names]
                assert duty.to_confirm == (not definite), (duty.basis, duty.to_confirm)
                owed_items.add(duty.item_id)
            plans = {p.item_id: p for p in responsibility.plan_catalog()}
            for item_id in subjects:
                assert (item_id in owed_items) == (not plans[item_id].unassigned)
            _records_count_for_their_own_duty(office, records)
            raise Rollback
    except Rollback:
        pass
