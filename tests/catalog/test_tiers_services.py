"""Tier templates (issue 25 part 4): a unit's catalog = template + its local items − its reasoned exclusions; an
officer changes only its own unit's catalog; a template change is seen and adopted with history kept; the duties
follow the adopted catalog."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import CatalogEdition
from catalog.services import retire_items
from catalog.tiers import services
from catalog.tiers.catalogs import changes_since, read_catalog
from catalog.tiers.models import Adoption
from organizations.models import Role
from publishing.models import Obligation, ObligationStatus
from publishing.services import replan_obligations
from tests.factories import member
from tests.publishing.helpers import make_item


@pytest.fixture
def world(d, office, domain, release, django_capture_on_commit_callbacks):
    items = {
        name: make_item(office, domain, name, subject="各街道办事处")
        for name in ("学校招生范围公示", "入学政策解读", "困难学生资助名单")
    }
    items["区级事项"] = make_item(office, domain, "区级事项", subject="区教育局", tiers=("district",))
    edition = release("第一版")
    with django_capture_on_commit_callbacks(execute=True):
        template = services.mark_template(user=office, tier="street", title="街道级目录模板")
    officer_s1 = member(Role.OFFICER, d["s1"], "officer_s1")
    officer_s2 = member(Role.OFFICER, d["s2"], "officer_s2")
    return {
        "d": d,
        "items": items,
        "edition": edition,
        "template": template,
        "s1": officer_s1,
        "s2": officer_s2,
        "office": office,
        "release": release,
        "domain": domain,
        "capture": django_capture_on_commit_callbacks,
    }


def duties(unit):
    return set(
        Obligation.objects.filter(unit=unit, status=ObligationStatus.ACTIVE).values_list(
            "item__name", flat=True
        )
    )


def test_a_units_catalog_is_template_plus_local_minus_reasoned_exclusions(world):
    d, items, s1 = world["d"], world["items"], world["s1"]
    services.adopt(user=s1, unit=d["s1"])
    with pytest.raises(ValidationError):
        services.exclude_item(user=s1, unit=d["s1"], item=items["入学政策解读"], reason="  ")
    services.exclude_item(user=s1, unit=d["s1"], item=items["入学政策解读"], reason="辖区内无公办学校")
    local = services.add_local_item(
        user=s1,
        unit=d["s1"],
        domain=world["domain"],
        name="辖区托育机构名录",
        elements=["机构名称", "地址"],
        time_limit_text="信息形成或者变更之日起20个工作日内",
    )
    catalog = read_catalog(Adoption.objects.get(unit=d["s1"]))
    names = {i.name for i in catalog.local} | {catalog.adopted[i]["name"] for i in catalog.adopted}
    assert "区级事项" not in names  # not of the street tier
    expected = {items[n].pk for n in ("学校招生范围公示", "困难学生资助名单")} | {local.item_id}
    assert catalog.item_ids == expected
    assert local.item.subject_unit_id == d["s1"].pk and local.item.tier_street
    with pytest.raises(ValidationError):  # a district item is not the template's
        services.exclude_item(user=s1, unit=d["s1"], item=items["区级事项"], reason="不适用")


def test_an_officer_changes_only_its_own_units_catalog(world):
    d, s1, s2 = world["d"], world["s1"], world["s2"]
    services.adopt(user=s2, unit=d["s2"])
    with pytest.raises(PermissionDenied):
        services.adopt(user=s1, unit=d["s2"])  # another street
    with pytest.raises(PermissionDenied):
        services.exclude_item(user=s1, unit=d["s2"], item=world["items"]["入学政策解读"], reason="理由")
    with pytest.raises(PermissionDenied):
        services.adopt(user=s1, unit=d["c11"])  # a community of its own street is not its own unit
    with pytest.raises(PermissionDenied):
        services.mark_template(user=s1, tier="street", title="自己的模板")
    services.exclude_item(
        user=world["office"], unit=d["s2"], item=world["items"]["入学政策解读"], reason="理由"
    )


def test_a_template_change_is_listed_and_adopted_in_one_action_with_history(world):
    d, items, s1, office = world["d"], world["items"], world["s1"], world["office"]
    services.adopt(user=s1, unit=d["s1"])
    added = make_item(office, world["domain"], "课后服务收费标准", subject="各街道办事处")
    changed = items["学校招生范围公示"]
    changed.time_limit_text = "每年6月底前"
    changed.save()
    retire_items(user=office, items=[items["困难学生资助名单"]], reason="并入资助事项")
    second = world["release"]("第二版")
    adoption = Adoption.objects.get(unit=d["s1"])
    diff = changes_since(adoption)
    assert [a["name"] for a in diff.added] == [added.name]
    assert [r["name"] for r in diff.removed] == ["困难学生资助名单"]
    assert [c.name for c in diff.changed] == ["学校招生范围公示"]
    assert read_catalog(adoption).lag == 1
    services.adopt(user=s1, unit=d["s1"])
    adoption.refresh_from_db()
    assert adoption.edition == second and read_catalog(adoption).lag == 0
    assert list(adoption.history.order_by("history_id").values_list("edition__number", flat=True)) == [1, 2]
    with pytest.raises(ValidationError):
        services.adopt(user=s1, unit=d["s1"])  # already in step
    assert changes_since(adoption).is_empty


def test_duties_follow_the_adopted_catalog(world):
    d, items, s1, s2, office = world["d"], world["items"], world["s1"], world["s2"], world["office"]
    capture = world["capture"]
    assert "入学政策解读" in duties(d["s1"]) and "入学政策解读" in duties(d["s2"])
    with capture(execute=True):
        services.adopt(user=s1, unit=d["s1"])
        services.adopt(user=s2, unit=d["s2"])
        services.exclude_item(user=s1, unit=d["s1"], item=items["入学政策解读"], reason="辖区内无公办学校")
        services.add_local_item(
            user=s1, unit=d["s1"], domain=world["domain"], name="辖区托育机构名录", elements=["名称"],
            time_limit_text="信息形成或者变更之日起20个工作日内",
        )  # fmt: skip
    assert duties(d["s1"]) == {"学校招生范围公示", "困难学生资助名单", "辖区托育机构名录"}
    assert duties(d["s2"]) == {"学校招生范围公示", "入学政策解读", "困难学生资助名单"}
    closed = Obligation.objects.get(unit=d["s1"], item=items["入学政策解读"])
    assert closed.status == ObligationStatus.CLOSED  # closed, never deleted
    # a template change: s2 adopts it, s1 lags a version and owes the new item only once it adopts
    make_item(office, world["domain"], "课后服务收费标准", subject="各街道办事处")
    world["release"]("第二版")
    with capture(execute=True):
        services.adopt(user=s2, unit=d["s2"])
    assert "课后服务收费标准" in duties(d["s2"]) and "课后服务收费标准" not in duties(d["s1"])
    assert "辖区托育机构名录" in duties(d["s1"])  # the local item, now in the edition, still s1's alone
    assert CatalogEdition.objects.current().number == 2
    with capture(execute=True):
        services.adopt(user=s1, unit=d["s1"])
    assert "课后服务收费标准" in duties(d["s1"])
    assert "辖区托育机构名录" not in duties(d["s2"])
    # withdrawing the exclusion gives the duty back (reopened)
    exclusion = Adoption.objects.get(unit=d["s1"]).exclusions.get()
    with capture(execute=True):
        services.withdraw_exclusion(user=s1, exclusion=exclusion)
    assert "入学政策解读" in duties(d["s1"])


def test_an_exclusion_without_a_reason_leaves_the_duty(world):
    d, items = world["d"], world["items"]
    adoption = services.adopt(user=world["s1"], unit=d["s1"])
    adoption.exclusions.create(item=items["入学政策解读"], reason="")  # an old list brought in, no reason
    replan_obligations(user=world["office"])
    assert "入学政策解读" in duties(d["s1"])
    services.exclude_item(
        user=world["s1"], unit=d["s1"], item=items["入学政策解读"], reason="辖区内无公办学校"
    )
    replan_obligations(user=world["office"])
    assert "入学政策解读" not in duties(d["s1"])
