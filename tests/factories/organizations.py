"""Factories of the organizations app: units, users, memberships, service points, and a small district."""

import factory
from django.contrib.auth import get_user_model

from organizations.models import Membership, Role, ServicePoint, Unit, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    code = factory.Sequence(lambda n: f"T-{n}")
    kind = UnitKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.OFFICER


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint

    unit = factory.SubFactory(UnitFactory)
    kind = "reading_point"
    name = factory.Sequence(lambda n: f"查阅点{n}")
    address = "测试路1号"


def district():
    """A small district: government → department, two streets, each street with two communities."""
    gov = UnitFactory(name="区政府", code="D", kind=UnitKind.GOVERNMENT)
    dept = UnitFactory(name="区教育局", code="D-EDU", kind=UnitKind.DEPARTMENT, parent=gov)
    s1 = UnitFactory(name="湖墅街道", code="D-S1", kind=UnitKind.STREET, parent=gov)
    s2 = UnitFactory(name="小河街道", code="D-S2", kind=UnitKind.STREET, parent=gov)
    c11 = UnitFactory(name="卖鱼桥社区", code="D-S1-1", kind=UnitKind.COMMUNITY, parent=s1)
    c12 = UnitFactory(name="信义坊社区", code="D-S1-2", kind=UnitKind.COMMUNITY, parent=s1)
    c21 = UnitFactory(name="小河社区", code="D-S2-1", kind=UnitKind.COMMUNITY, parent=s2)
    for unit in (gov, dept, s1, s2, c11, c12, c21):
        unit.refresh_from_db()
    return {"gov": gov, "dept": dept, "s1": s1, "s2": s2, "c11": c11, "c12": c12, "c21": c21}


def member(role, unit, username=None):
    """A user holding ``role`` in ``unit``."""
    m = MembershipFactory(role=role, unit=unit, **({"user__username": username} if username else {}))
    return m.user
