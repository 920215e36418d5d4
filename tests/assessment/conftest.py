"""Fixtures for the assessment tests: the small district of the publishing tests, one item, people, data.

Publications go through the real publishing services (at the real time) and are then dated to their day in the
story with ``demo.story.set_historical_times`` — the clock is never patched.
"""

from datetime import date

import pytest

from assessment import services
from assessment.models import IndicatorSystem, RoundKind
from demo.story import set_historical_times
from organizations.models import Role
from publishing import services as pub
from publishing.models import Obligation
from tests.factories import member
from tests.publishing.helpers import make_item

Q3 = (date(2025, 7, 1), date(2025, 9, 30))


@pytest.fixture(autouse=True)
def _fresh_calendar(fresh_calendar_cache):
    yield


@pytest.fixture
def people(d):
    return {
        "s1_officer": member(Role.OFFICER, d["s1"], "s1_officer"),
        "s1_reviewer": member(Role.REVIEWER, d["s1"], "s1_reviewer"),
        "s2_officer": member(Role.OFFICER, d["s2"], "s2_officer"),
        "auditor": member(Role.AUDITOR, d["gov"], "auditor_a"),
    }


@pytest.fixture
def obligations(d, office, domain, release):
    """One item for every street (20 working days from formation): obligations for 湖墅街道 and 小河街道."""
    domain.is_active = True  # the district's active fields (the column monitor reads those)
    domain.save()
    make_item(office, domain, "街道教育政策文件", subject="各街道", tiers=("street",))
    release()
    return {o.unit.code: o for o in Obligation.objects.select_related("unit")}


def publish_at(
    people,
    unit,
    title,
    *,
    formed_on,
    published_on,
    obligations=(),
    doc_number="",
    interprets=None,
    change_formed_on=None,
):
    """Draft, submit, approve and publish a record on ``published_on`` (as 湖墅街道's officer and reviewer)."""
    officer, reviewer = people["s1_officer"], people["s1_reviewer"]
    p = pub.create_publication(
        user=officer,
        unit=unit,
        title=title,
        formed_on=formed_on,
        obligations=obligations,
        doc_number=doc_number,
        interprets=interprets,
    )
    if change_formed_on:
        p = pub.update_publication(user=officer, publication=p, formed_on=change_formed_on)
    pub.submit(user=officer, publication=p)
    pub.approve(user=reviewer, publication=p)
    p = pub.publish(user=officer, publication=p)
    return set_historical_times(p, published_on, {"approve": (10, 0), "publish": (10, 0)})


@pytest.fixture
def quarter(d, people, obligations):
    """湖墅街道's third quarter of 2025 (小河街道 publishes nothing):

    P1 formed 7-01, published 7-10: on time (due 7-29, the 20th working day after 7-01)
    P2 formed 7-01, published 8-05: late by 5 working days (7-30, 7-31, 8-01, 8-04, 8-05)
    P3 规范性文件 with 文号, published 8-08 on time, no interpretation
    P4 实施办法 with 文号, published 8-08 on time, interpretation P5 the same day (P5 fulfils nothing)
    P6 "测试通知一则" (bad title), P7 索引号 of 2024 but formed in 2025 (bad 索引号); neither fulfils anything
    """
    s1 = d["s1"]
    o = [obligations["D-S1"]]
    p1 = publish_at(
        people,
        s1,
        "湖墅街道2025年秋季入学工作安排",
        formed_on=date(2025, 7, 1),
        published_on=date(2025, 7, 10),
        obligations=o,
    )
    p2 = publish_at(
        people,
        s1,
        "湖墅街道学前教育补助发放办法公告",
        formed_on=date(2025, 7, 1),
        published_on=date(2025, 8, 5),
        obligations=o,
    )
    p3 = publish_at(
        people,
        s1,
        "湖墅街道社区教育规范性文件",
        formed_on=date(2025, 8, 1),
        published_on=date(2025, 8, 8),
        obligations=o,
        doc_number="湖街〔2025〕1号",
    )
    p4 = publish_at(
        people,
        s1,
        "湖墅街道教育惠民政策实施办法",
        formed_on=date(2025, 8, 1),
        published_on=date(2025, 8, 8),
        obligations=o,
        doc_number="湖街〔2025〕2号",
    )
    p5 = publish_at(
        people,
        s1,
        "《湖墅街道教育惠民政策实施办法》解读",
        formed_on=date(2025, 8, 1),
        published_on=date(2025, 8, 8),
        interprets=p4,
    )
    p6 = publish_at(people, s1, "测试通知一则", formed_on=date(2025, 9, 1), published_on=date(2025, 9, 2))
    p7 = publish_at(
        people,
        s1,
        "湖墅街道家长学校开课安排",
        formed_on=date(2024, 12, 30),
        change_formed_on=date(2025, 1, 2),
        published_on=date(2025, 7, 15),
    )
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6, "p7": p7}


@pytest.fixture
def templates(db):
    services.load_templates()
    return {s.template_key: s for s in IndicatorSystem.objects.filter(is_template=True)}


@pytest.fixture
def jindong(office, templates):
    return services.copy_system(user=office, source=templates["jindong-2021"], year=2025, name="2025年度考核")


@pytest.fixture
def open_q3(office, d, jindong):
    """An open Q3 2025 round on the 金东区 rubric over the two streets."""
    return services.open_round(
        user=office,
        system=jindong,
        name="2025年第三季度",
        kind=RoundKind.QUARTERLY,
        period_start=Q3[0],
        period_end=Q3[1],
        units=[d["s1"], d["s2"]],
    )


def close(office, round_):
    services.finish_scoring(user=office, round=round_)
    services.review_round(user=office, round=round_)
    return services.close_round(user=office, round=round_)
