"""The office plans in the admin through pilot.services (the history row written), a unit's officer may not, and
nothing is deleted there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from pilot.models import Milestone, PilotEvent, Task

pytestmark = pytest.mark.django_db


def test_the_office_adds_and_corrects_a_task_through_the_service(client, ledger, office, d):
    client.force_login(office)
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        "/admin/pilot/task/add/",
        {
            "plan": ledger["plan"].pk, "parent": ledger["class"].pk, "number": "1.2", "title": "社区清单",
            "indicator": "社区覆盖率", "target_value": "100", "measure_unit": "%", "lead_unit": d["s2"].pk,
            "cooperating": [d["c21"].pk], "deadline": deadline,
            "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get(number="1.2")
    assert task.level == "target" and list(task.cooperating.all()) == [d["c21"]]
    assert PilotEvent.objects.filter(task=task, action="task").exists()
    response = client.post(
        f"/admin/pilot/task/{task.pk}/change/",
        {
            "title": "社区公开事项清单", "indicator": "社区覆盖率", "target_value": "100", "measure_unit": "%",
            "lead_unit": d["s2"].pk, "deadline": deadline, "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.title == "社区公开事项清单" and task.cooperating.count() == 0
    assert PilotEvent.objects.filter(task=task, action="edit").count() == 1


def test_a_milestone_set_and_completed_in_the_admin_is_logged(client, ledger, office):
    client.force_login(office)
    today = timezone.localdate()
    response = client.post(
        "/admin/pilot/milestone/add/",
        {
            "plan": ledger["plan"].pk,
            "kind": "filed",
            "due_on": today.isoformat(),
            "done_on": today.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Milestone.objects.get(kind="filed").done_on == today
    assert list(
        PilotEvent.objects.filter(action__startswith="milestone").values_list("action", flat=True)
    ) == [
        "milestone",
        "milestone_done",
    ]


def test_an_officer_may_not_plan_in_the_admin_and_nobody_deletes(client, ledger, officer_s1, office):
    client.force_login(officer_s1)
    assert client.get("/admin/pilot/task/add/").status_code == 403
    target = ledger["target"]
    assert client.post(f"/admin/pilot/task/{target.pk}/change/", {"title": "改"}).status_code == 403
    client.force_login(office)
    assert client.get(f"/admin/pilot/task/{target.pk}/delete/").status_code == 403
