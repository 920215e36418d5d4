"""/api/v1/obligations/ filtered by ``deadline_status`` and by a due-date range (issue 12, item 5): computed in
SQL from the stored ``next_due``, with the same answer as the status the API shows, in a fixed number of
queries whatever the number of rows."""

from datetime import date, timedelta

import pytest

from publishing import services as pub_services
from publishing.models import Obligation
from publishing.serializers import deadline_states

pytestmark = pytest.mark.django_db

OBLIGATIONS = "/api/v1/obligations/"
STATES = ("overdue", "due_soon", "upcoming", "pending", "done")


def listed(client, **params):
    response = client.get(OBLIGATIONS, {"page_size": 500, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def states(d, people, obligations, catalog, pubs):
    """One overdue (a draft formed long ago), one upcoming (a draft formed today), one done, the rest pending."""
    item = catalog["first"].code
    pub_services.create_publication(
        user=people["c21_officer"],
        unit=d["c21"],
        title="小河社区低保公示",
        formed_on=date(2025, 1, 2),
        obligations=[obligations[("D-S2-1", item)]],
    )
    pub_services.create_publication(
        user=people["c11_officer"],
        unit=d["c11"],
        title="卖鱼桥社区新公示",
        formed_on=date.today(),
        obligations=[obligations[("D-S1-1", item)]],
    )
    return obligations


def test_each_status_filter_keeps_exactly_the_rows_showing_it(client, states):
    seen = {}
    for state in STATES:
        rows = listed(client, deadline_status=state)
        assert all(r["deadline_status"] == state for r in rows), state
        seen[state] = {r["id"] for r in rows}
    everything = {r["id"] for r in listed(client, status="active")}
    assert set().union(*seen.values()) == everything  # every active obligation has exactly one state
    assert sum(len(ids) for ids in seen.values()) == len(everything)
    assert seen["overdue"] and seen["pending"]


def test_the_stored_status_agrees_with_the_live_computation(client, states):
    live = deadline_states(list(Obligation.objects.active()))
    for row in listed(client, status="active"):
        assert live[row["id"]]["state"] == row["deadline_status"], row
        assert live[row["id"]]["next_due"] == (
            date.fromisoformat(row["next_due"]) if row["next_due"] else None
        )


def test_overdue_of_a_street(client, d, states):
    rows = listed(client, deadline_status="overdue", within="D-S2")
    assert [r["unit_code"] for r in rows] == ["D-S2-1"]
    assert not listed(client, deadline_status="overdue", within="D-S1")


def test_due_range(client, states):
    overdue = listed(client, deadline_status="overdue")[0]
    due = date.fromisoformat(overdue["next_due"])
    inside = listed(client, due_after=(due - timedelta(days=1)).isoformat(), due_before=due.isoformat())
    assert overdue["id"] in {r["id"] for r in inside}
    assert all(due - timedelta(days=1) <= date.fromisoformat(r["next_due"]) <= due for r in inside)
    after = listed(client, due_after=(due + timedelta(days=1)).isoformat())
    assert overdue["id"] not in {r["id"] for r in after}
    ordered = listed(client, ordering="next_due", due_after="2000-01-01")
    dues = [r["next_due"] for r in ordered]
    assert dues == sorted(dues)


@pytest.mark.parametrize(
    "params", [{"deadline_status": "late"}, {"due_after": "not-a-date"}, {"due_before": "2025-13-01"}]
)
def test_bad_filter_values_are_a_clear_400(client, states, params):
    response = client.get(OBLIGATIONS, params)
    assert response.status_code == 400


def test_withdrawing_puts_the_duty_back(client, d, people, obligations, catalog, pubs):
    """A published record counts; withdrawn, the duty is no longer done (the services keep the summary)."""
    ob = obligations[("D-S1-1", catalog["first"].code)]
    assert ob.pk in {r["id"] for r in listed(client, deadline_status="done")}
    pub_services.withdraw(user=people["c11_officer"], publication=pubs["published"], reason="内容有误")
    assert ob.pk not in {r["id"] for r in listed(client, deadline_status="done")}
    assert ob.pk in {r["id"] for r in listed(client, deadline_status="pending")}


def test_filtering_costs_a_fixed_number_of_queries(
    client, d, people, obligations, catalog, states, django_assert_max_num_queries
):
    client.get(OBLIGATIONS, {"deadline_status": "overdue"})  # the working-day calendar, once per process
    with django_assert_max_num_queries(3) as few:
        client.get(OBLIGATIONS, {"deadline_status": "overdue"})
    for n in range(3):
        pub_services.create_publication(
            user=people["c11_officer"],
            unit=d["c11"],
            title=f"旧草稿{n}",
            formed_on=date(2025, 2, 3 + n),
            obligations=[obligations[("D-S1-1", catalog["first"].code)]],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = client.get(OBLIGATIONS, {"deadline_status": "overdue"}).json()["results"]
    assert len(rows) == 2
