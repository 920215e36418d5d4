"""organizations.services: the one write path of units, service points, memberships and accounts."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from organizations import services
from organizations.models import Membership, Role, ServicePoint, Unit
from tests.factories import UserFactory, district, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def d():
    return district()


@pytest.fixture
def office(d):
    return member(Role.OFFICE, d["gov"], username="office")


@pytest.fixture
def sent():
    """The signals received, as (signal name, kwargs)."""
    got = []
    receivers = {}
    for name in ("unit_changed", "service_point_changed", "membership_changed", "account_changed"):

        def receiver(sender, name=name, **kwargs):
            got.append((name, kwargs))

        receivers[name] = receiver
        getattr(services, name).connect(receiver)
    yield got
    for name, receiver in receivers.items():
        getattr(services, name).disconnect(receiver)


def test_create_unit_is_office_only_recorded_and_signalled_after_commit(
    d, office, sent, django_capture_on_commit_callbacks
):
    officer = member(Role.OFFICER, d["s1"])
    data = {"name": "新社区", "code": "D-S1-3", "kind": "community", "parent": d["s1"]}
    with pytest.raises(PermissionDenied):
        services.create_unit(user=officer, data=data)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        unit = services.create_unit(user=office, data=data)
    assert sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sent[0][0] == "unit_changed" and sent[0][1]["created"] and sent[0][1]["unit"] == unit
    row = unit.history.get()
    assert row.history_user == office and row.history_change_reason == "新建单位"
    assert unit.tier == "community"


def test_officer_changes_contact_but_not_structure(d, sent, django_capture_on_commit_callbacks):
    officer = member(Role.OFFICER, d["s1"])
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.change_unit(
            user=officer, unit=d["c11"], changes={"phone": "88888888", "name": "卖鱼桥社区"}
        )
    assert changed == {"phone"}
    assert sent[-1][1]["changed"] == frozenset({"phone"}) and not sent[-1][1]["created"]
    with pytest.raises(PermissionDenied):
        services.change_unit(user=officer, unit=d["c11"], changes={"is_active": False})
    with pytest.raises(PermissionDenied):  # another street's unit
        services.change_unit(user=officer, unit=d["c21"], changes={"phone": "1"})
    d["c11"].refresh_from_db()
    assert d["c11"].is_active and d["c11"].phone == "88888888"


def test_deactivating_never_deletes_and_unchanged_sends_nothing(
    d, office, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deactivate_unit(user=office, unit=d["c21"], reason="撤并")
        assert not services.deactivate_unit(user=office, unit=d["c21"])  # already: no change, no signal
    assert [s[1]["changed"] for s in sent] == [frozenset({"is_active"})]
    unit = Unit.objects.get(pk=d["c21"].pk)
    assert not unit.is_active and unit.history.first().history_change_reason == "撤并"


def test_service_points_by_the_units_officer(d, office, sent, django_capture_on_commit_callbacks):
    officer = member(Role.OFFICER, d["s1"])
    data = {"unit": d["c11"], "kind": "reading_point", "name": "查阅点", "address": "湖墅南路1号"}
    with django_capture_on_commit_callbacks(execute=True):
        point = services.create_service_point(user=officer, data=data)
        services.deactivate_service_point(user=officer, point=point)
    assert [s[0] for s in sent] == ["service_point_changed"] * 2
    assert ServicePoint.objects.filter(pk=point.pk, is_active=False).exists()
    with pytest.raises(PermissionDenied):
        services.create_service_point(user=officer, data={**data, "unit": d["c21"]})
    with pytest.raises(PermissionDenied):  # moving it out of the officer's units
        services.change_service_point(user=officer, point=point, changes={"unit": d["c21"]})


def test_memberships_add_change_end(d, office, sent, django_capture_on_commit_callbacks):
    account = UserFactory(username="newbie", is_staff=False)
    with pytest.raises(PermissionDenied):
        services.add_membership(
            user=member(Role.OFFICER, d["s1"]), account=account, unit=d["s1"], role="officer"
        )
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.add_membership(user=office, account=account, unit=d["s1"], role=Role.OFFICER)
        services.change_membership(user=office, membership=membership, changes={"title": "公开专员"})
        services.end_membership(user=office, membership=membership, reason="调岗")
    account.refresh_from_db()
    assert account.is_staff  # every role works in the admin
    assert [(s[1]["created"], s[1]["ended"]) for s in sent] == [(True, False), (False, False), (False, True)]
    assert not Membership.objects.filter(pk=membership.pk).exists()
    history = Membership.history.filter(id=membership.pk).order_by("history_id")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert history.last().history_change_reason == "调岗" and history.last().history_user == office


def test_accounts_create_and_deactivate(d, office, sent, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):  # the powers outside the role model: a superuser's
        services.create_account(user=office, username="boss", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        account = services.create_account(user=office, username="clerk", password="一个足够长的口令123")
        assert services.deactivate_account(user=office, account=account)
    account.refresh_from_db()
    assert not account.is_active and account.check_password("一个足够长的口令123")
    assert [s[1]["created"] for s in sent if s[0] == "account_changed"] == [True, False]
    assert LogEntry.objects.filter(object_id=str(account.pk)).count() == 2
    with pytest.raises(PermissionDenied):
        services.deactivate_account(user=office, account=office)
    other_office = member(Role.OFFICE, d["gov"], username="office2")
    with pytest.raises(PermissionDenied):  # a privileged account: a superuser's to manage
        services.deactivate_account(user=office, account=other_office)


def test_the_system_actor_needs_no_user(d):
    unit = services.create_unit(
        user=None, data={"name": "系统建", "code": "SYS", "kind": "department", "parent": d["gov"]}
    )
    assert unit.history.get().history_user is None


def test_admin_saves_through_the_services(client, d, office, sent, django_capture_on_commit_callbacks):
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/organizations/unit/{d['c11'].pk}/change/",
            {
                "name": "卖鱼桥社区",
                "code": "D-S1-1",
                "kind": "village",
                "parent": d["s1"].pk,
                "order": 0,
                "is_active": "on",
                "aliases": "",
                "service_points-TOTAL_FORMS": "1",
                "service_points-INITIAL_FORMS": "0",
                "service_points-0-kind": "reading_point",
                "service_points-0-name": "社区查阅点",
                "service_points-0-address": "卖鱼桥1号",
                "service_points-0-is_active": "on",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    names = [s[0] for s in sent]
    assert "unit_changed" in names and "service_point_changed" in names
    unit_signal = next(s[1] for s in sent if s[0] == "unit_changed")
    assert "kind" in unit_signal["changed"] and unit_signal["user"] == office
    assert ServicePoint.objects.filter(unit=d["c11"], name="社区查阅点").exists()
    assert get_user_model().objects.filter(pk=office.pk).exists()
