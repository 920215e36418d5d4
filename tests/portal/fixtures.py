"""A small district with an approved catalog and published records, for the portal and participation tests."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from catalog import services as catalog_services
from catalog.services import ItemData
from domains.models import Domain
from organizations.models import Membership, Role, ServicePoint
from publishing import services as pub_services
from publishing.models import Obligation
from tests.factories import district, member
from workdays import engine


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    engine.clear_cache()
    yield
    cache.clear()


def make_item(user, domain, name, *, parent=None, elements=("要素",), tiers=("street",), subject="各街道"):
    data = ItemData(
        name=name,
        elements=list(elements),
        time_limit_text="信息形成或者变更之日起20个工作日内",
        subject_text=subject,
        basis_text="《中华人民共和国政府信息公开条例》",
        tier_district="district" in tiers,
        tier_street="street" in tiers,
        tier_community="community" in tiers,
    )
    return catalog_services.save_item(user=user, domain=domain, parent=parent, data=data)


class World:
    """The district, its people and helpers to add catalog items and publications."""

    def __init__(self, capture):
        from portal.search import synonyms

        synonyms.seed_if_empty()  # a transactional test's flush empties the seeded dictionary
        self.d = district()
        self.office = member(Role.OFFICE, self.d["gov"], "office_a")
        self.meeting = member(Role.OFFICE, self.d["gov"], "joint_meeting")
        self.officer = member(Role.OFFICER, self.d["s1"], "officer_s1")
        Membership.objects.filter(user=self.officer).update(
            is_public_contact=True, phone="0571-88888888", title="政务公开专员"
        )
        self.supervisor = member(Role.SUPERVISOR, self.d["gov"], "supervisor_a")
        self.domain = Domain.objects.get(code="compulsory-education")
        self.domain.is_active = True
        self.domain.lead_unit = self.d["dept"]
        self.domain.save()
        self.capture = capture
        self.top = make_item(self.office, self.domain, "社会救助", elements=[])
        self.dibao = make_item(
            self.office,
            self.domain,
            "城乡低保对象审核",
            parent=self.top,
            elements=["低保对象名单", "低保标准"],
        )
        self.chaiqian = make_item(
            self.office,
            self.domain,
            "征收补偿方案",
            parent=self.top,
            elements=["房屋征收范围", "补偿标准"],
            tiers=("district", "street"),
            subject="区级部门",
        )
        ServicePoint.objects.create(
            unit=self.d["s1"],
            kind="reading_point",
            name="湖墅街道公开查阅点",
            address="湖墅南路1号",
            latitude="30.30",
            longitude="120.15",
        )
        ServicePoint.objects.create(
            unit=self.d["gov"],
            kind="service_center",
            name="区行政服务中心",
            address="香积寺路2号",
            latitude="30.32",
            longitude="120.13",
        )
        self.release()

    def release(self, title="第一版"):
        with self.capture(execute=True):
            edition = catalog_services.draft_edition(user=self.office, title=title)
            catalog_services.submit_edition(user=self.office, edition=edition)
            return catalog_services.approve_edition(user=self.meeting, edition=edition, comment="同意")

    def code_of(self, item):
        item.refresh_from_db()
        return item.code

    def publish(
        self,
        unit,
        title,
        body="",
        *,
        items=(),
        formed_on=None,
        validity=None,
        interprets=None,
        publish=True,
        doc_number="",
    ):
        obligations = list(Obligation.objects.filter(unit=unit, item__in=list(items)))
        combined = len(set(items)) > 1  # one document answering several items: 合并公开 (issue 21)
        pub = pub_services.create_publication(
            user=self.office,
            unit=unit,
            title=title,
            body=body,
            formed_on=formed_on or date(2025, 3, 3),
            obligations=obligations,
            validity=validity,
            interprets=interprets,
            doc_number=doc_number,
            combined=combined,
        )
        if publish:
            pub_services.submit(user=self.office, publication=pub)
            pub_services.approve(user=self.meeting, publication=pub)
            pub = pub_services.publish(user=self.office, publication=pub)
        return pub


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    return World(django_capture_on_commit_callbacks)
