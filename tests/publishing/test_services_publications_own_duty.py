"""A record counts for its own duty (issue 21).

A publication fulfils duties of the items its publishing unit itself owes; reuse across units (一次上传，多方复用)
is for the same item; a document answering several items is marked 合并公开 (``combined``) and linked to each
explicitly; the office can list the records that break this (after a re-plan) in the admin."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from organizations.models import Role
from publishing import selectors, services
from publishing.models import Fulfilment, Obligation, ObligationStatus, Publication
from tests.factories import member
from tests.publishing.helpers import make_item, published

pytestmark = pytest.mark.django_db

FORMSETS = {
    "attachments-TOTAL_FORMS": "0",
    "attachments-INITIAL_FORMS": "0",
    "events-TOTAL_FORMS": "0",
    "events-INITIAL_FORMS": "0",
}


@pytest.fixture
def world(d, office, domain, release):
    """低保 and 特困 owed by the streets and communities; 社区财务 by the communities alone."""
    for name in ("低保对象公示", "特困人员公示"):
        make_item(office, domain, name, subject="各街道、各社区居委会", tiers=("street", "community"))
    make_item(office, domain, "社区财务公开", subject="各社区居委会", tiers=("community",))
    release()
    duties = {(o.unit.code, o.item.name): o for o in Obligation.objects.select_related("unit", "item")}
    return {
        "d": d,
        "duty": lambda unit, item: duties[(unit, item)],
        "s1_officer": member(Role.OFFICER, d["s1"], "s1_officer"),
    }


def draft(world, obligations, **kw):
    return services.create_publication(
        user=world["s1_officer"],
        unit=kw.pop("unit", world["d"]["s1"]),
        title=kw.pop("title", "湖墅街道低保和特困人员公示"),
        formed_on=date(2025, 9, 30),
        obligations=obligations,
        **kw,
    )


# -- the service -------------------------------------------------------------------------------------------
def test_a_record_may_not_count_for_another_items_duty(world):
    duty = world["duty"]
    with pytest.raises(ValidationError) as refused:
        draft(world, [duty("D-S1", "低保对象公示"), duty("D-S1", "特困人员公示")])
    message = refused.value.messages[0]
    assert "低保对象公示" in message and "特困人员公示" in message and "合并公开" in message
    assert not Publication.objects.exists() and not Fulfilment.objects.exists()


def test_a_combined_record_answers_each_item_linked_explicitly(world):
    duty = world["duty"]
    pub = draft(world, [duty("D-S1", "低保对象公示"), duty("D-S1", "特困人员公示")], combined=True)
    assert pub.combined
    assert set(pub.fulfilments.values_list("obligation__item__name", flat=True)) == {
        "低保对象公示",
        "特困人员公示",
    }
    assert not selectors.misattributed_fulfilments().exists()


def test_reuse_across_units_is_for_the_same_item(world):
    duty = world["duty"]
    pub = draft(
        world, [duty("D-S1", "低保对象公示"), duty("D-S1-1", "低保对象公示"), duty("D-S1-2", "低保对象公示")]
    )
    assert pub.fulfilments.count() == 3
    with pytest.raises(ValidationError):  # a community's duty of another item: not without 合并公开
        draft(world, [duty("D-S1", "低保对象公示"), duty("D-S1-1", "特困人员公示")])


def test_the_publishing_unit_must_owe_the_item(world):
    duty = world["duty"]
    with pytest.raises(ValidationError) as refused:
        draft(world, [duty("D-S1-1", "社区财务公开")], title="卖鱼桥社区财务公开")
    assert "本单位不承担此事项的公开义务" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:  # 合并公开 does not open another unit's item either
        draft(world, [duty("D-S1", "低保对象公示"), duty("D-S1-1", "社区财务公开")], combined=True)
    assert "本单位不承担此事项的公开义务" in refused.value.messages[0]
    assert not Publication.objects.exists()
    # the community owes it: its own officer publishes it
    officer = member(Role.OFFICER, world["d"]["c11"], "c11_officer")
    pub = services.create_publication(
        user=officer,
        unit=world["d"]["c11"],
        title="卖鱼桥社区财务公开",
        formed_on=date(2025, 9, 30),
        obligations=[duty("D-S1-1", "社区财务公开")],
    )
    assert pub.fulfilments.count() == 1


def test_a_closed_obligation_is_no_longer_owed(world):
    duty = world["duty"]
    Obligation.objects.filter(pk=duty("D-S1", "低保对象公示").pk).update(status=ObligationStatus.CLOSED)
    with pytest.raises(ValidationError) as refused:
        draft(world, [duty("D-S1-1", "低保对象公示")])
    assert "本单位不承担此事项的公开义务" in refused.value.messages[0]


def test_permission_is_checked_before_the_item(world):
    duty = world["duty"]
    with pytest.raises(PermissionDenied):  # another street's duty: not the officer's to touch at all
        draft(world, [duty("D-S2", "低保对象公示"), duty("D-S1", "特困人员公示")])


def test_editing_keeps_the_rule(world):
    duty = world["duty"]
    user = world["s1_officer"]
    pub = draft(world, [duty("D-S1", "低保对象公示")])
    with pytest.raises(ValidationError):
        services.update_publication(
            user=user,
            publication=pub,
            obligations=[duty("D-S1", "低保对象公示"), duty("D-S1", "特困人员公示")],
        )
    both = [duty("D-S1", "低保对象公示"), duty("D-S1", "特困人员公示")]
    pub = services.update_publication(user=user, publication=pub, obligations=both, combined=True)
    assert pub.combined and pub.fulfilments.count() == 2
    with pytest.raises(ValidationError) as refused:  # unticking 合并公开 while two items are linked
        services.update_publication(user=user, publication=pub, combined=False)
    assert "合并公开" in refused.value.messages[0]
    pub = services.update_publication(
        user=user, publication=pub, obligations=[duty("D-S1", "特困人员公示")], combined=False
    )
    assert not pub.combined and pub.fulfilments.get().obligation.item.name == "特困人员公示"


# -- the data errors the office can list ---------------------------------------------------------------------
def test_the_selector_and_the_admin_filter_find_records_on_duties_not_owed(client, world, office):
    duty = world["duty"]
    good = draft(world, [duty("D-S1", "低保对象公示"), duty("D-S1-1", "低保对象公示")], title="合规")
    # records written before the rule, or whose unit lost the item in a re-plan (bypassing the services)
    foreign = draft(world, [], title="街道代社区公开财务")
    Fulfilment.objects.create(publication=foreign, obligation=duty("D-S1-1", "社区财务公开"))
    several = draft(world, [duty("D-S1", "低保对象公示")], title="未标记合并公开")
    Fulfilment.objects.create(publication=several, obligation=duty("D-S1", "特困人员公示"))
    replanned = draft(world, [duty("D-S1", "特困人员公示")], title="重新规划后")
    Obligation.objects.filter(pk=duty("D-S1", "特困人员公示").pk).update(status=ObligationStatus.CLOSED)

    found = selectors.misattributed_fulfilments()
    assert set(found.values_list("publication__title", "obligation__item__name")) == {
        ("街道代社区公开财务", "社区财务公开"),
        ("未标记合并公开", "低保对象公示"),
        ("未标记合并公开", "特困人员公示"),
        ("重新规划后", "特困人员公示"),
    }
    assert set(selectors.misattributed_publications()) == {foreign, several, replanned}

    client.force_login(office)
    url = reverse("admin:publishing_publication_changelist")
    page = client.get(url).content.decode()
    assert "对应义务与本单位不符" in page
    page = client.get(url, {"misattributed": "yes"}).content.decode()
    assert "街道代社区公开财务" in page and "未标记合并公开" in page and "重新规划后" in page
    assert good.title not in page


# -- the forms and the API set 合并公开 ------------------------------------------------------------------------
def test_the_desk_form_sets_combined(client, world):
    duty = world["duty"]
    both = [duty("D-S1", "低保对象公示").pk, duty("D-S1", "特困人员公示").pk]
    client.force_login(world["s1_officer"])
    data = {
        "unit": world["d"]["s1"].pk,
        "title": "湖墅街道低保和特困人员合并公示",
        "formed_on": "2025-09-30",
        "validity": "valid",
        "obligations": both,
        "release": "now",
    }
    url = f"{reverse('publishing:compose')}?obligation={both[0]}"
    assert "合并公开" in client.get(url).content.decode()
    response = client.post(url, data)
    assert response.status_code == 200 and "请勾选“合并公开”" in response.content.decode()
    assert not Publication.objects.exists()
    assert client.post(url, {**data, "combined": "on"}).status_code == 302
    pub = Publication.objects.get()
    assert pub.combined and pub.fulfilments.count() == 2


def test_the_admin_form_sets_combined(client, world, office):
    duty = world["duty"]
    client.force_login(office)
    data = {
        "unit": world["d"]["s1"].pk,
        "title": "湖墅街道低保和特困人员合并公示",
        "formed_on": "2025-09-30",
        "validity": "valid",
        "body": "<p>名单</p>",
        "obligation_choices": [duty("D-S1", "低保对象公示").pk, duty("D-S1", "特困人员公示").pk],
        **FORMSETS,
    }
    url = reverse("admin:publishing_publication_add")
    response = client.post(url, data)
    assert response.status_code == 200 and "合并公开" in response.content.decode()
    assert not Publication.objects.exists()
    assert client.post(url, {**data, "combined": "on"}).status_code == 302
    assert Publication.objects.get().combined


def test_the_api_sets_combined(world):
    duty = world["duty"]
    api = APIClient()
    api.force_login(world["s1_officer"])
    data = {
        "unit": "D-S1",
        "title": "湖墅街道低保和特困人员合并公示",
        "formed_on": "2025-09-30",
        "obligations": [duty("D-S1", "低保对象公示").pk, duty("D-S1", "特困人员公示").pk],
    }
    response = api.post("/api/v1/publications/", data, format="json")
    assert response.status_code == 400 and "合并公开" in response.json()["non_field_errors"][0]
    response = api.post("/api/v1/publications/", {**data, "combined": True}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["combined"] is True and len(response.json()["obligations"]) == 2
    response = api.post(
        "/api/v1/publications/",
        {**data, "title": "代社区公开", "obligations": [duty("D-S1-1", "社区财务公开").pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "本单位不承担此事项的公开义务" in response.json()["non_field_errors"][0]


# -- the public item page says so -------------------------------------------------------------------------
def test_the_item_page_names_the_other_items_of_a_combined_record(client, world, office, domain):
    from domains.models import Domain

    Domain.objects.filter(pk=domain.pk).update(is_active=True)
    duty = world["duty"]
    both = published(
        office,
        world["d"]["s1"],
        "湖墅街道低保和特困人员合并公示",
        [duty("D-S1", "低保对象公示"), duty("D-S1", "特困人员公示")],
        combined=True,
    )
    published(office, world["d"]["s1"], "湖墅街道低保公示", [duty("D-S1", "低保对象公示")])
    dibao = duty("D-S1", "低保对象公示").item
    tekun = duty("D-S1", "特困人员公示").item
    page = client.get(reverse("item", args=[dibao.code])).content.decode()
    assert "湖墅街道低保和特困人员合并公示" in page and "湖墅街道低保公示" in page
    assert page.count("合并公开，同时回应：") == 1
    assert f'<a href="{reverse("item", args=[tekun.code])}">特困人员公示</a>' in page
    page = client.get(reverse("item", args=[tekun.code])).content.decode()
    assert (
        "合并公开，同时回应：" in page and f'href="{reverse("item", args=[dibao.code])}">低保对象公示' in page
    )
    page = client.get(reverse("publication", args=[both.index_number])).content.decode()
    assert "合并公开：本条信息同时回应以下事项。" in page
