"""The admin, the services and the importer refuse the same bad item with the same message; an admin refusal
is a form error on the page, never a 403. (An item without a tier is the exception: the admin and the services
refuse it, the importer takes it in without a tier and lists it for the office, issue 22.)"""

import io

import pytest
from django.core.exceptions import ValidationError

from catalog import services
from catalog.importer import parse_workbook
from catalog.models import CatalogEdition, DisclosureItem
from domains.models import Domain
from tests.catalog import workbooks as wb
from tests.catalog.workbooks import Sheet, build

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/catalog/disclosureitem/add/"


@pytest.fixture
def edu():
    return Domain.objects.get(code="compulsory-education")


def admin_post(edu, **changes) -> dict:
    post = {
        "domain": edu.pk,
        "parent": "",
        "name": "考试成绩",
        "code": "",
        "order": 0,
        "content": "●成绩",
        "basis_text": "《中华人民共和国保守国家秘密法》",
        "time_limit_text": "",
        "subject_text": "区教育局",
        "subject_kinds": [],
        "responsible_office": "",
        "audience_specific": "on",
        "mode_on_request": "on",
        "tier_district": "on",
        "five_public": "",
        "form": "",
        "duration": "",
        "is_negative": "on",
        "negative_ground": "",
        "elements-TOTAL_FORMS": 0,
        "elements-INITIAL_FORMS": 0,
        "bases-TOTAL_FORMS": 0,
        "bases-INITIAL_FORMS": 0,
        "channels-TOTAL_FORMS": 0,
        "channels-INITIAL_FORMS": 0,
    }
    post.update(changes)
    return {k: v for k, v in post.items() if v is not None}


def import_errors(row: dict) -> list[str]:
    plan = parse_workbook(io.BytesIO(build(Sheet(rows=[dict(wb.EDUCATION_ROWS[0], **row)], extras=True))))
    return [e.message for e in plan.errors]


CASES = [
    # (what is wrong, admin form changes, importer row changes, the message)
    (
        "a negative-list item without its ground",
        {},
        {"negative": True, "ground": "", "mode": ("依申请",)},
        "负面清单事项须写明不予公开的法律依据",
    ),
    (
        "a negative-list item published proactively",
        {
            "negative_ground": "《中华人民共和国保守国家秘密法》",
            "mode_proactive": "on",
            "mode_on_request": None,
        },
        {"negative": True, "ground": "《中华人民共和国保守国家秘密法》"},
        "负面清单事项不予公开，不能勾选「主动」公开",
    ),
    (
        "an item without any tier",
        {"is_negative": None, "negative_ground": "", "tier_district": None, "time_limit_text": "20个工作日"},
        {"tiers": ()},
        "公开层级至少勾选一项",
    ),
]


@pytest.mark.parametrize("what, form, row, message", CASES, ids=[c[0] for c in CASES])
def test_admin_service_and_importer_refuse_the_same_item_with_the_same_message(
    client, office, edu, what, form, row, message
):
    client.force_login(office)
    response = client.post(ADD_URL, admin_post(edu, **form))
    assert response.status_code == 200  # the form again, with the error: not a 403, nothing saved
    assert message in response.content.decode()
    assert not DisclosureItem.objects.filter(name="考试成绩").exists()

    if row.get("tiers") == ():
        # issue 22: the importer takes an item without a tier in, without a tier (no duty), for the office
        plan = parse_workbook(io.BytesIO(build(Sheet(rows=[dict(wb.EDUCATION_ROWS[0], **row)], extras=True))))
        assert plan.errors == [] and plan.rows[0].tier_pending
        assert [a.kind for a in plan.rows[0].assumptions] == ["no_tier"]
    else:
        assert message in import_errors(row)

    data = services.ItemData(
        name="考试成绩",
        content="●成绩",
        subject_text="区教育局",
        is_negative="is_negative" in admin_post(edu, **form),
        negative_ground=admin_post(edu, **form)["negative_ground"],
        mode_proactive="mode_proactive" in admin_post(edu, **form),
        mode_on_request="mode_on_request" in admin_post(edu, **form),
        tier_district="tier_district" in admin_post(edu, **form),
        time_limit_text="20个工作日",
    )
    with pytest.raises(ValidationError) as refused:
        services.save_item(user=office, domain=edu, parent=None, data=data)
    assert message in refused.value.messages


