"""The ledger's writes (opinion/services.py): who may write, what is refused, what each step records, and how a
response or a handover stops a clock."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opinion import clocks, services
from opinion.models import Entry, EntryEvent, State
from opinion.selectors import row_of
from organizations.models import Role
from tests.append_only import assert_append_only
from tests.factories import member
from tests.security.conftest import pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_the_office_records_an_entry_with_evidence_and_its_hash(office, d):
    content = png_bytes()
    entry = services.record_entry(
        user=office,
        found_at=timezone.now() - timedelta(minutes=30, seconds=17),
        source="news",
        summary="民政局低保复核引发讨论",
        unit=d["s1"],
        kind="policy",
        level="major",
        emergency=True,
        evidence=upload("截图.png", content),
    )
    (evidence,) = entry.evidence.all()
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.content_type == "image/png"
    assert entry.found_at.second == 0 and entry.found_at.microsecond == 0
    assert entry.sector == "民政"  # proposed from the responsibility vocabulary
    assert [d.kind for d in entry.deadlines()] == [clocks.AUTHORITY, clocks.PRESS]
    assert list(entry.events.values_list("action", flat=True)) == ["record", "evidence"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("截图.png", b"<html><script>alert(1)</script></html>"),  # a web page calling itself a PNG
        ("截图.png", pdf_bytes()),  # a PDF with a PNG's name
        ("截图.pdf", b"%PDF-1.4<script>alert(1)</script>"),  # a PDF signature hiding a page
        ("表格.xlsx", b"PK\x03\x04rest"),  # not among the evidence types
    ],
)
def test_an_evidence_file_that_lies_about_its_type_is_refused(office, d, name, content):
    with pytest.raises(ValidationError):
        services.record_entry(
            user=office,
            found_at=timezone.now(),
            source="weibo",
            summary="网传消息",
            unit=d["s1"],
            kind="other",
            level="general",
            evidence=upload(name, content),
        )
    assert not Entry.objects.exists()  # the entry is not kept without its evidence


def test_a_found_at_in_the_future_is_refused(office, d):
    with pytest.raises(ValidationError, match="不能晚于当前时间"):
        services.record_entry(
            user=office,
            found_at=timezone.now() + timedelta(hours=1),
            source="weibo",
            summary="网传消息",
            unit=d["s1"],
            kind="other",
            level="general",
        )


def test_only_the_office_records_and_only_the_units_officers_answer(office, d, make_entry):
    officer = member(Role.OFFICER, d["s1"])
    other = member(Role.OFFICER, d["s2"])
    reviewer = member(Role.REVIEWER, d["s1"])
    with pytest.raises(PermissionDenied):
        services.record_entry(
            user=officer,
            found_at=timezone.now(),
            source="weibo",
            summary="x",
            unit=d["s1"],
            kind="other",
            level="general",
        )
    entry = make_entry()
    for user in (other, reviewer, member(Role.AUDITOR, d["gov"]), member(Role.OFFICER, d["c11"])):
        with pytest.raises(PermissionDenied):
            services.record_response(user=user, entry=entry, kind="response", responded_at=timezone.now())
    services.record_response(user=officer, entry=entry, kind="response", responded_at=timezone.now())
    entry.refresh_from_db()
    assert entry.state == State.RESPONDED


def test_a_response_stops_its_clock_at_its_time_and_the_entry_keeps_updating(d, make_entry):
    officer = member(Role.OFFICER, d["s1"])
    entry = make_entry(ago=timedelta(hours=6), level="major", emergency=True)
    at = entry.found_at + timedelta(hours=4)
    services.record_response(user=officer, entry=entry, kind="authority", responded_at=at)
    row = row_of(Entry.objects.prefetch_related("responses").get(pk=entry.pk), timezone.now())
    states = {c.deadline.kind: (c.state, c.met_at) for c in row.clocks}
    assert states[clocks.AUTHORITY] == (clocks.ON_TIME, at)
    assert states[clocks.PRESS] == (clocks.RUNNING, None)  # authoritative information is no press conference
    services.record_response(user=officer, entry=entry, kind="press", responded_at=timezone.now())
    entry.refresh_from_db()
    assert entry.state == State.RESPONDED and entry.responses.count() == 2


def test_a_late_response_is_late_and_a_response_before_found_is_refused(d, make_entry):
    officer = member(Role.OFFICER, d["s1"])
    entry = make_entry(ago=timedelta(hours=50))
    with pytest.raises(ValidationError, match="不能早于发现时间"):
        services.record_response(
            user=officer, entry=entry, kind="response", responded_at=entry.found_at - timedelta(minutes=1)
        )
    services.record_response(user=officer, entry=entry, kind="response", responded_at=timezone.now())
    (clock,) = row_of(Entry.objects.get(pk=entry.pk), timezone.now()).clocks
    assert clock.state == clocks.LATE


def test_a_handover_before_the_deadline_is_not_overdue(d, make_entry):
    officer = member(Role.OFFICER, d["s1"])
    entry = make_entry(ago=timedelta(hours=2), level="extreme", emergency=True)
    services.hand_over(
        user=officer, entry=entry, to="police", party="区公安分局网安大队 张警官", handed_at=timezone.now()
    )
    later = timezone.now() + timedelta(days=3)
    row = row_of(Entry.objects.get(pk=entry.pk), later)
    assert {c.state for c in row.clocks} == {clocks.HANDED_OVER}
    entry.refresh_from_db()
    assert entry.state == State.HANDED_OVER and entry.get_handed_to_display() == "公安机关"
    with pytest.raises(ValidationError):
        services.hand_over(user=officer, entry=entry, to="cac", party="区网信办", handed_at=timezone.now())


def test_closing_needs_a_response_or_a_handover_and_a_closed_entry_takes_no_more(d, make_entry):
    officer = member(Role.OFFICER, d["s1"])
    entry = make_entry()
    with pytest.raises(ValidationError):
        services.close(user=officer, entry=entry)
    services.record_response(user=officer, entry=entry, kind="response", responded_at=timezone.now())
    services.close(user=officer, entry=entry, note="已办结")
    with pytest.raises(ValidationError):
        services.record_response(user=officer, entry=entry, kind="response", responded_at=timezone.now())
    assert list(entry.events.values_list("action", flat=True)) == ["record", "respond", "close"]


def test_the_history_is_append_only(make_entry):
    entry = make_entry()
    event = EntryEvent.objects.filter(entry=entry).first()
    assert_append_only(event, "舆情处置记录", note="改写")
