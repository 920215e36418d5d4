"""The demo year's annual reports (demo/foi.py): every unit with requests in 2025 has a published report, and
the district's published report is the sum of its units' reports, cell by cell, in tables 三 and 四; the
letters the demo issued through the services are numbered 1, 2, 3 … for the year, without gaps."""

from __future__ import annotations

import pytest

from demo import foi as demo
from foi import report, search_source
from foi.models import AnnualReport, DisclosureRequest


@pytest.fixture
def loaded(d, office):
    """The demo on the test district, its units carrying the demo's codes (three ledgers, one unit handling)."""
    for key, code in (("dept", "GS-JYJ"), ("s1", "GS-HS"), ("s2", "GS-MZJ")):
        d[key].code = code
        d[key].save()
    return demo.load({})


def published(unit, district=False) -> dict:
    return AnnualReport.objects.get(
        unit=unit, year=demo.YEAR, district=district, published_at__isnull=False
    ).figures


@pytest.mark.django_db
def test_every_unit_with_requests_has_its_report_and_the_district_sums_them(d, loaded):
    with_requests = report.units_with_requests(demo.YEAR)
    assert {u.code for u in with_requests} == {"GS-JYJ", "GS-HS", "GS-MZJ"}
    received = DisclosureRequest.objects.filter(received_on__year=demo.YEAR).values_list("unit_id", flat=True)
    assert set(received) <= {u.pk for u in with_requests}
    units = [published(unit) for unit in with_requests]
    district = published(d["gov"], district=True)
    cells = 0
    for table in ("table3", "table4"):
        assert district[table].keys() == units[0][table].keys()
        for row, values in district[table].items():
            for column, value in enumerate(values):
                assert value == sum(u[table][row][column] for u in units), (table, row, column)
                cells += 1
    assert cells == (len(report.table3_rows()) + 1) * 7 + 3 * 5  # every row (and the 2019 （六）) × column
    assert district["table3"]["total"][-1] > 0 and all(not u["problems_found"] for u in units)


@pytest.mark.django_db
def test_the_demos_letters_are_numbered_without_gaps_and_one_is_public(d, loaded):
    handled = DisclosureRequest.objects.filter(unit=d["dept"], reference__in=[h[0] for h in demo.HANDLED])
    numbers = sorted(handled.values_list("letter_seq", flat=True))
    assert numbers == list(range(1, len(demo.HANDLED) + 1))
    assert all(
        r.letter_number.endswith(f"第{r.letter_seq}号") and f"〔{demo.YEAR}〕" in r.letter_number
        for r in handled
    )
    (public,) = search_source.public_replies()
    assert public.letter_number in {r.letter_number for r in handled}


@pytest.mark.django_db
def test_no_demo_request_is_left_open_for_years_and_the_desks_have_todays_work(d, loaded):
    """A request the demo leaves open was received in the last weeks (new, waiting for 补正, due this week), so the
    desks never read "逾期 600 个工作日"; the ledgers' unanswered rows are December requests carried over and
    answered in January (表三 四、结转下年度继续办理 still counts them for their year)."""
    from datetime import date

    from django.utils import timezone

    from foi import clock
    from foi.models import OPEN_STATUSES
    from workdays import engine

    today = timezone.localdate()
    still_open = list(DisclosureRequest.objects.filter(status__in=OPEN_STATUSES))
    assert {r.reference.rsplit("-", 1)[-1] for r in still_open} == {"N01", "N02", "N03"}
    for request in still_open:
        assert engine.count_workdays(request.received_on, today) <= 20, request.reference
        if request.due_date:  # a request waiting for 补正 has no due date until the correction arrives
            assert not clock.remaining(request.due_date, today).overdue, request.reference
    forward = sum(sum(published(unit)["table3"]["forward"]) for unit in report.units_with_requests(demo.YEAR))
    assert forward > 0  # the December requests of 2025, answered in January 2026
    assert not DisclosureRequest.objects.filter(
        received_on__lt=date(demo.YEAR, 12, 1), replied_on__isnull=True
    )


@pytest.mark.django_db
def test_demo_loader_is_idempotent(d, office):
    from foi.report import build

    d["dept"].code = "GS-JYJ"
    d["dept"].save()
    first = demo.load({})
    assert first["requests"] == demo.LEDGERS["GS-JYJ"][1] and first["handled"] == len(demo.HANDLED)
    assert first["open"] == sum(1 for row in demo.OPEN_NOW if row[2] == "GS-JYJ")
    assert first["reports_published"] == 2  # the one unit with requests, and the district
    assert demo.load({}) == {"requests": 0, "handled": 0, "open": 0, "reports_published": 0}
    assert build(unit=d["gov"], year=2025, district=True).problems_found == []
