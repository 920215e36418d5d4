"""The catalog admin: the tree, filters, bulk actions, the rule form and the edition workflow pages."""

import pytest

from catalog.models import CatalogEdition, DisclosureItem, EditionStatus, RuleStatus
from domains.models import Domain
from organizations.models import Role
from tests.catalog.test_services_editions import make_item
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def edu():
    return Domain.objects.get(code="compulsory-education")


def test_changelist_filters_and_search(client, office, edu):
    make_item(office, edu, name="招生范围")
    make_item(
        office, edu, name="街道公示", subject_text="各街道办事处", tier_street=True, elements=["公示内容"]
    )
    client.force_login(office)
    page = client.get("/admin/catalog/disclosureitem/").content.decode()
    assert "招生范围" in page and "街道公示" in page
    page = client.get("/admin/catalog/disclosureitem/?tier=street").content.decode()
    assert "街道公示" in page and "招生范围" not in page
    page = client.get("/admin/catalog/disclosureitem/?q=招生").content.decode()
    assert "招生范围" in page and "街道公示" not in page
    for query in (
        "mode=proactive",
        "audience=public",
        "five_public__exact=service",
        f"domain__id__exact={edu.pk}",
    ):
        assert client.get(f"/admin/catalog/disclosureitem/?{query}").status_code == 200


def test_rule_filter_lists_only_the_leaf_items_to_set_by_hand(client, office, edu):
    """待人工设置 lists active leaf items off the negative list whose wording was not understood: not a group
    heading (whose own wording may be unparsed) and not a 不予公开 item."""
    group = make_item(office, edu, name="招生管理", elements=[], time_limit_text="另行通知")
    make_item(office, edu, name="招生范围细则", parent=group, time_limit_text="另行通知")
    make_item(office, edu, name="按时公开", parent=group)
    make_item(
        office,
        edu,
        name="涉密名单",
        time_limit_text="另行通知",
        is_negative=True,
        negative_ground="《中华人民共和国保守国家秘密法》",
        mode_proactive=False,
        mode_on_request=True,
    )
    unparsed = set(
        DisclosureItem.objects.filter(time_limit_status=RuleStatus.UNPARSED).values_list("name", flat=True)
    )
    assert {"招生管理", "招生范围细则"} <= unparsed
    client.force_login(office)
    listed = client.get("/admin/catalog/disclosureitem/?rule=manual").context["cl"].queryset
    assert [item.name for item in listed] == ["招生范围细则"]
    none_needed = client.get("/admin/catalog/disclosureitem/?rule=none_needed").context["cl"].queryset
    assert {"招生管理", "涉密名单"} <= {item.name for item in none_needed}
    assert "招生范围细则" not in {item.name for item in none_needed}


def test_office_sets_an_unparsed_rule_by_hand_in_the_form(client, office, edu):
    item = make_item(office, edu, time_limit_text="另行规定")
    assert item.time_limit_status == RuleStatus.UNPARSED
    client.force_login(office)
    url = f"/admin/catalog/disclosureitem/{item.pk}/change/"
    form = client.get(url)
    assert form.status_code == 200 and "待人工设置" in form.content.decode()
    post = {
        "domain": edu.pk,
        "parent": "",
        "name": item.name,
        "code": item.code,
        "order": 0,
        "content": "",
        "basis_text": "",
        "time_limit_text": "另行规定",
        "rule_kind": "deadline",
        "rule_trigger": "formed",
        "rule_amount": 15,
        "rule_unit": "workdays",
        "rule_period": "",
        "subject_text": "区教育局",
        "subject_kinds": ["department"],
        "responsible_office": "",
        "audience_public": "on",
        "mode_proactive": "on",
        "tier_district": "on",
        "five_public": "",
        "form": "",
        "duration": "",
        "negative_ground": "",
        "elements-TOTAL_FORMS": 0,
        "elements-INITIAL_FORMS": 0,
        "bases-TOTAL_FORMS": 0,
        "bases-INITIAL_FORMS": 0,
        "channels-TOTAL_FORMS": 0,
        "channels-INITIAL_FORMS": 0,
    }
    response = client.post(url, post, follow=True)
    assert response.redirect_chain, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.time_limit_status == RuleStatus.CONFIRMED
    assert item.time_limit_rule["amount"] == 15 and item.time_limit_rule["trigger"] == "formed"
    assert item.subject_kinds == ["department"]
    # Saving says when the public sees it, and links the edition to approve.
    page = response.content.decode()
    assert "已保存到目录工作副本" in page and "经联席会议审核批准后更新" in page
    assert "/admin/catalog/catalogedition/" in page


