"""The daily reminder: tasks due within a week (their units' officers) or overdue (also the office), milestones
near or overdue (the office) — each person once per task and step, however often the task runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from pilot import services
from pilot.models import MilestoneKind
from pilot.tasks import send_reminders
from publishing.models import Notice

pytestmark = pytest.mark.django_db


def test_reminders_reach_the_units_and_the_office_exactly_once(
    ledger, office, officer_s1, officer_dept, officer_s2
):
    today = timezone.localdate()
    services.set_milestone(
        user=office, plan=ledger["plan"], kind=MilestoneKind.SELF_CHECK, due_on=today + timedelta(days=2)
    )
    # the target (due in 3 days: lead s1, cooperating dept) and the measure (due in 2 days: s1)
    first = send_reminders.apply().get()
    assert first == Notice.objects.count() == 2 + 1 + 1  # s1 twice, dept once, the office once (milestone)
    assert not Notice.objects.filter(recipient=officer_s2).exists()
    assert send_reminders.apply().get() == 0
    # overdue: a new step, the office now too (the measure only: the target is done); the milestone overdue
    services.report_progress(user=officer_s1, task=ledger["target"], progress=100)
    later = today + timedelta(days=5)
    assert services.send_reminders(later) == 2 + 1
    assert services.send_reminders(later) == 0
    texts = list(Notice.objects.filter(recipient=office).values_list("text", flat=True))
    assert any("已超期" in t and "梳理事项" in t for t in texts)
