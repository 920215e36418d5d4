"""The 互动交流 API (/api/v1/interaction/…): only answers published with consent, with nothing of the asker
(no name, phone, e-mail or tracking code; those typed into the text masked); the monthly statistics equal to a
count made here from the messages themselves; bounded; hostile input refused; no API for the 舆情 ledger."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from interaction import services
from interaction.api import AnswerSerializer
from interaction.models import Message
from organizations import permissions as perms

pytestmark = pytest.mark.django_db

ANSWERS = "/api/v1/interaction/answers/"
STATS = "/api/v1/interaction/stats/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def ledger(submit, officer_s1):
    """Four messages in March 2026: two answered with consent (one late), one answered without consent, one
    waiting. The asker names themself and their phone in the text."""
    body = "我是王小明，电话13912345678，请问入学需要哪些材料？"
    shown = submit(received=date(2026, 3, 2), body=body)
    late = submit(received=date(2026, 3, 2), subject="王小明的投诉", kind="complain")
    private = submit(received=date(2026, 3, 3), consent=False)
    waiting = submit(received=date(2026, 3, 4))
    services.answer(user=officer_s1, message=shown, text="王小明您好：请携带户口簿。", today=date(2026, 3, 5))
    services.answer(user=officer_s1, message=late, text="已转交。", today=date(2026, 3, 30))
    services.answer(user=officer_s1, message=private, text="答复。", today=date(2026, 3, 6))
    return {"shown": shown, "late": late, "private": private, "waiting": waiting}


def test_the_answer_fields_carry_nothing_of_the_asker():
    _area, personal = perms.PERSONAL_FIELDS["interaction.Message"]
    people = {"answered_by", "code", "consent", "status", "unit_chosen"}
    assert not set(AnswerSerializer.Meta.fields) & {*personal, *people}


def test_only_consented_answers_are_listed_and_scrubbed(api, ledger):
    response = api.get(ANSWERS)
    assert response.status_code == 200
    rows = {r["id"]: r for r in response.json()["results"]}
    assert set(rows) == {ledger["shown"].pk, ledger["late"].pk}
    text = response.content.decode("utf-8")
    for secret in ("王小明", "13912345678", "wxm@example.cn", ledger["shown"].code, ledger["late"].code):
        assert secret not in text
    assert rows[ledger["late"].pk]["on_time"] is False and rows[ledger["shown"].pk]["on_time"] is True
    assert api.get(f"{ANSWERS}{ledger['private'].pk}/").status_code == 404
    assert api.get(f"{ANSWERS}{ledger['waiting'].pk}/").status_code == 404
    assert [r["id"] for r in api.get(ANSWERS, {"kind": "complain"}).json()["results"]] == [ledger["late"].pk]


def test_the_monthly_statistics_match_a_count_of_the_messages(api, ledger):
    messages = list(Message.objects.all())
    in_march = [m for m in messages if (m.received_on.year, m.received_on.month) == (2026, 3)]
    answered = [
        m for m in messages if m.answered_on and (m.answered_on.year, m.answered_on.month) == (2026, 3)
    ]
    row = api.get(f"{STATS}2026-03/").json()
    assert row["month"] == "2026-03" and row["received"] == len(in_march) == 4
    assert row["answered"] == len(answered) == 3
    assert row["on_time"] == sum(1 for m in answered if m.answered_on <= m.due_on) == 2
    assert api.get(STATS).json()[0] == row
    year = api.get(STATS, {"year": 2026}).json()
    assert row in year and len(year) <= 12


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (ANSWERS, {"kind": "\x00"}),
        (ANSWERS, {"year": "9" * 30}),
        (ANSWERS, {"unit": "u" * 100_000}),
        (ANSWERS, {"answered_on_after": "2026-13-45"}),
        (STATS, {"year": "20x6"}),
        (STATS, {"year": "\x00"}),
    ],
)
def test_hostile_input_is_refused(api, ledger, path, params):
    assert 400 <= api.get(path, params).status_code < 500


def test_hostile_months_and_ids_are_not_found(api):
    for path in (f"{STATS}2026-13/", f"{STATS}0000-01/", f"{ANSWERS}{'9' * 40}/"):
        assert api.get(path).status_code == 404


def test_the_opinion_ledger_has_no_api():
    from config.api_urls import router

    assert not [prefix for prefix, _view, _name in router.registry if "opinion" in prefix]
