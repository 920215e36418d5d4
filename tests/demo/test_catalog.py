"""The demo catalog (拱墅区: the 8 pilot fields and 社会救助), its 救灾 service guides (the 新津 guides in 区/街道/社区
wording), the 低保 and 临时救助 guides written for the demo, and the first approved edition."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from catalog.guides import flowchart_svg, guide_total_days
from catalog.models import (
    BasisDocument,
    CatalogEdition,
    ContentElement,
    DisclosureItem,
    EditionStatus,
    GuideMaterial,
    GuideStep,
    ItemBasis,
    ItemChannel,
    PublishedItem,
    RuleStatus,
    ServiceGuide,
)
from demo import catalog as demo_catalog
from demo import domains as demo_domains
from demo import organizations as demo_organizations
from demo.loader import read_demo_data
from domains.models import Domain
from organizations.models import KIND_TIER, Membership, Role, Unit

pytestmark = pytest.mark.django_db

#: The eight guides of 新津县《救灾政务公开指南》 (seed 003), with their number of steps (titles as in the seed).
XINJIN_GUIDES = {
    "冬春生活救助指南": 6,
    "农房重建补助指南": 7,
    "农房维修加固补助指南": 7,
    "过渡性安置补助指南": 5,
    "应急救助指南": 5,
    "遇难人员家属抚慰金指南": 5,
    "过渡性生活救助指南": 5,
    "严重干旱受灾困难群众的临时生活救助指南": 5,
}
#: The 社会救助 guides written for the demo district (demo/fixtures/demo_guides.json ``_sources``): code → item.
SOCIAL_ASSISTANCE_GUIDES = {"gongshu-dibao": "GS-SHJZ-02-01", "gongshu-linshi-jiuzhu": "GS-SHJZ-03-01"}
MIN_ITEMS_PER_FIELD = 15


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the demo district and catalog once for the module, inside a transaction rolled back at the end;
    each test runs in its own savepoint on top of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        data = read_demo_data()
        demo_organizations.load(data)
        demo_domains.load(data)
        summary = demo_catalog.load(data)
        yield {"data": data, "summary": summary}
        transaction.set_rollback(True)


@pytest.fixture
def leaves(loaded):
    return list(
        DisclosureItem.objects.filter(children__isnull=True).prefetch_related("channels", "elements", "bases")
    )


def counts():
    models = (
        DisclosureItem,
        ContentElement,
        ItemBasis,
        ItemChannel,
        BasisDocument,
        ServiceGuide,
        GuideStep,
        GuideMaterial,
        CatalogEdition,
        PublishedItem,
    )
    rows = {m.__name__: m.objects.count() for m in models}
    rows["item history"] = DisclosureItem.history.count()
    rows["users"] = get_user_model().objects.count()
    rows["memberships"] = Membership.objects.count()
    return rows


def test_first_run_creates_everything(loaded):
    summary = loaded["summary"]
    assert summary["created"] == summary["items"] == DisclosureItem.objects.count()
    assert 100 <= summary["items"] <= 180
    assert (
        summary["guides"] == len(XINJIN_GUIDES) + len(SOCIAL_ASSISTANCE_GUIDES)
        and summary["edition"] == 1
        and summary["edition_approved_now"]
    )


def test_loader_runs_twice_without_duplicating_or_rewriting(loaded):
    before = counts()
    summary = demo_catalog.load(loaded["data"])
    assert counts() == before  # not even a history row: unchanged items are left alone
    assert summary["created"] == summary["updated"] == 0
    assert summary["unchanged"] == before["DisclosureItem"]
    assert not summary["edition_approved_now"]


def test_rerun_updates_a_changed_item_in_place(loaded):
    item = DisclosureItem.objects.get(code="GS-JZ-01-01")
    item.name = "改过的名称"
    item.save()
    total = DisclosureItem.objects.count()
    summary = demo_catalog.load(loaded["data"])
    assert summary["updated"] == 1 and DisclosureItem.objects.count() == total
    assert DisclosureItem.objects.get(code="GS-JZ-01-01").name == "法律法规"


def test_every_active_field_has_a_full_catalog(loaded):
    active = Domain.objects.active()
    assert active.count() == 9  # the preset's 8 pilot fields and 社会救助
    for domain in active.exclude(code="social-assistance"):
        roots = DisclosureItem.objects.filter(domain=domain, parent__isnull=True)
        assert 4 <= roots.count() <= 6, domain
        for root in roots:
            assert 2 <= root.get_children().count() <= 4, root
        assert DisclosureItem.objects.filter(domain=domain).count() >= MIN_ITEMS_PER_FIELD, domain
        assert DisclosureItem.objects.filter(domain=domain, tier_street=True).exists(), domain


def test_every_item_has_tier_subject_channels_and_content(leaves):
    for item in leaves:
        assert item.tiers, item.code
        assert item.subject_kinds, item.code
        assert item.elements.all(), item.code
        assert item.bases.all() and item.basis_text, item.code
        assert item.five_public, item.code
        assert item.code.startswith("GS-")
        if not item.is_negative:
            assert item.channels.all(), item.code
            assert any(c.required for c in item.channels.all()), item.code
            assert item.mode_proactive or item.mode_on_request, item.code


def test_subjects_and_tiers_agree(leaves):
    """The 公开主体 names a unit kind on every tier the item is ticked for, and no other tier."""
    for item in leaves:
        assert {KIND_TIER[kind] for kind in item.subject_kinds} == set(item.tiers), item.code


def test_streets_and_communities_get_obligations(leaves):
    street = [i for i in leaves if i.tier_street]
    community = [i for i in leaves if i.tier_community]
    assert len(street) >= 20 and len(community) >= 10
    assert len({i.domain_id for i in community}) >= 6


def test_one_level_items_are_headings(loaded):
    for root in DisclosureItem.objects.filter(parent__isnull=True):
        assert not root.tiers and not root.time_limit_text and not root.elements.exists(), root.code


def test_negative_list_items_state_their_legal_ground(leaves):
    negative = [i for i in leaves if i.is_negative]
    assert 1 <= len(negative) <= 2
    for item in negative:
        assert "第" in item.negative_ground and "条" in item.negative_ground
        assert not item.mode_proactive and not item.channels.exists()


def test_time_limit_wordings_parse(loaded, leaves):
    free_form = demo_catalog.free_form_codes(demo_catalog.read_json(demo_catalog.CATALOG_FILE))
    assert len(free_form) == 1
    for item in leaves:
        if item.is_negative:
            assert item.time_limit_text == ""
        elif item.code in free_form:
            assert item.time_limit_status == RuleStatus.UNPARSED, item.code
        else:
            assert item.time_limit_status != RuleStatus.UNPARSED, (
                item.code,
                item.time_limit_text,
                item.time_limit_note,
            )
            assert item.time_limit_rule.get("kind") not in (None, "unparsed"), item.code


def test_the_eight_xinjin_guides_hang_off_disaster_relief_items(loaded):
    guides = (
        ServiceGuide.objects.select_related("item__domain")
        .prefetch_related("steps", "materials")
        .exclude(code__in=SOCIAL_ASSISTANCE_GUIDES)
    )
    assert {g.title: g.steps.count() for g in guides} == XINJIN_GUIDES
    for guide in guides:
        assert guide.item.domain.code == "disaster-relief"
        assert guide.applicants and guide.materials.count() >= 3
        assert guide.materials.first().name == "申请书"
        steps = list(guide.steps.all())
        assert [s.order for s in steps] == list(range(1, len(steps) + 1))
        assert steps[0].name == "个人申请"
        assert all(s.time_limit_text and s.actor and s.description for s in steps), guide.title
        assert any(s.time_limit_rule for s in steps) or guide.title == "冬春生活救助指南"
        assert guide.total_time_limit


def test_guide_step_time_limits_are_the_seed_wordings(loaded):
    winter = ServiceGuide.objects.get(title="冬春生活救助指南")
    assert [s.time_limit_text for s in winter.steps.all()] == [
        "原则上在每年的9月15日之前",
        "每年的9月20日之前",
        "每年的9月30日之前",
        "每年的10月10日之前",
        "每年的10月15日之前",
        "冬令在次年3月1日之前；春荒在次年6月1日之前",
    ]
    living = ServiceGuide.objects.get(title="过渡性生活救助指南")
    assert [s.time_limit_text for s in living.steps.all()][3:] == [
        "收到社区上报资料后3个工作日之内",
        "收到街道上报资料后5个工作日之内",
    ]


def test_social_assistance_holds_the_dibao_items(loaded):
    """低保 and 临时救助 are filed under 社会救助 (active for the demo district), not under 救灾."""
    field = Domain.objects.get(code="social-assistance")
    assert field.is_active and field.lead_unit.code == "GS-MZJ"
    names = set(DisclosureItem.objects.filter(domain=field).values_list("name", flat=True))
    assert {"最低生活保障政策文件", "最低生活保障审核确认结果公示", "临时救助对象及救助金额"} <= names
    assert not DisclosureItem.objects.filter(name__contains="最低生活保障").exclude(domain=field).exists()


def test_the_dibao_guide_says_who_what_how_long_and_whom_to_call(loaded):
    """Issue 21: the 低保 journey ends somewhere — a guide with conditions, materials, steps each with its own time
    limit in working days (the 公示 in days), a total within the 30 working days of 民发〔2021〕57号, and a phone."""
    guide = ServiceGuide.objects.select_related("item").get(code="gongshu-dibao")
    assert guide.item.code == "GS-SHJZ-02-01" and guide.is_active
    assert "月人均收入低于" in guide.conditions and "共同生活的家庭成员" in guide.conditions
    materials = list(guide.materials.all())
    assert len(materials) >= 4 and "浙江省社会救助申请表" in materials[0].name
    steps = list(guide.steps.all())
    assert len(steps) >= 5
    for step in steps:
        assert step.actor and step.description and step.time_limit_text, step.name
        assert step.time_limit_rule.get("kind") == "deadline", step.name
    units = {s.time_limit_rule["unit"] for s in steps}
    assert units == {"workdays", "days"}
    total = guide_total_days(guide)
    assert not total.not_counted and 15 <= total.workdays <= 30 and total.days == 7
    assert "30个工作日" in guide.total_time_limit
    district_phone = Unit.objects.get(code="GS-MZJ").phone
    assert district_phone in guide.contact and "12345" in guide.supervision
    assert district_phone not in guide.supervision  # a citizen complains to another body than the bureau
    assert "演示" not in guide.basis and re.search(
        r"《拱墅区最低生活保障实施办法》（拱民〔\d{4}〕5号）", guide.basis
    )
    svg = str(flowchart_svg(guide))
    assert all(step.name in svg and step.time_limit_text in svg for step in steps)


def test_the_social_assistance_guides_hang_off_their_own_items(loaded):
    for code, item_code in SOCIAL_ASSISTANCE_GUIDES.items():
        guide = ServiceGuide.objects.select_related("item__domain").get(code=code)
        assert guide.item.code == item_code and guide.item.domain.code == "social-assistance"
        assert guide.materials.exists() and guide.contact and guide.total_time_limit
        assert all(s.time_limit_rule for s in guide.steps.all()), code


def test_guides_speak_of_districts_streets_and_communities(loaded):
    """The 新津县 guides were written for a county (县、乡镇、村, 农商银行); the demo's are 拱墅区's."""
    texts = []
    for guide in ServiceGuide.objects.prefetch_related("steps", "materials"):
        texts += [guide.applicants, guide.conditions, guide.basis, guide.place, guide.total_time_limit]
        texts += [f"{s.name}{s.actor}{s.description}{s.time_limit_text}" for s in guide.steps.all()]
        texts += [m.name for m in guide.materials.all()]
    joined = "".join(texts)
    for word in ("县", "乡镇", "农商银行", "村（居）", "新津"):
        assert word not in joined, word
    assert "街道办事处" in joined and "社区居民委员会" in joined and "区民政局" in joined


def test_edition_one_is_approved_by_the_joint_meeting_with_every_active_item(loaded):
    edition = CatalogEdition.objects.current()
    assert edition.number == 1 and edition.status == EditionStatus.APPROVED
    assert edition.title == "拱墅区政务公开事项标准目录（2025年版）"
    assert edition.created_by.username == edition.submitted_by.username == "office"
    assert edition.reviewed_by.username == "joint_meeting"
    published = set(PublishedItem.objects.filter(edition=edition).values_list("item_id", flat=True))
    assert published == set(DisclosureItem.objects.active().values_list("pk", flat=True))
    assert list(edition.events.values_list("action", flat=True)) == ["draft", "submit", "approve"]


def test_joint_meeting_account(loaded):
    user = get_user_model().objects.get(username="joint_meeting")
    assert user.check_password(loaded["data"]["password"]) and user.is_staff
    assert Membership.objects.filter(user=user, unit__code="GS-ZFB", role=Role.OFFICE).exists()