def test_unit_kinds_are_checkboxes_in_chinese(client, office, edu):
    item = make_item(office, edu, time_limit_text="另行规定")
    client.force_login(office)
    page = client.get(f"/admin/catalog/disclosureitem/{item.pk}/change/").content.decode()
    assert 'type="checkbox" name="subject_kinds" value="street"' in page
    assert "街道办事处" in page and "社区居委会" in page
    assert '["department"' not in page


def test_the_edition_diff_speaks_in_words():
    from catalog.diff import compare_items
    from catalog.timelimits import parse_time_limit

    before = {"time_limit_rule": parse_time_limit("及时公开").rule.to_dict(), "subject_kinds": ["street"]}
    after = {
        "time_limit_rule": parse_time_limit("信息形成之日起20个工作日内").rule.to_dict(),
        "subject_kinds": ["street", "community"],
    }
    sentences = [change.sentence for change in compare_items(before, after)]
    assert any(s.startswith("时限规则由『") and "20个工作日" in s for s in sentences), sentences
    assert "主体单位类型：增加『社区居委会』" in sentences
    assert not any("{" in s or "kind" in s for s in sentences)


def test_bulk_retire_action_keeps_rows(client, office, edu):
    item = make_item(office, edu)
    client.force_login(office)
    response = client.post(
        "/admin/catalog/disclosureitem/",
        {"action": "retire_selected", "_selected_action": [item.pk], "reason": "合并", "index": 0},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "retired"


def test_items_cannot_be_deleted_in_the_admin(client, office, edu):
    item = make_item(office, edu)
    client.force_login(office)
    assert client.post(f"/admin/catalog/disclosureitem/{item.pk}/delete/", {"post": "yes"}).status_code == 403
    assert DisclosureItem.objects.filter(pk=item.pk).exists()


def test_edition_pages_walk_the_workflow(client, d, office, edu):
    make_item(office, edu)
    client.force_login(office)
    response = client.post("/admin/catalog/catalogedition/add/", {"title": "2026年版", "summary": "动态调整"})
    assert response.status_code == 302
    edition = CatalogEdition.objects.get()
    page = client.get(f"/admin/catalog/catalogedition/{edition.pk}/change/").content.decode()
    assert "新增 1 项" in page and "提交联席会议审核" in page
    client.post(f"/admin/catalog/catalogedition/{edition.pk}/workflow/submit/")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SUBMITTED
    # The submitter may not approve; the page says why.
    client.post(f"/admin/catalog/catalogedition/{edition.pk}/workflow/approve/", follow=True)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SUBMITTED
    meeting = member(Role.OFFICE, d["gov"], "joint_meeting")
    client.force_login(meeting)
    page = client.get(f"/admin/catalog/catalogedition/{edition.pk}/change/").content.decode()
    assert "批准" in page
    client.post(f"/admin/catalog/catalogedition/{edition.pk}/workflow/approve/", {"comment": "同意"})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.APPROVED
    page = client.get(f"/admin/catalog/catalogedition/{edition.pk}/change/").content.decode()
    assert 'name="_save"' not in page  # approved: read-only


def test_officer_sees_catalog_read_only(client, d, office, edu):
    item = make_item(office, edu)
    officer = member(Role.OFFICER, d["s1"])
    client.force_login(officer)
    assert client.get("/admin/catalog/disclosureitem/").status_code == 200
    page = client.get(f"/admin/catalog/disclosureitem/{item.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert client.get("/admin/catalog/catalogedition/add/").status_code == 403
