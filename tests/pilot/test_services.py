"""The pilot ledger's writes: who may edit a task (its lead and cooperating units, the office: every task; any
other unit: none), the tree's levels, progress and figures, evidence through the one upload checker, problems
found → corrected → closed (销号) by the office, and the append-only history."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.opinion import screenshot_png
from pilot import services
from pilot.models import Evidence, Level, PilotEvent, ProblemState, Status, Task
from tests.append_only import assert_append_only

pytestmark = pytest.mark.django_db


def png(name="照片.png"):
    return SimpleUploadedFile(name, screenshot_png())


def test_the_tree_has_three_levels_and_no_fourth(ledger, office, d):
    assert [ledger[k].level for k in ("class", "target", "measure")] == [
        Level.CLASS,
        Level.TARGET,
        Level.MEASURE,
    ]
    with pytest.raises(ValidationError, match="工作措施之下不能再分解"):
        services.add_task(
            user=office, plan=ledger["plan"], parent=ledger["measure"], number="1.1.1.1", title="再分解",
            lead_unit=d["s1"], deadline=timezone.localdate(),
        )  # fmt: skip


def test_only_the_office_plans(ledger, officer_s1, d):
    with pytest.raises(PermissionDenied):
        services.add_task(
            user=officer_s1, plan=ledger["plan"], number="9", title="自加任务", lead_unit=d["s1"],
            deadline=timezone.localdate(),
        )  # fmt: skip


def test_the_lead_and_the_cooperating_unit_edit_another_unit_does_not(
    ledger, office, officer_s1, officer_dept, officer_s2
):
    target = ledger["target"]
    services.report_progress(user=officer_s1, task=target, progress=40, actual_value=3)
    services.report_progress(user=officer_dept, task=target, progress=50, actual_value="4")
    with pytest.raises(PermissionDenied):
        services.report_progress(user=officer_s2, task=target, progress=90)
    with pytest.raises(PermissionDenied):
        services.add_evidence(user=officer_s2, task=target, upload=png())
    services.report_progress(user=office, task=ledger["measure"], progress=10)
    target.refresh_from_db()
    assert (target.progress, target.actual_value, target.status) == (50, 4, Status.RUNNING)
    assert services.may_edit_task(officer_dept, target) and not services.may_edit_task(
        officer_dept, ledger["measure"]
    )


def test_full_progress_is_done_with_its_date_and_bad_figures_are_refused(ledger, officer_s1):
    target = ledger["target"]
    for bad in (-1, 101, "abc"):
        with pytest.raises(ValidationError):
            services.report_progress(user=officer_s1, task=target, progress=bad)
    with pytest.raises(ValidationError, match="完成值应为数字"):
        services.report_progress(user=officer_s1, task=target, progress=50, actual_value="八")
    done = services.report_progress(user=officer_s1, task=target, progress=100, actual_value=8)
    assert done.status == Status.DONE and done.done_on == timezone.localdate()
    assert done.achieved() == 1
    assert Task.objects.get(pk=target.pk).progress == 100


def test_evidence_goes_through_the_upload_checker_with_its_hash(ledger, officer_s1):
    target = ledger["target"]
    upload = png()
    evidence = services.add_evidence(user=officer_s1, task=target, upload=upload, title="现场照片")
    assert evidence.sha256 == hashlib.sha256(screenshot_png()).hexdigest()
    assert evidence.content_type == "image/png" and evidence.file.read() == screenshot_png()
    disguised = SimpleUploadedFile("方案.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        services.add_evidence(user=officer_s1, task=target, upload=disguised)
    assert Evidence.objects.filter(task=target).count() == 1
    services.withdraw_evidence(user=officer_s1, evidence=evidence, reason="传错文件")
    assert Evidence.objects.current().filter(task=target).count() == 0
    assert Evidence.objects.filter(task=target).count() == 1  # kept, not deleted


def test_a_problem_is_corrected_by_its_unit_and_closed_only_by_the_office(
    ledger, office, officer_s1, officer_s2, d
):
    today = timezone.localdate()
    problem = services.open_problem(
        user=officer_s1, plan=ledger["plan"], task=ledger["target"], title="清单未公示", unit=d["s1"],
        found_on=today - timedelta(days=5),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="整改中"):
        services.close_problem(user=office, problem=problem, result="已整改", closed_on=today)
    with pytest.raises(PermissionDenied):
        services.plan_correction(user=officer_s2, problem=problem, correction="x", correct_by=today)
    services.plan_correction(
        user=officer_s1, problem=problem, correction="本周公示", correct_by=today + timedelta(days=3)
    )
    with pytest.raises(PermissionDenied):
        services.close_problem(user=officer_s1, problem=problem, result="已整改", closed_on=today)
    closed = services.close_problem(user=office, problem=problem, result="已公示，复查合格", closed_on=today)
    assert closed.state == ProblemState.CLOSED and closed.closed_on == today
    actions = list(PilotEvent.objects.filter(problem=problem).values_list("action", flat=True))
    assert actions == ["problem", "correction", "close"]


def test_the_history_is_append_only(ledger, office):
    row = PilotEvent.objects.filter(plan=ledger["plan"]).first()
    assert_append_only(row, "试点台账记录", note="改写")
    assert PilotEvent.objects.filter(plan=ledger["plan"], action="task").count() == 3
