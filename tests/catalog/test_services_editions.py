"""The edition workflow (动态调整), its diff, immutability, and who may edit the catalog."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog import services
from catalog.models import (
    CatalogEdition,
    DisclosureItem,
    EditionEvent,
    EditionStatus,
    PublishedItem,
    RuleStatus,
)
from catalog.selectors import edition_diff, public_items
from catalog.services import BasisRef, ItemData
from domains.models import Domain
from organizations.models import Role
from tests.append_only import assert_append_only
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def edu():
    return Domain.objects.get(code="compulsory-education")


def make_item(user, domain, name="招生范围", parent=None, **kw):
    data = ItemData(
        name=name,
        elements=kw.pop("elements", ["招生范围", "学区划分详细情况"]),
        basis_text="《中华人民共和国政府信息公开条例》",
        bases=[
            BasisRef(name="中华人民共和国政府信息公开条例", doc_number="国务院令第711号", article="第二十条")
        ],
        time_limit_text=kw.pop("time_limit_text", "信息形成或者变更之日起20个工作日内"),
        subject_text=kw.pop("subject_text", "区教育局"),
        channels=kw.pop("channels", [("website", True), ("new_media", True), ("reading_point", False)]),
        tier_district=True,
        **kw,
    )
    return services.save_item(user=user, domain=domain, parent=parent, data=data)


def release(office, meeting, title="第一版"):
    edition = services.draft_edition(user=office, title=title)
    services.submit_edition(user=office, edition=edition)
    return services.approve_edition(user=meeting, edition=edition, comment="同意")


def test_saving_an_item_parses_rule_and_subject(office, edu):
    top = make_item(office, edu, name="招生管理", elements=[])
    leaf = make_item(office, edu, parent=top)
    assert leaf.level == 1 and leaf.parent == top
    assert leaf.time_limit_status == RuleStatus.PARSED
    assert leaf.time_limit_rule["kind"] == "deadline" and leaf.time_limit_rule["amount"] == 20
    assert leaf.subject_kinds == ["department"]
    assert [e.text for e in leaf.elements.all()] == ["招生范围", "学区划分详细情况"]
    assert leaf.code.startswith(top.code + "-")


def test_unknown_wording_is_flagged_not_guessed(office, edu):
    item = make_item(office, edu, time_limit_text="另行规定")
    assert item.time_limit_status == RuleStatus.UNPARSED
    assert item.time_limit_rule == {}
    assert "人工" in item.time_limit_note


def test_public_sees_only_the_approved_edition(office, meeting, edu):
    item = make_item(office, edu)
    assert not public_items().exists()  # nothing approved yet
    edition = services.draft_edition(user=office, title="2025年版")
    services.submit_edition(user=office, edition=edition)
    assert not public_items().exists()  # submitted is not approved
    services.approve_edition(user=meeting, edition=edition)
    assert list(public_items().values_list("item_id", flat=True)) == [item.pk]
    # The office edits the working copy: the public keeps seeing the approved wording.
    item.name = "招生范围（修订）"
    item.save()
    assert public_items().get().name == "招生范围"


def test_submitter_cannot_approve_own_edition(office, edu):
    make_item(office, edu)
    edition = services.draft_edition(user=office, title="版")
    services.submit_edition(user=office, edition=edition)
    with pytest.raises(PermissionDenied):
        services.approve_edition(user=office, edition=edition)


def test_return_needs_a_comment_and_allows_resubmission(office, meeting, edu):
    make_item(office, edu)
    edition = services.draft_edition(user=office, title="版")
    services.submit_edition(user=office, edition=edition)
    with pytest.raises(ValidationError):
        services.return_edition(user=meeting, edition=edition, comment=" ")
    services.return_edition(user=meeting, edition=edition, comment="请补充依据文件")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.RETURNED and edition.review_comment == "请补充依据文件"
    make_item(office, edu, name="学区划分")
    services.submit_edition(user=office, edition=edition)
    assert edition.entries.count() == 2  # the new snapshot replaced the returned one
    services.approve_edition(user=meeting, edition=edition)
    actions = list(edition.events.values_list("action", flat=True))
    assert actions == ["draft", "submit", "return", "submit", "approve"]


def test_approved_edition_is_immutable(office, meeting, edu):
    make_item(office, edu)
    edition = release(office, meeting)
    edition.title = "改标题"
    with pytest.raises(ValidationError):
        edition.save()
    with pytest.raises(ValidationError):
        edition.delete()
    entry = edition.entries.first()
    entry.name = "篡改"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert PublishedItem.objects.get(pk=entry.pk).name == "招生范围"


def test_only_one_open_edition_at_a_time(office, edu):
    services.draft_edition(user=office, title="A")
    with pytest.raises(ValidationError):
        services.draft_edition(user=office, title="B")


def test_diff_lists_added_removed_and_changed_element_by_element(office, meeting, edu):
    keep = make_item(office, edu, name="招生范围")
    gone = make_item(office, edu, name="收费标准")
    first = release(office, meeting)
    assert first.number == 1

    data = ItemData(
        name="招生范围",
        elements=["招生范围", "招生计划"],  # one element removed, one added
        basis_text="《中华人民共和国政府信息公开条例》",
        bases=[
            BasisRef(name="中华人民共和国政府信息公开条例", doc_number="国务院令第711号", article="第二十条")
        ],
        time_limit_text="自作出行政决定之日起7个工作日内",
        subject_text="区教育局",
        channels=[("website", True), ("new_media", False)],
        tier_district=True,
        tier_street=True,
    )
    services.save_item(user=office, domain=edu, parent=None, data=data, item=keep)
    services.retire_items(user=office, items=[gone], reason="并入其他事项")
    added = make_item(office, edu, name="学生资助")

    second = services.draft_edition(user=office, title="第二版")
    draft_diff = edition_diff(second)  # a draft is compared as the working copy stands
    services.submit_edition(user=office, edition=second)
    diff = edition_diff(second)
    assert diff.summary() == draft_diff.summary() == "新增 1 项，删除（停用） 1 项，修改 1 项"
    assert [a["name"] for a in diff.added] == [added.name]
    assert [r["name"] for r in diff.removed] == ["收费标准"]
    change = diff.changed[0]
    by_field = {c.field: c for c in change.changes}
    assert by_field["elements"].added == ["招生计划"]
    assert by_field["elements"].removed == ["学区划分详细情况"]
    assert by_field["time_limit_text"].before == "信息形成或者变更之日起20个工作日内"
    assert by_field["time_limit_text"].after == "自作出行政决定之日起7个工作日内"
    assert by_field["channels"].added == ["□两微一端"] and by_field["channels"].removed == [
        "■两微一端",
        "□公开查阅点",
    ]
    assert by_field["tiers"].after == "district；street"
    assert "name" not in by_field

    services.approve_edition(user=meeting, edition=second)
    assert CatalogEdition.objects.current() == second
    assert set(public_items().values_list("name", flat=True)) == {"招生范围", "学生资助"}
    # The first edition still holds what it held.
    assert set(first.entries.values_list("name", flat=True)) == {"招生范围", "收费标准"}


def test_retired_items_are_kept(office, edu):
    top = make_item(office, edu, name="招生管理", elements=[])
    leaf = make_item(office, edu, name="招生范围", parent=top)
    assert services.retire_items(user=office, items=[top], reason="调整") == 2
    leaf.refresh_from_db()
    assert leaf.status == "retired"
    assert DisclosureItem.objects.count() == 2
    assert leaf.history.first().history_change_reason == "停用：调整"


@pytest.mark.parametrize("role", [Role.OFFICER, Role.REVIEWER, Role.AUDITOR, Role.SUPERVISOR])
def test_only_the_office_edits_the_catalog(d, edu, role):
    user = member(role, d["gov"] if role in (Role.AUDITOR, Role.SUPERVISOR) else d["dept"])
    with pytest.raises(PermissionDenied):
        make_item(user, edu)
    with pytest.raises(PermissionDenied):
        services.draft_edition(user=user, title="x")
    assert DisclosureItem.objects.count() == 0


def test_officer_cannot_approve_an_edition(d, office, edu):
    make_item(office, edu)
    edition = services.draft_edition(user=office, title="版")
    services.submit_edition(user=office, edition=edition)
    with pytest.raises(PermissionDenied):
        services.approve_edition(user=member(Role.REVIEWER, d["s1"]), edition=edition)


def test_bulk_move_and_channel(office, edu):
    top = make_item(office, edu, name="招生管理", elements=[])
    make_item(office, edu, name="招生范围", parent=top)
    relief = Domain.objects.get(code="disaster-relief")
    assert services.move_items(user=office, items=[top], domain=relief) == 2
    assert set(DisclosureItem.objects.values_list("domain__code", flat=True)) == {"disaster-relief"}
    leaf = DisclosureItem.objects.get(name="招生范围")
    with pytest.raises(ValidationError):
        services.move_items(user=office, items=[leaf], domain=edu)
    services.set_channel(user=office, items=[leaf], channel="hotline", required=True)
    assert leaf.channels.get(channel="hotline").required is True


def test_manual_rule_is_recorded(office, edu):
    from catalog.timelimits import Kind, TimeLimitRule, Trigger, Unit

    item = make_item(office, edu, time_limit_text="另行规定")
    rule = TimeLimitRule(kind=Kind.DEADLINE, trigger=Trigger.FORMED, amount=10, unit=Unit.WORKDAYS)
    services.set_time_limit_rule(user=office, item=item, rule=rule)
    item.refresh_from_db()
    assert item.time_limit_status == RuleStatus.CONFIRMED
    assert TimeLimitRule.from_dict(item.time_limit_rule) == rule
    assert item.history.first().history_change_reason == "人工设置时限规则"


def test_edition_events_can_be_neither_changed_nor_deleted(office):
    edition = services.draft_edition(user=office, title="第一版")
    assert_append_only(EditionEvent.objects.get(edition=edition), "版本记录", comment="改写")
