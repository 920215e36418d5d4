"""Personal data kept only as long as the office sets (issue 28): closed FOI requests past the period lose their
applicant's identity (history rows too), counts stay; answered contacts past theirs are removed."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from foi import retention
from foi.models import DisclosureRequest, Status
from organizations.models import PersonalDataRetention
from participation import retention as contact_retention
from participation.models import Correction

pytestmark = pytest.mark.django_db


def test_a_closed_request_past_the_period_is_anonymised_with_its_history(make_request):
    PersonalDataRetention.objects.create(foi_request_years=3, contact_days=30)
    old, recent, still_open = (make_request(date(2025, 9, d)) for d in (1, 2, 3))
    DisclosureRequest.objects.filter(pk__in=[old.pk, recent.pk]).update(status=Status.CLOSED)
    DisclosureRequest.objects.filter(pk=old.pk).update(replied_on=date(2022, 1, 10))
    DisclosureRequest.objects.filter(pk=recent.pk).update(replied_on=date(2024, 6, 1))
    DisclosureRequest.objects.filter(pk=still_open.pk).update(replied_on=date(2021, 1, 1))
    assert retention.anonymise_expired(today=date(2026, 12, 7)) == 1
    old = DisclosureRequest.objects.get(pk=old.pk)
    assert (old.applicant_name, old.id_number, old.phone, old.address, old.anonymised) == (
        "（已匿名化）", "", "", "", True,
    )  # fmt: skip
    assert old.result == DisclosureRequest.objects.get(pk=old.pk).result and old.reference  # the record stays
    assert all(h.id_number == "" for h in old.history.all())
    assert DisclosureRequest.objects.get(pk=recent.pk).id_number == "330105199001011233"
    assert DisclosureRequest.objects.get(pk=still_open.pk).id_number == "330105199001011233"
    assert DisclosureRequest.objects.count() == 3
    assert retention.anonymise_expired(today=date(2026, 12, 7)) == 0  # once


def test_answered_contacts_past_the_period_are_removed(db):
    PersonalDataRetention.objects.create(foi_request_years=10, contact_days=30)
    now = timezone.now()
    old = Correction.objects.create(
        kind="content", description="旧", contact="13900000001", answered_at=now - timedelta(days=31)
    )
    new = Correction.objects.create(
        kind="content", description="新", contact="13900000002", answered_at=now - timedelta(days=5)
    )
    unanswered = Correction.objects.create(kind="content", description="未答", contact="13900000003")
    assert contact_retention.remove_expired_contacts(now=now) == 1
    assert [Correction.objects.get(pk=c.pk).contact for c in (old, new, unanswered)] == [
        "", "13900000002", "13900000003",
    ]  # fmt: skip


def test_the_defaults_are_ten_years_and_a_year():
    policy = PersonalDataRetention.current()
    assert (policy.foi_request_years, policy.contact_days) == (10, 365)