def test_the_admin_saves_a_good_item_through_the_service(client, office, edu):
    client.force_login(office)
    post = admin_post(
        edu, is_negative=None, code="EDU-T1", time_limit_text="信息形成或者变更之日起20个工作日内"
    )
    assert client.post(ADD_URL, post).status_code == 302
    item = DisclosureItem.objects.get(name="考试成绩")
    assert item.code and item.time_limit_rule["amount"] == 20 and item.subject_kinds == ["department"]


def test_a_second_draft_edition_is_a_form_error_not_a_403(client, office):
    client.force_login(office)
    services.draft_edition(user=office, title="第一版")
    response = client.post("/admin/catalog/catalogedition/add/", {"title": "第二版", "summary": ""})
    assert response.status_code == 200
    assert "已有一个未批准的目录版本，请先完成其审核。" in response.content.decode()
    assert CatalogEdition.objects.count() == 1


def test_the_item_inlines_are_written_by_the_service_with_history_and_no_rewrite_when_unchanged(
    client, office, edu, monkeypatch
):
    """Elements, bases and channels typed in the admin's inlines reach the database through
    ``services.save_item`` (one permission-checked transaction), with history; saving the item again without
    touching them writes no new history rows for them."""
    from catalog.models import BasisDocument, ContentElement, ItemChannel

    doc = BasisDocument.objects.create(name="《中华人民共和国义务教育法》")
    client.force_login(office)
    inlines = {
        "elements-TOTAL_FORMS": 2,
        "elements-0-order": 1,
        "elements-0-text": "招生范围",
        "elements-1-order": 0,
        "elements-1-text": "招生计划",
        "bases-TOTAL_FORMS": 1,
        "bases-0-order": 0,
        "bases-0-document": doc.pk,
        "bases-0-article": "第十二条",
        "channels-TOTAL_FORMS": 1,
        "channels-0-channel": "website",
        "channels-0-required": "on",
    }
    calls = []
    real = services.save_item
    monkeypatch.setattr(services, "save_item", lambda **kw: calls.append(kw) or real(**kw))
    post = admin_post(edu, is_negative=None, code="EDU-T2", **inlines)
    assert client.post(ADD_URL, post).status_code == 302
    item = DisclosureItem.objects.get(code="EDU-T2")
    assert calls and calls[-1]["related"] is True
    assert list(item.elements.order_by("order").values_list("text", flat=True)) == ["招生计划", "招生范围"]
    assert list(item.bases.values_list("document_id", "article")) == [(doc.pk, "第十二条")]
    assert list(item.channels.values_list("channel", "required")) == [("website", True)]
    assert ContentElement.history.filter(item_id=item.pk, history_type="+").count() == 2
    assert ItemChannel.history.filter(item_id=item.pk).count() == 1

    change = f"/admin/catalog/disclosureitem/{item.pk}/change/"
    form = client.get(change).context["adminform"].form
    assert form.instance.pk == item.pk
    elements = list(item.elements.order_by("pk"))
    basis = item.bases.get()
    channel = item.channels.get()
    again = admin_post(
        edu,
        is_negative=None,
        code="EDU-T2",
        content="●成绩（更新）",
        **{
            "elements-TOTAL_FORMS": 2,
            "elements-INITIAL_FORMS": 2,
            "elements-0-id": elements[0].pk,
            "elements-0-item": item.pk,
            "elements-0-order": elements[0].order,
            "elements-0-text": elements[0].text,
            "elements-1-id": elements[1].pk,
            "elements-1-item": item.pk,
            "elements-1-order": elements[1].order,
            "elements-1-text": elements[1].text,
            "bases-TOTAL_FORMS": 1,
            "bases-INITIAL_FORMS": 1,
            "bases-0-id": basis.pk,
            "bases-0-item": item.pk,
            "bases-0-order": 0,
            "bases-0-document": doc.pk,
            "bases-0-article": "第十二条",
            "channels-TOTAL_FORMS": 1,
            "channels-INITIAL_FORMS": 1,
            "channels-0-id": channel.pk,
            "channels-0-item": item.pk,
            "channels-0-channel": "website",
            "channels-0-required": "on",
        },
    )
    before = ContentElement.history.filter(item_id=item.pk).count()
    assert client.post(change, again).status_code == 302
    item.refresh_from_db()
    assert item.content == "●成绩（更新）"
    assert ContentElement.history.filter(item_id=item.pk).count() == before
    assert item.elements.count() == 2 and item.channels.count() == 1
