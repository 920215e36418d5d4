"""Fixtures for the API tests: a small district, an approved catalog, publications, and unit tokens."""

from datetime import date

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from catalog import services as catalog_services
from catalog.services import ItemData
from domains.models import Domain
from opendata import services as token_services
from organizations.models import Role
from publishing import services as pub_services
from publishing.models import Obligation
from tests.factories import ServicePointFactory, member
from workdays import engine


@pytest.fixture(autouse=True)
def api_setup(settings, tmp_path):
    settings.ROOT_URLCONF = "tests.api.urls"
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the throttle counters
    engine.clear_cache()
    yield
    cache.clear()
    engine.clear_cache()


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def domain(db):
    """The shared field, made active: the public API lists active fields only."""
    domain = Domain.objects.get(code="compulsory-education")
    Domain.objects.filter(pk=domain.pk).update(is_active=True)
    domain.refresh_from_db()
    return domain


def make_item(user, domain, name, *, tiers=("street", "community"), subject="各社区居委会、各街道", **kw):
    data = ItemData(
        name=name,
        elements=kw.pop("elements", ["要素一", "要素二"]),
        time_limit_text=kw.pop("time_limit", "信息形成或者变更之日起20个工作日内"),
        subject_text=subject,
        tier_district="district" in tiers,
        tier_street="street" in tiers,
        tier_community="community" in tiers,
        **kw,
    )
    return catalog_services.save_item(user=user, domain=domain, parent=None, data=data)


@pytest.fixture
def catalog(d, office, domain, django_capture_on_commit_callbacks):
    """Two items in an approved edition (the obligations are generated on approval), and one unapproved."""
    meeting = member(Role.OFFICE, d["gov"], "joint_meeting")
    first = make_item(
        office,
        domain,
        "低保救助公示",
        channels=[("website", True), ("bulletin_board", False)],
        basis_text="《社会救助暂行办法》",
        five_public="result",
        audience_public=True,
    )
    second = make_item(
        office,
        domain,
        '=HYPERLINK("http://evil")',
        tiers=("district",),
        subject="区教育局",
        five_public="service",
    )
    with django_capture_on_commit_callbacks(execute=True):
        edition = catalog_services.draft_edition(user=office, title="第一版")
        catalog_services.submit_edition(user=office, edition=edition)
        edition = catalog_services.approve_edition(user=meeting, edition=edition, comment="同意")
    unapproved = make_item(office, domain, "尚未批准的事项")
    return {"edition": edition, "first": first, "second": second, "unapproved": unapproved}


@pytest.fixture
def people(d):
    return {
        "c11_officer": member(Role.OFFICER, d["c11"], "c11_officer"),
        "c11_reviewer": member(Role.REVIEWER, d["c11"], "c11_reviewer"),
        "c21_officer": member(Role.OFFICER, d["c21"], "c21_officer"),
    }


@pytest.fixture
def obligations(catalog):
    return {(o.unit.code, o.item.code): o for o in Obligation.objects.select_related("unit", "item")}


@pytest.fixture
def pubs(d, people, catalog, obligations):
    """A published record and a draft of 卖鱼桥社区 (c11), and a draft of 小河社区 (c21)."""
    officer, reviewer = people["c11_officer"], people["c11_reviewer"]
    item_code = catalog["first"].code
    published = pub_services.create_publication(
        user=officer,
        unit=d["c11"],
        title="卖鱼桥社区低保公示",
        body="<p>公示名单</p>",
        formed_on=date(2025, 9, 1),
        doc_number="卖社〔2025〕1号",
        obligations=[obligations[("D-S1-1", item_code)]],
    )
    pub_services.submit(user=officer, publication=published)
    pub_services.approve(user=reviewer, publication=published)
    published = pub_services.publish(user=officer, publication=published)
    draft = pub_services.create_publication(
        user=officer,
        unit=d["c11"],
        title="卖鱼桥社区草稿（内部）",
        formed_on=date(2025, 9, 2),
    )
    other = pub_services.create_publication(
        user=people["c21_officer"],
        unit=d["c21"],
        title="小河社区草稿",
        formed_on=date(2025, 9, 3),
    )
    return {"published": published, "draft": draft, "other": other}


