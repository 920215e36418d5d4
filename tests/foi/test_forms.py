"""foi/forms.py: the request form checks ID numbers by their document's rule and offers only the bodies with the
duty to answer; a forged POST naming a community is refused all the same."""

import pytest
from django.urls import reverse

from core.idcards import credit_code_check, id_card_check
from foi.forms import RequestForm
from foi.models import DisclosureRequest

pytestmark = pytest.mark.django_db

ID = "33010519900101123" + id_card_check("33010519900101123")
CREDIT = "91330105MA2B3C4D5" + credit_code_check("91330105MA2B3C4D5")


def _data(d, **changes):
    return {
        "unit": d["dept"].pk,
        "applicant_type": "natural",
        "name": "王小明",
        "id_type": "id_card",
        "id_number": ID,
        "phone": "13900000000",
        "email": "",
        "address": "",
        "notify_by": "page",
        "description": "2025年学区划分方案",
        "purpose": "",
        "form": "electronic",
        "delivery": "online",
        **changes,
    }


def test_a_valid_id_number_passes_and_is_kept_canonical(d):
    form = RequestForm(_data(d, id_number=f"{ID[:6]} {ID[6:14]} {ID[14:]}".lower()))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == ID


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (ID[:17] + ("0" if ID[17] != "0" else "1"), "校验位"),
        ("330105199002301236", "出生日期"),
        ("33010520991231123" + id_card_check("33010520991231123"), "晚于今天"),
        ("33010519900101123", "18位"),
    ],
)
def test_a_wrong_id_number_is_refused_next_to_its_field(d, number, message):
    form = RequestForm(_data(d, id_number=number))
    assert not form.is_valid()
    assert message in " ".join(form.errors["id_number"])


def test_an_x_check_digit_is_accepted(d):
    first17 = next(
        f"33010519900101{n:03d}" for n in range(1000) if id_card_check(f"33010519900101{n:03d}") == "X"
    )
    form = RequestForm(_data(d, id_number=first17 + "x"))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("kind", "number", "ok"),
    [
        ("hk_macao_permit", "H12345678", True),
        ("hk_macao_permit", "A12345678", False),
        ("taiwan_permit", "12345678", True),
        ("taiwan_permit", "1234567", False),
        ("passport", "E12345678", True),
        ("passport", "E1", False),
    ],
)
def test_other_documents_by_their_own_rules(d, kind, number, ok):
    assert RequestForm(_data(d, id_type=kind, id_number=number)).is_valid() is ok


def test_an_organisation_gives_its_credit_code(d):
    org = {"applicant_type": "business", "name": "某某科技有限公司", "contact_person": "李四"}
    assert RequestForm(_data(d, **org, id_type="credit_code", id_number=CREDIT.lower())).is_valid()
    wrong = RequestForm(_data(d, **org, id_type="credit_code", id_number=CREDIT[:17] + "0"))
    assert not wrong.is_valid() and "校验位" in " ".join(wrong.errors["id_number"])
    assert not RequestForm(_data(d, **org, id_type="id_card")).is_valid()
    assert not RequestForm(_data(d, id_type="credit_code", id_number=CREDIT)).is_valid()  # a person


def test_the_receiving_bodies_exclude_communities_and_villages(d):
    offered = set(RequestForm().fields["unit"].queryset)
    assert {d["gov"], d["dept"], d["s1"], d["s2"]} <= offered
    assert not offered & {d["c11"], d["c12"], d["c21"]}
    page = RequestForm().as_p()
    assert "区教育局" in page and "卖鱼桥社区" not in page


def test_a_forged_post_naming_a_community_is_refused(client, d):
    response = client.post(reverse("foi:apply"), _data(d, unit=d["c11"].pk))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not DisclosureRequest.objects.exists()


def test_an_e_mail_notice_needs_an_address(d):
    form = RequestForm(_data(d, notify_by="email"))
    assert not form.is_valid() and "email" in form.errors
    assert RequestForm(_data(d, notify_by="", email="a@example.com")).is_valid()
    chosen = RequestForm(_data(d, notify_by="", email="a@example.com"))
    chosen.is_valid()
    assert chosen.cleaned_data["notify_by"] == "email"  # not chosen, an address given: e-mail


def test_sms_is_offered_only_with_a_gateway(d, settings):
    settings.SMS_BACKEND = None
    assert "sms" not in dict(RequestForm().fields["notify_by"].choices)
    assert not RequestForm(_data(d, notify_by="sms")).is_valid()
    settings.SMS_BACKEND = "publishing.sms.LocmemBackend"
    assert "sms" in dict(RequestForm().fields["notify_by"].choices)
    assert RequestForm(_data(d, notify_by="sms")).is_valid()
