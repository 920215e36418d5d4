"""FOI fixtures: the small district of tests.factories, with officers and reviewers of two units."""

import pytest

from organizations.models import Role
from tests.factories import member


@pytest.fixture(autouse=True)
def _fresh_calendar(fresh_calendar_cache):
    yield


@pytest.fixture
def officer(d):
    return member(Role.OFFICER, d["dept"], "foi_officer")


@pytest.fixture
def reviewer(d):
    return member(Role.REVIEWER, d["dept"], "foi_reviewer")


@pytest.fixture
def street_officer(d):
    return member(Role.OFFICER, d["s1"], "foi_street_officer")


@pytest.fixture
def applicant():
    from foi.services import Applicant

    return Applicant(
        applicant_type="natural",
        name="张三",
        id_type="id_card",
        id_number="330105199001011233",
        phone="13800000000",
        email="zhangsan@example.com",
        address="杭州市拱墅区测试路1号",
    )


@pytest.fixture
def make_request(d, officer, applicant):
    """An offline request received on ``received`` by the 区教育局 (registered by its officer)."""
    from foi import services

    def _make(received, **kw):
        kw.setdefault("channel", "in_person")
        kw.setdefault("description", "2025年学区划分方案的会议纪要")
        req, secret = services.register(
            user=officer,
            unit=kw.pop("unit", d["dept"]),
            received_on=received,
            applicant=kw.pop("applicant", applicant),
            form="electronic",
            delivery="email",
            **kw,
        )
        return req

    return _make
