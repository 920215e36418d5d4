"""The officers' pages of the ledger: who sees what (another unit's officer and a community officer get 404, the
public the sign-in page), the running clocks in words, hostile input escaped, the steps posted through the
services, and the month's report as a page and a workbook."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from opinion.models import Entry, State
from organizations.models import Role
from tests.factories import member
from tests.security.conftest import png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(make_entry):
    return make_entry(ago=timedelta(hours=44, minutes=40), summary="<script>alert('x')</script>网传积水")


def test_the_public_is_sent_to_sign_in(client, entry):
    for url in (
        reverse("opinion:ledger"),
        reverse("opinion:entry", args=[entry.pk]),
        reverse("opinion:report"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("sign_in"))


def test_another_units_officer_and_a_community_officer_get_404(client, d, entry):
    for unit in ("s2", "c11"):
        client.force_login(member(Role.OFFICER, d[unit]))
        assert client.get(reverse("opinion:entry", args=[entry.pk])).status_code == 404
        assert client.post(reverse("opinion:step", args=[entry.pk, "close"])).status_code == 404
        page = client.get(reverse("opinion:ledger"))
        assert page.status_code == 200 and "网传积水" not in page.content.decode()


def test_roles_without_the_ledger_are_refused(client, d, entry):
    for role, unit in ((Role.REVIEWER, "s1"), (Role.AUDITOR, "gov"), (Role.SUPERVISOR, "gov")):
        client.force_login(member(role, d[unit]))
        assert client.get(reverse("opinion:ledger")).status_code == 403
        assert client.get(reverse("opinion:entry", args=[entry.pk])).status_code == 404


def test_the_units_officer_sees_the_running_clock_and_the_script_escaped(client, d, entry):
    client.force_login(member(Role.OFFICER, d["s1"]))
    html = client.get(reverse("opinion:ledger")).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "剩余 3 小时 20 分" in html or "剩余 3 小时 19 分" in html  # 48 h less 44 h 40 min
    page = client.get(reverse("opinion:entry", args=[entry.pk])).content.decode()
    assert "<script>alert" not in page and "登记回应" in page
    assert reverse("opinion:add") not in html  # the office records; the officer answers


def test_an_officer_answers_through_the_page(client, d, entry):
    client.force_login(member(Role.OFFICER, d["s1"]))
    at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("opinion:step", args=[entry.pk, "respond"]),
        {"kind": "response", "responded_at": at, "link": "https://example.cn/r", "note": "已发布情况说明"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == State.RESPONDED
    future = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(
        reverse("opinion:step", args=[entry.pk, "hand_over"]),
        {"to": "police", "party": "区公安分局", "handed_at": future},
    )
    assert refused.status_code == 400 and "不能晚于当前时间" in refused.content.decode()


def test_the_office_adds_an_entry_with_evidence(client, office, d):
    client.force_login(office)
    found = (timezone.localtime() - timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("opinion:add"),
        {
            "found_at": found,
            "source": "weibo",
            "summary": "网传学校停课",
            "unit": d["dept"].pk,
            "kind": "incident",
            "level": "major",
            "emergency": "on",
            "evidence": upload("截图.png", png_bytes()),
        },
    )
    entry = Entry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("opinion:entry", args=[entry.pk])
    evidence = entry.evidence.get()
    download = client.get(reverse("opinion:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.force_login(member(Role.OFFICER, d["s1"]))
    assert client.get(reverse("opinion:evidence", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("opinion:add")).status_code == 403


def test_the_month_report_page_and_workbook(client, office, entry):
    client.force_login(office)
    month = timezone.localtime(entry.found_at).strftime("%Y-%m")
    page = client.get(reverse("opinion:report"), {"month": month})
    assert page.status_code == 200
    response = client.get(reverse("opinion:report_xlsx"), {"month": month})
    assert response.status_code == 200
    assert "政务舆情回应台账" in unquote(response["Content-Disposition"])
    book = load_workbook(BytesIO(response.content))
    ledger = book.worksheets[1]
    assert ledger.max_row == 2  # the header and the one clock of the one entry
    assert ledger.cell(row=2, column=7).value.startswith(
        "<script>"
    )  # kept as typed; a workbook runs no script
