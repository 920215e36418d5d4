"""依申请公开 indicators computed from the foi app (foi.selectors): late replies and replies corrected on appeal,
scored with the rubric's deductions (−6 per late reply, −3 per corrected reply) in the 依申请公开 pool."""

from datetime import date
from decimal import Decimal

import pytest

from assessment import indicators
from assessment.indicators import REGISTRY, Period
from foi import services as foi
from foi.services import Applicant
from organizations.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(autouse=True)
def _fresh_calendar(fresh_calendar_cache):
    yield


def _request(d, officer, received: date):
    applicant = Applicant(
        applicant_type="natural",
        name="张三",
        id_type="id_card",
        id_number="330105199001011234",
        phone="13800000000",
        email="zhangsan@example.com",
        address="杭州市拱墅区测试路1号",
    )
    req, _secret = foi.register(
        user=officer,
        unit=d["dept"],
        received_on=received,
        applicant=applicant,
        form="electronic",
        delivery="email",
        channel="in_person",
        description="2025年学区划分方案的会议纪要",
    )
    return req


def test_late_and_corrected_replies_deduct_in_the_foi_pool(d):
    officer = member(Role.OFFICER, d["dept"], "foi_officer_a")
    on_time = _request(d, officer, date(2025, 5, 6))
    foi.reply(
        user=officer, request=on_time, on=date(2025, 5, 20), result="withheld", reason=4, text="涉及第三方"
    )
    late = _request(d, officer, date(2025, 5, 6))
    foi.reply(
        user=officer, request=late, on=date(2025, 7, 30), result="withheld", reason=4, text="涉及第三方"
    )
    appeal = foi.record_appeal(user=officer, request=on_time, kind="review", filed_on=date(2025, 6, 1))
    foi.decide_appeal(user=officer, appeal=appeal, outcome="corrected", decided_on=date(2025, 7, 1))

    ids = [d["dept"].pk, d["s1"].pk]
    replies = REGISTRY["foi_late_replies"].func(ids, YEAR, {})
    corrected = REGISTRY["foi_corrected"].func(ids, YEAR, {})
    dept = replies[d["dept"].pk]
    assert (dept.num, dept.den, dept.count) == (1, 2, 1)
    assert dept.evidence[0][:2] == ("foi.disclosurerequest", late.pk)
    assert corrected[d["dept"].pk].count == 1 and corrected[d["dept"].pk].evidence[0][0] == "foi.appeal"
    rule = {"scoring": "deduct", "max_points": "0", "deduction_per": "6", "when_nothing_due": "full"}
    assert indicators.score_indicator(rule, dept).score == Decimal("-6.00")
    # a unit with no request had nothing to answer: the rubric says "full" (no deduction), and says so
    street = indicators.score_indicator(rule, replies[d["s1"].pk])
    assert street.score == Decimal("0.00") and street.details["nothing_due"]
