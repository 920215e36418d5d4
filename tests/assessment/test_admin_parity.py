"""One write path for rounds: the admin opens a round through the service, and the admin and the service refuse
the same bad round with the same message (a template system, an end before the start)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from assessment import services
from assessment.models import IndicatorSystem, Round

pytestmark = pytest.mark.django_db


def _admin_post(client, office, **data):
    office.is_staff = True
    office.save()
    client.force_login(office)
    return client.post("/admin/assessment/round/add/", data)


def _service_message(**kwargs) -> str:
    with pytest.raises(ValidationError) as exc:
        services.validate_round(**kwargs)
    return exc.value.messages[0]


@pytest.mark.parametrize(
    "case",
    [
        {"template": True, "start": date(2025, 7, 1), "end": date(2025, 9, 30)},
        {"template": False, "start": date(2025, 9, 30), "end": date(2025, 7, 1)},
    ],
)
def test_admin_and_service_refuse_the_same_bad_round_alike(client, d, office, templates, jindong, case):
    system = templates["jindong-2021"] if case["template"] else jindong
    expected = _service_message(
        system=system, kind="quarterly", period_start=case["start"], period_end=case["end"]
    )
    with pytest.raises(ValidationError) as exc:
        services.open_round(
            user=office,
            system=system,
            name="坏轮次",
            kind="quarterly",
            period_start=case["start"],
            period_end=case["end"],
        )
    assert exc.value.messages == [expected]
    response = _admin_post(
        client,
        office,
        system=system.pk,
        name="坏轮次",
        kind="quarterly",
        period_start=case["start"].isoformat(),
        period_end=case["end"].isoformat(),
    )
    assert response.status_code == 200  # the form again, with the error
    assert expected in response.content.decode()
    assert not Round.objects.filter(name="坏轮次").exists()


def test_admin_opens_a_round_through_the_service(client, d, office, jindong):
    response = _admin_post(
        client,
        office,
        system=jindong.pk,
        name="2025年第三季度",
        kind="quarterly",
        period_start="2025-07-01",
        period_end="2025-09-30",
    )
    assert response.status_code == 302
    round_ = Round.objects.get(name="2025年第三季度")
    # what open_round does and a bare model save did not: the opener, and every active unit but the government
    assert round_.opened_by == office
    assert set(round_.units.values_list("code", flat=True)) == {
        u.code for u in d.values() if u.is_active and u.kind != "government"
    }
    assert IndicatorSystem.objects.filter(pk=jindong.pk, is_template=False).exists()
