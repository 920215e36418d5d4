"""Column monitoring (栏目监测): stale and blank columns, the single veto, snapshots, the dashboard."""

from datetime import date

import pytest
from django.urls import reverse

from domains.models import Domain
from organizations.models import Role
from publishing import monitoring
from publishing.models import ColumnCheck, Obligation, Publication, PublicationStatus
from publishing.tasks import check_columns
from tests.factories import member
from tests.publishing.helpers import make_item, published

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 10, 15)
FIELDS = [
    "compulsory-education",
    "budget",
    "land-acquisition",
    "house-expropriation",
    "affordable-housing",
    "disaster-relief",
]


@pytest.fixture
def world(d, office, release, settings):
    """Three communities, each with six field columns (one item per field, community tier) + 通知公告.

    Kinds: budget → plan (1 year, the default map); disaster-relief → news (2 weeks, set here); the rest
    notice (6 months). Check date 2025-10-15.

    c11 (卖鱼桥):
      教育   published 2025-04-15 → fresh until 2025-10-15 = the check date → fresh (the boundary day)
      征地   published 2025-04-14 → fresh until 2025-10-14 → STALE
      救灾   published 2025-10-01 by the street for c11's obligation → fresh until 2025-10-15 → fresh
      房屋征收 published 2025-10-16, after the check date → not counted → BLANK
      保障房 published then withdrawn → not counted → BLANK
      预决算 published 2024-11-01, later superseded (it was on the page) → fresh until 2025-11-01 → fresh
      通知公告 (c11's own): latest 2025-04-15 (the street's record is not c11's own) → fresh until 10-15
      → 7 columns, 1 stale, 2 blank, no veto; last update 2025-10-01.
    c12 (信义坊): everything published 2025-01-10 → notice fields until 2025-07-10 (4 stale), news until
      2025-01-24 (stale), plan until 2026-01-10 (fresh), 通知公告 until 2025-07-10 (stale)
      → 6 stale ≥ 5: STALE VETO.
    c21 (小河): nothing ever → 7 blank ≥ 5: BLANK VETO.
    """
    settings.PUBLISHING_COLUMN_KINDS = {"disaster-relief": monitoring.NEWS}
    Domain.objects.filter(code__in=FIELDS).update(is_active=True)
    domains = {d_.code: d_ for d_ in Domain.objects.filter(code__in=FIELDS)}
    for code in FIELDS:
        # 救灾: the streets owe it too, so a street's record may serve c11's duty (a record counts for its own
        # duty: the publishing unit must owe the item itself)
        street_too = code == "disaster-relief"
        make_item(
            office,
            domains[code],
            f"{domains[code].name}事项",
            subject="各街道、各社区居委会" if street_too else "各社区居委会",
            tiers=("street", "community") if street_too else ("community",),
        )
    release()
    ob = {
        (o.unit.code, o.item.domain.code): o
        for o in Obligation.objects.select_related("unit", "item__domain")
    }
    c11, c12 = d["c11"], d["c12"]
    published(office, c11, "入学公告", [ob["D-S1-1", "compulsory-education"]], at=date(2025, 4, 15))
    published(office, c11, "征地公告", [ob["D-S1-1", "land-acquisition"]], at=date(2025, 4, 14))
    relief = [ob["D-S1", "disaster-relief"], ob["D-S1-1", "disaster-relief"]]
    published(office, d["s1"], "救灾物资发放", relief, at=date(2025, 10, 1))
    published(office, c11, "征收决定", [ob["D-S1-1", "house-expropriation"]], at=date(2025, 10, 16))
    gone = published(office, c11, "保障房名单", [ob["D-S1-1", "affordable-housing"]], at=date(2025, 5, 1))
    Publication.objects.filter(pk=gone.pk).update(status=PublicationStatus.WITHDRAWN)
    old = published(office, c11, "2024年预算", [ob["D-S1-1", "budget"]], at=date(2024, 11, 1))
    Publication.objects.filter(pk=old.pk).update(status=PublicationStatus.SUPERSEDED)
    for code in FIELDS:
        published(office, c12, f"信义坊{code}", [ob["D-S1-2", code]], at=date(2025, 1, 10))
    return d


def by_unit(statuses):
    return {s.unit_code: s for s in monitoring.summarize(statuses)}