@pytest.fixture
def service_account(d):
    """A service account with an officer membership at 卖鱼桥社区 (c11)."""
    return member(Role.OFFICER, d["c11"], "svc_c11")


@pytest.fixture
def token(office, d, service_account):
    _token, key = token_services.issue_token(
        user=office, unit=d["c11"], account=service_account, name="卖鱼桥社区系统"
    )
    return key


@pytest.fixture
def token_c21(office, d):
    account = member(Role.OFFICER, d["c21"], "svc_c21")
    _token, key = token_services.issue_token(user=office, unit=d["c21"], account=account, name="小河社区系统")
    return key


@pytest.fixture
def auth(token):
    def _client(key=None):
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Token {key or token}")
        return c

    return _client


@pytest.fixture
def points(d):
    return [
        ServicePointFactory(unit=d["c11"], name="卖鱼桥查阅点", kind="reading_point"),
        ServicePointFactory(unit=d["s2"], name="小河便民服务站", kind="convenience_station"),
        ServicePointFactory(unit=d["s2"], name="停用的点", is_active=False),
    ]


@pytest.fixture
def assessment_data(d, office):
    """Three rounds of 湖墅街道 and 小河街道: a closed 2025 Q3 round, a closed 2024 yearly round, and an open
    2025 Q4 round (its rows must never show). Rows are written while a round is open, then it is closed."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from assessment.models import (
        Evidence,
        Indicator,
        IndicatorScore,
        IndicatorSystem,
        ManualScore,
        Round,
        RoundStatus,
        UnitResult,
    )

    def system(year):
        s = IndicatorSystem.objects.create(name=f"{year}年度考核", year=year)
        top = Indicator.objects.create(system=s, code="1", name="公开平台", scoring="sum", max_points=60)
        Indicator.objects.create(
            system=s, parent=top, code="1.1", name="栏目维护", scoring="manual", max_points=60
        )
        Indicator.objects.create(system=s, code="2", name="民主评议", scoring="manual", max_points=40)
        return s

    def make_round(s, name, kind, start, end, totals):
        r = Round.objects.create(system=s, name=name, kind=kind, period_start=start, period_end=end)
        r.units.set([d["s1"], d["s2"]])
        indicators = {i.code: i for i in s.indicators.all()}
        for rank, (unit, total) in enumerate(totals, start=1):
            UnitResult.objects.create(round=r, unit=unit, total=total, rank=rank, by_domain={"x": [1, 2]})
            for code, share in (("1", 0.6), ("1.1", 0.6), ("2", 0.4)):
                score = IndicatorScore.objects.create(
                    round=r,
                    unit=unit,
                    indicator=indicators[code],
                    score=round(total * share, 2),
                    details={"note": "计算说明（内部）"},
                )
                Evidence.objects.create(
                    score=score,
                    content_type=ContentType.objects.get_for_model(Round),
                    object_id=r.pk,
                    description="差评：佐证（内部）",
                )
            ManualScore.objects.create(
                round=r,
                unit=unit,
                indicator=indicators["2"],
                assessor=office,
                score=30,
                comment="评估人员意见（内部）",
            )
        return r

    s2025, s2024 = system(2025), system(2024)
    q3 = make_round(
        s2025,
        "2025年第三季度",
        "quarterly",
        date(2025, 7, 1),
        date(2025, 9, 30),
        [(d["s1"], 88.5), (d["s2"], 70)],
    )
    y2024 = make_round(
        s2024, "2024年度", "yearly", date(2024, 1, 1), date(2024, 12, 31), [(d["s2"], 91), (d["s1"], 80)]
    )
    q4 = make_round(
        s2025,
        "2025年第四季度（评分中）",
        "quarterly",
        date(2025, 10, 1),
        date(2025, 12, 31),
        [(d["s1"], 55.5), (d["s2"], 44)],
    )
    Round.objects.filter(pk__in=[q3.pk, y2024.pk]).update(
        status=RoundStatus.CLOSED, closed_by=office, closed_at=timezone.now()
    )
    for r in (q3, y2024):
        r.refresh_from_db()
    return {"q3": q3, "y2024": y2024, "open": q4}
