"""Fixtures of the pilot ledger's tests: the small test district's office and officers, a plan with a class, a
target (lead: 湖墅街道, cooperating: 区教育局) and a measure, and the demo's ledger on the demo's unit codes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer_s1(d):
    from organizations.models import Role
    from tests.factories import member

    return member(Role.OFFICER, d["s1"], "officer_s1")


@pytest.fixture
def officer_dept(d):
    from organizations.models import Role
    from tests.factories import member

    return member(Role.OFFICER, d["dept"], "officer_dept")


@pytest.fixture
def officer_s2(d):
    from organizations.models import Role
    from tests.factories import member

    return member(Role.OFFICER, d["s2"], "officer_s2")


@pytest.fixture
def ledger(office, d):
    """A plan → class → target → measure, through the services."""
    from pilot import services

    today = timezone.localdate()
    plan = services.create_plan(
        user=office, code="test-pilot", name="测试区试点", unit=d["gov"],
        starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=100),
    )  # fmt: skip
    klass = services.add_task(
        user=office, plan=plan, number="1", title="标准目录编制", lead_unit=d["gov"], deadline=plan.ends_on
    )
    target = services.add_task(
        user=office, plan=plan, parent=klass, number="1.1", title="编制街道公开事项清单", lead_unit=d["s1"],
        cooperating=[d["dept"]], indicator="完成清单的领域数", target_value=8, measure_unit="个",
        deadline=today + timedelta(days=3),
    )  # fmt: skip
    measure = services.add_task(
        user=office, plan=plan, parent=target, number="1.1.1", title="梳理事项", lead_unit=d["s1"],
        deadline=today + timedelta(days=2),
    )  # fmt: skip
    return {"plan": plan, "class": klass, "target": target, "measure": measure}


@pytest.fixture
def demo_ledger(db):
    """The demo district's pilot ledger (demo/pilot.py) on the demo's unit codes and its office account."""
    from tests.factories.pilot import demo_pilot_ledger

    return demo_pilot_ledger()
