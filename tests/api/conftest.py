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
        name=name, elements=kw.pop("elements", ["要素一", "要素二"]),
        time_limit_text=kw.pop("time_limit", "信息形成或者变更之日起20个工作日内"), subject_text=subject,
        tier_district="district" in tiers, tier_street="street" in tiers, tier_community="community" in tiers,
        **kw,
    )
    return catalog_services.save_item(user=user, domain=domain, parent=None, data=data)


@pytest.fixture
def catalog(d, office, domain, django_capture_on_commit_callbacks):
    """Two items in an approved edition (the obligations are generated on approval), and one unapproved."""
    meeting = member(Role.OFFICE, d["gov"], "joint_meeting")
    first = make_item(office, domain, "低保救助公示", channels=[("website", True), ("bulletin_board", False)],
                      basis_text="《社会救助暂行办法》", five_public="result", audience_public=True)
    second = make_item(office, domain, "=HYPERLINK(\"http://evil\")", tiers=("district",), subject="区教育局",
                       five_public="service")
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
        user=officer, unit=d["c11"], title="卖鱼桥社区低保公示", body="<p>公示名单</p>", formed_on=date(2025, 9, 1),
        doc_number="卖社〔2025〕1号", obligations=[obligations[("D-S1-1", item_code)]],
    )
    pub_services.submit(user=officer, publication=published)
    pub_services.approve(user=reviewer, publication=published)
    published = pub_services.publish(user=officer, publication=published)
    draft = pub_services.create_publication(
        user=officer, unit=d["c11"], title="卖鱼桥社区草稿（内部）", formed_on=date(2025, 9, 2),
    )
    other = pub_services.create_publication(
        user=people["c21_officer"], unit=d["c21"], title="小河社区草稿", formed_on=date(2025, 9, 3),
    )
    return {"published": published, "draft": draft, "other": other}


@pytest.fixture
def service_account(d):
    """A service account with an officer membership at 卖鱼桥社区 (c11)."""
    return member(Role.OFFICER, d["c11"], "svc_c11")


@pytest.fixture
def token(office, d, service_account):
    _token, key = token_services.issue_token(user=office, unit=d["c11"], account=service_account,
                                             name="卖鱼桥社区系统")
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
