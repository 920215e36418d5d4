"""Admin gaps: service refusals shown as form errors, the office's "add obligation" form."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from organizations.models import Role
from publishing import services
from publishing.models import Obligation, ObligationSource, Publication
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db

FORMSETS = {
    "attachments-TOTAL_FORMS": "0",
    "attachments-INITIAL_FORMS": "0",
    "events-TOTAL_FORMS": "0",
    "events-INITIAL_FORMS": "0",
}


@pytest.fixture
def setup(d, office, domain, release):
    item = make_item(office, domain, "社区事务", subject="各社区居委会", tiers=("community",))
    release()
    return {"item": item, "officer": member(Role.OFFICER, d["c11"], "c11_officer")}


@pytest.mark.parametrize(
    "error", [ValidationError("该文号已被使用。"), PermissionDenied("无权对「卖鱼桥社区」执行此操作。")]
)
def test_a_refused_save_shows_the_form_again_with_the_reason(client, d, setup, monkeypatch, error):
    def refuse(**kwargs):
        raise error

    monkeypatch.setattr(services, "create_publication", refuse)
    client.force_login(setup["officer"])
    response = client.post(
        reverse("admin:publishing_publication_add"),
        {
            "unit": d["c11"].pk,
            "title": "三季度财务公开",
            "doc_number": "拱社〔2025〕1号",
            "formed_on": "2025-10-05",
            "validity": "valid",
            "body": "<p>内容</p>",
            **FORMSETS,
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert (error.messages[0] if isinstance(error, ValidationError) else str(error)) in text
    assert 'value="三季度财务公开"' in text  # what was typed is kept
    assert not Publication.objects.exists()


def test_a_refused_edit_shows_the_form_again(client, d, setup, monkeypatch):
    officer = setup["officer"]
    pub = services.create_publication(user=officer, unit=d["c11"], title="草稿", formed_on=date(2025, 10, 1))

    def refuse(**kwargs):
        raise ValidationError("「待审核」状态的信息不能修改（请先退回草稿）。")

    monkeypatch.setattr(services, "update_publication", refuse)
    client.force_login(officer)
    response = client.post(
        reverse("admin:publishing_publication_change", args=[pub.pk]),
        {
            "title": "改过的标题",
            "doc_number": "",
            "formed_on": "2025-10-01",
            "validity": "valid",
            "body": "",
            **FORMSETS,
        },
    )
    assert response.status_code == 200 and "不能修改" in response.content.decode()
    assert Publication.objects.get().title == "草稿"


def test_office_adds_an_obligation_in_the_admin(client, d, office, setup):
    url = reverse("admin:publishing_obligation_add")
    client.force_login(setup["officer"])
    assert client.get(url).status_code == 403  # officers cannot add obligations
    client.force_login(office)
    assert client.get(url).status_code == 200
    data = {"unit": d["s1"].pk, "item": setup["item"].pk, "reason": "街道也须公开社区事务"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Obligation.objects.get(unit=d["s1"])
    assert added.source == ObligationSource.ADDED and added.reason == "街道也须公开社区事务"
    # The same again: the service's refusal is a form error, not a 403.
    response = client.post(url, data)
    assert response.status_code == 200 and "该单位已有此公开义务" in response.content.decode()
    # No reason: the form says so.
    response = client.post(url, {"unit": d["s2"].pk, "item": setup["item"].pk, "reason": ""})
    assert response.status_code == 200 and not Obligation.objects.filter(unit=d["s2"]).exists()


def test_office_reopens_a_closed_obligation_through_the_add_form(client, d, office, setup):
    Obligation.objects.filter(unit=d["c12"]).update(status="closed")
    client.force_login(office)
    response = client.post(
        reverse("admin:publishing_obligation_add"),
        {"unit": d["c12"].pk, "item": setup["item"].pk, "reason": "恢复"},
    )
    assert response.status_code == 302
    assert Obligation.objects.get(unit=d["c12"]).status == "active"


def test_one_requests_obligation_choices_never_leak_into_the_next_form(client, d, setup, office):
    """The add form after viewing a published record: nothing preselected, nothing disabled."""
    from tests.publishing.helpers import published

    obligation = Obligation.objects.get(unit=d["c11"], item=setup["item"])
    pub = published(setup["officer"], d["c11"], "已发布的信息", [obligation], formed_on=date(2025, 10, 1))
    client.force_login(office)
    page = client.get(reverse("admin:publishing_publication_change", args=[pub.pk])).content.decode()
    assert "已发布的信息" in page
    add_page = client.get(reverse("admin:publishing_publication_add")).content.decode()
    select = add_page.split('name="obligation_choices"')[1].split("</select>")[0]
    assert "selected" not in select
    assert "disabled" not in add_page.split('name="obligation_choices"')[0].rsplit("<select", 1)[1]