def test_stale_blank_and_vetoes(world, django_assert_num_queries):
    with django_assert_num_queries(3):
        statuses = monitoring.check_columns(AS_OF)
    units = by_unit(statuses)
    assert set(units) == {
        "D-S1",
        "D-S1-1",
        "D-S1-2",
        "D-S2",
        "D-S2-1",
    }  # the district has no obligations here
    s1, s2 = units["D-S1"], units["D-S2"]
    assert (s1.column_count, s1.stale_count, s1.blank_count) == (2, 0, 0)  # 救灾 and its own 通知公告
    assert (s2.column_count, s2.stale_count, s2.blank_count) == (2, 0, 2)

    c11 = units["D-S1-1"]
    assert c11.column_count == 7 and c11.columns[0].name == monitoring.UNIT_COLUMN
    assert sorted(c.name for c in c11.stale) == ["征地补偿"]
    assert sorted(c.name for c in c11.blank) == ["保障性住房", "国有土地上房屋征收与补偿"]
    assert not c11.vetoed and c11.last_update == date(2025, 10, 1)
    columns = {c.name: c for c in c11.columns}
    assert columns["义务教育"].fresh_until == AS_OF and not columns["义务教育"].stale
    assert columns["救灾"].kind == monitoring.NEWS and columns["救灾"].fresh_until == date(2025, 10, 15)
    assert columns["财政预决算"].kind == monitoring.PLAN and columns["财政预决算"].fresh_until == date(
        2025, 11, 1
    )
    assert columns[monitoring.UNIT_COLUMN].last_update == date(2025, 4, 15)

    c12 = units["D-S1-2"]
    assert (c12.stale_count, c12.blank_count) == (6, 0)
    assert [c.name for c in c12.columns if not c.stale] == ["财政预决算"]
    assert c12.stale_veto and not c12.blank_veto

    c21 = units["D-S2-1"]
    assert (c21.column_count, c21.stale_count, c21.blank_count) == (7, 0, 7)
    assert c21.blank_veto and not c21.stale_veto and c21.last_update is None


def test_the_day_after_the_boundary_is_stale(world):
    c11 = by_unit(monitoring.check_columns(date(2025, 10, 16)))["D-S1-1"]
    # 教育 (until 10-15), 征地, 救灾 (until 10-15) are stale now; 房屋征收 was published on 10-16, which
    # fills its column and freshens c11's own 通知公告 column (fresh until 2026-04-16).
    assert sorted(c.name for c in c11.stale) == ["义务教育", "征地补偿", "救灾"]
    assert sorted(c.name for c in c11.blank) == ["保障性住房"]


def test_inactive_fields_and_closed_obligations_are_no_columns(world):
    Domain.objects.filter(code="budget").update(is_active=False)
    Obligation.objects.filter(unit__code="D-S2-1", item__domain__code="land-acquisition").update(
        status="waived"
    )
    units = by_unit(monitoring.check_columns(AS_OF))
    assert units["D-S1-1"].column_count == 6 and units["D-S2-1"].column_count == 5


def test_nightly_task_stores_one_snapshot_per_unit_and_day(world):
    assert check_columns.delay(AS_OF.isoformat()).get() == 5
    assert check_columns.delay(AS_OF.isoformat()).get() == 5  # a second run that day updates, adds nothing
    assert ColumnCheck.objects.count() == 5
    snap = ColumnCheck.objects.get(unit__code="D-S1-2", checked_on=AS_OF)
    assert (snap.columns, snap.stale, snap.blank, snap.stale_veto, snap.blank_veto) == (7, 6, 0, True, False)
    assert snap.last_update == date(2025, 1, 10) and len(snap.details) == 7
    check_columns.delay("2025-10-16").get()
    assert ColumnCheck.objects.count() == 10
    assert [c.unit.code for c in monitoring.latest_checks()] == ["D-S1", "D-S2", "D-S1-1", "D-S1-2", "D-S2-1"]
    assert ColumnCheck.objects.get(unit__code="D-S2-1", checked_on=AS_OF).blank_veto


def test_dashboard_permissions(client, world):
    url = reverse("publishing:monitoring")
    assert client.get(url).status_code == 302  # login first
    client.force_login(member(Role.OFFICER, world["c11"], "c11_officer"))
    assert client.get(url).status_code == 403
    client.force_login(member(Role.AUDITOR, world["gov"], "auditor"))
    assert client.get(url).status_code == 200
    client.force_login(member(Role.OFFICE, world["gov"], "office_b"))
    assert client.get(url).status_code == 200


def test_dashboard_lists_units_sorted_with_flags(client, world):
    client.force_login(member(Role.OFFICE, world["gov"], "office_b"))
    url = reverse("publishing:monitoring")
    text = client.get(url, {"date": AS_OF.isoformat()}).content.decode()
    assert "栏目监测" in text and "2025年10月15日" in text
    # Default sort: most stale first.
    assert text.index("信义坊社区") < text.index("卖鱼桥社区") < text.index("小河社区")
    assert "超期栏目≥5" in text and "空白栏目≥5" in text and "从未更新" in text
    text = client.get(url, {"date": AS_OF.isoformat(), "sort": "blank"}).content.decode()
    assert text.index("小河社区") < text.index("卖鱼桥社区") < text.index("信义坊社区")
    text = client.get(url, {"date": AS_OF.isoformat(), "sort": "unit", "dir": "asc"}).content.decode()
    assert text.index("卖鱼桥社区") < text.index("信义坊社区") < text.index("小河社区")
    vetoed = client.get(url, {"date": AS_OF.isoformat(), "veto": "1"}).content.decode()
    assert "卖鱼桥社区</strong>" not in vetoed and "信义坊社区</strong>" in vetoed
    assert client.get(url, {"date": "garbage"}).status_code == 200
