"""Applicants' personal data kept only as long as the office sets (个人信息保护法 art. 19, 47): a request closed
longer ago than ``PersonalDataRetention.foi_request_years`` has its applicant's name, contact person, ID number,
phone, e-mail and address anonymised, in the request and in its history rows; the request, its steps, dates,
results and every statistic built from them stay."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from core.chunks import chunked
from organizations.models import PersonalDataRetention

from .models import DisclosureRequest, Status

ANONYMOUS = "（已匿名化）"
PERSONAL = {
    "applicant_name": ANONYMOUS,
    "contact_person": "",
    "id_number": "",
    "phone": "",
    "email": "",
    "address": "",
    "id_number_hash": "",
    "phone_hash": "",
}


def expired(today: date | None = None):
    """Closed requests past the retention period whose applicant is not yet anonymised."""
    today = today or timezone.localdate()
    years = PersonalDataRetention.current().foi_request_years
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return (
        DisclosureRequest.objects.filter(status=Status.CLOSED, replied_on__lt=cutoff)
        .exclude(anonymised=True)
        .order_by("pk")
    )


@transaction.atomic
def anonymise_expired(today: date | None = None) -> int:
    """Anonymise the applicants of the requests past their retention period; returns how many."""
    ids = list(expired(today).values_list("pk", flat=True))
    history = DisclosureRequest.history.model.objects
    for chunk in chunked(ids, 500):
        DisclosureRequest.objects.filter(pk__in=chunk).update(**PERSONAL, anonymised=True)
        history.filter(id__in=chunk).update(**PERSONAL, anonymised=True)
    return len(ids)
