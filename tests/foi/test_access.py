"""foi/access.py: the tracking code and password as people type them; codes and passwords already issued keep
working; one answer for every mismatch."""

import re

import pytest

from core import codes
from foi import access, services
from foi.models import DisclosureRequest

pytestmark = pytest.mark.django_db

CONFUSABLE = set("0O1IlLU")


@pytest.fixture
def filed(d, applicant):
    return services.submit_online(
        unit=d["dept"], applicant=applicant, description="学区划分", form="electronic", delivery="online"
    )


def test_new_codes_and_passwords_have_no_confusable_characters(filed):
    req, secret = filed
    assert re.fullmatch(r"YS[23456789ABCDEFGHJKMNPQRSTVWXYZ]{10}", req.tracking_code)
    assert len(secret) == access.SECRET_LENGTH and not set(secret) & CONFUSABLE
    assert re.fullmatch(r"YS-\w{4}-\w{4}-\w{2}", req.tracking_code_display)
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}", access.show_secret(secret))


def test_what_people_type_is_found(filed):
    req, secret = filed
    shown_code, shown_secret = req.tracking_code_display, access.show_secret(secret)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in shown_secret.lower())
    for code, typed in [
        (req.tracking_code, secret),
        (shown_code, shown_secret),
        (shown_code.lower(), shown_secret.lower()),
        (f" {shown_code.replace('-', ' ')} ", full_width),
        (shown_code.replace("-", "—"), shown_secret.replace("-", "")),
    ]:
        assert access.find(code, typed) == req, (code, typed)


def test_every_mismatch_is_the_same_none(filed):
    req, secret = filed
    assert access.find(req.tracking_code, secret[:-1] + ("2" if secret[-1] != "2" else "3")) is None
    assert access.find("YS" + "2" * 10, secret) is None
    assert access.find("", secret) is None and access.find(req.tracking_code, "") is None
    assert access.find("<script>", secret) is None and access.find("学区" * 40, secret) is None


def test_codes_and_passwords_issued_before_keep_working(filed):
    req, _secret = filed
    old_secret = "aB3_x-Yz9Qw0"  # the former secrets.token_urlsafe(9): case-sensitive, with - and _
    DisclosureRequest.objects.filter(pk=req.pk).update(
        tracking_code="YSHL7KL2MNPL", secret_hash=services.hash_secret(old_secret)
    )
    assert access.find("YSHL7KL2MNPL", old_secret).pk == req.pk
    assert access.find("yshl7kl2mnpl", old_secret).pk == req.pk  # codes were always upper-case
    assert access.find("YSH17K12MNPL", old_secret).pk == req.pk  # the L misread as 1
    assert access.find("YSHL7KL2MNPL", old_secret.upper()) is None  # an old password stays case-sensitive
    assert not codes.is_code("HL7KL2MNPL")
