"""Obligations "with their status": the computed deadline status (publishing.deadlines.obligation_status) as a
field of /api/v1/obligations/, in JSON and CSV, in a fixed number of queries."""

import csv
import io
from datetime import date, timedelta

import pytest

from publishing import deadlines
from publishing import services as pub_services
from publishing.serializers import deadline_states

pytestmark = pytest.mark.django_db

OBLIGATIONS = "/api/v1/obligations/"


def by_unit(response, item_code):
    assert response.status_code == 200, response.content
    return {o["unit_code"]: o for o in response.json()["results"] if o["item_code"] == item_code}


@pytest.fixture
def late_draft(d, people, obligations, catalog, pubs):
    """小河社区 drafts a record for its obligation, formed long ago: the obligation is overdue."""
    ob = obligations[("D-S2-1", catalog["first"].code)]
    return pub_services.create_publication(
        user=people["c21_officer"],
        unit=d["c21"],
        title="小河社区低保公示",
        formed_on=date(2025, 1, 2),
        obligations=[ob],
    )


def test_done_pending_and_overdue(client, catalog, late_draft):
    listed = by_unit(client.get(OBLIGATIONS, {"page_size": 500}), catalog["first"].code)
    assert (
        listed["D-S1-1"]["deadline_status"] == "done"
        and listed["D-S1-1"]["deadline_status_label"] == "已公开"
    )
    assert listed["D-S1-1"]["next_due"] is None
    assert listed["D-S1-2"]["deadline_status"] == "pending"  # nothing yet, no record to count from
    overdue = listed["D-S2-1"]
    assert overdue["deadline_status"] == "overdue" and overdue["deadline_status_label"] == "已逾期"
    assert overdue["next_due"] and date.fromisoformat(overdue["next_due"]) < date.today()
    detail = client.get(f"{OBLIGATIONS}{overdue['id']}/").json()
    assert detail["deadline_status"] == "overdue" and detail["next_due"] == overdue["next_due"]


def test_a_new_draft_is_upcoming_and_outranks_done(client, d, people, obligations, catalog, pubs):
    ob = obligations[("D-S1-1", catalog["first"].code)]
    pub_services.create_publication(
        user=people["c11_officer"],
        unit=d["c11"],
        title="卖鱼桥社区新公示",
        formed_on=date.today(),
        obligations=[ob],
    )
    entry = client.get(f"{OBLIGATIONS}{ob.pk}/").json()
    assert entry["deadline_status"] in ("upcoming", "due_soon")
    assert date.fromisoformat(entry["next_due"]) >= date.today()


def test_due_soon_from_the_deadline_selectors(catalog, obligations, late_draft):
    ob = obligations[("D-S2-1", catalog["first"].code)]
    due = deadlines.due_date(deadlines.rule_of(ob.rule), formed_on=date(2025, 1, 2))
    assert deadline_states([ob], today=due)[ob.pk] == {"state": "due_soon", "next_due": due}
    assert deadline_states([ob], today=due + timedelta(days=1))[ob.pk]["state"] == "overdue"
    assert deadline_states([ob], today=due - timedelta(days=60))[ob.pk]["state"] == "upcoming"


def test_closed_obligations_have_no_deadline_status(client, catalog, obligations, pubs):
    ob = obligations[("D-S1-2", catalog["first"].code)]
    type(ob).objects.filter(pk=ob.pk).update(status="waived")
    entry = client.get(f"{OBLIGATIONS}{ob.pk}/").json()
    assert (
        entry["deadline_status"] is None
        and entry["deadline_status_label"] == ""
        and entry["next_due"] is None
    )
    assert client.get(OBLIGATIONS, {"status": "waived"}).json()["results"][0]["deadline_status"] is None


def test_status_in_csv(client, catalog, late_draft):
    text = client.get(OBLIGATIONS, {"format": "csv", "unit": "D-S2-1"}).content.decode("utf-8")
    row = next(
        r
        for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        if r["item_code"] == catalog["first"].code
    )
    assert (
        row["deadline_status"] == "overdue" and row["deadline_status_label"] == "已逾期" and row["next_due"]
    )


def test_status_is_in_the_schema_as_an_enum(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    props = schema["components"]["schemas"]["Obligation"]["properties"]
    assert {"deadline_status", "deadline_status_label", "next_due"} <= set(props)


def test_status_costs_a_fixed_number_of_queries(
    client, d, people, obligations, catalog, late_draft, django_assert_max_num_queries
):
    client.get(OBLIGATIONS)  # the working-day calendar is loaded once per process
    with django_assert_max_num_queries(5) as few:
        client.get(OBLIGATIONS)
    for unit, officer in ((d["c11"], "c11_officer"), (d["c21"], "c21_officer")):
        for n in range(3):
            pub_services.create_publication(
                user=people[officer],
                unit=unit,
                title=f"草稿{n}",
                formed_on=date(2025, 3, 3 + n),
                obligations=[obligations[(unit.code, catalog["first"].code)]],
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(OBLIGATIONS)
