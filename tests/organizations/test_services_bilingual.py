"""A service point is marked as a 藏汉 or 彝汉 bilingual window through the service-point services."""

import pytest
from django.core.exceptions import ValidationError

from organizations import services
from organizations.models import BilingualService, Role
from tests.factories import district, member

pytestmark = pytest.mark.django_db


def test_a_window_is_marked_and_changed_with_history():
    d = district()
    officer = member(Role.OFFICER, d["s1"], "officer_bi")
    point = services.create_service_point(
        user=officer,
        data={
            "unit": d["s1"],
            "kind": "convenience_station",
            "name": "便民服务中心",
            "address": "乡政府一楼",
        },
    )
    assert point.bilingual == ""
    changed = services.change_service_point(
        user=officer, point=point, changes={"bilingual": BilingualService.TIBETAN}, reason="开设藏汉双语窗口"
    )
    assert changed == {"bilingual"}
    point.refresh_from_db()
    assert point.get_bilingual_display() == "藏汉双语"
    assert point.history.first().history_change_reason == "开设藏汉双语窗口"


def test_only_the_two_languages_are_accepted():
    d = district()
    with pytest.raises(ValidationError):
        services.create_service_point(
            user=None,
            data={
                "unit": d["s1"],
                "kind": "convenience_station",
                "name": "窗口",
                "address": "x",
                "bilingual": "ug",
            },
        )
