"""The 征求意见 API (/api/v1/consultations/…): consultations with kind, period, state and decision; their
comments anonymised (never a personal or moderation field, never a hidden or withheld comment; the answer only
once the feedback report is published); the feedback reports with figures counted here independently; bounded
pages; hostile query strings answered with 4xx, never a server error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import models
from django.utils import timezone
from rest_framework.test import APIClient

from consultation import services
from consultation.models import Comment, Consultation, Visibility
from consultation.serializers import COMMENT_FIELDS
from core.crypto import EncryptedCharField
from organizations import permissions as perms

pytestmark = pytest.mark.django_db

LIST = "/api/v1/consultations/"
COMMENTS = "/api/v1/consultations/comments/"
FEEDBACK = "/api/v1/consultations/feedback/"
NAME, CONTACT = "李四海", "13800138000"


def forbidden_comment_fields() -> set[str]:
    """What must never leave the API for a comment: the personal fields the permission module lists, every
    encrypted column (a new one is caught without editing this test), who typed it in, and moderation data."""
    _area, personal = perms.PERSONAL_FIELDS["consultation.Comment"]
    encrypted = {f.name for f in Comment._meta.concrete_fields if isinstance(f, EncryptedCharField)}
    people = {
        f.name
        for f in Comment._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is not Consultation
    }
    return {*personal, *encrypted, *people, "reports", "visibility", "ip", "address", "reporter"}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def running(make):
    consultation = make()
    for i in range(3):
        services.submit_comment(
            consultation=consultation,
            body=f"第{i + 1}条意见：建议增加补贴。我的电话 13912345678。",
            name=NAME,
            contact=CONTACT,
        )
    return consultation


def _comments(api, **params):
    response = api.get(COMMENTS, params)
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def test_the_comment_fields_are_a_fixed_anonymous_list():
    assert forbidden_comment_fields() >= {"name", "contact", "entered_by", "reports", "visibility"}
    assert not set(COMMENT_FIELDS) & forbidden_comment_fields()


def test_no_personal_data_in_comments_or_their_csv(api, running):
    rows = _comments(api, consultation=running.pk)
    assert len(rows) == 3
    for row in rows:
        assert set(row) == set(COMMENT_FIELDS)
        assert not set(row) & forbidden_comment_fields()
        assert "13912345678" not in row["body"]  # a phone number typed into the text is masked
    for response in (api.get(COMMENTS, {"consultation": running.pk, "format": "csv"}), api.get(LIST)):
        text = response.content.decode("utf-8")
        assert NAME not in text and CONTACT not in text and "13912345678" not in text


def test_hidden_and_withheld_comments_are_never_listed(api, running, office):
    first, second, third = Comment.objects.filter(consultation=running).order_by("id")
    for n in range(services.REPORTS_TO_HIDE):
        services.report_comment(comment=first, session_key=f"visitor-{n}")
    services.report_comment(comment=second, session_key="visitor-x")
    services.moderate(user=office, comment=second, show=False, note="含人身攻击")
    assert Comment.objects.get(pk=first.pk).visibility == Visibility.HIDDEN
    assert Comment.objects.get(pk=second.pk).visibility == Visibility.WITHHELD
    assert [r["id"] for r in _comments(api)] == [third.pk]
    assert [r["id"] for r in _comments(api, consultation=running.pk)] == [third.pk]
    for hidden in (first, second):
        assert api.get(f"{COMMENTS}{hidden.pk}/").status_code == 404
    listed = api.get(f"{LIST}{running.pk}/").json()
    assert listed["comments_shown"] == 1
    # a consultation taken off the site takes its comments with it
    Consultation.objects.filter(pk=running.pk).update(published=False)
    assert _comments(api) == []
    assert api.get(f"{LIST}{running.pk}/").status_code == 404


def test_consultations_show_kind_period_state_and_decision(api, make, office, d):
    running = make(code="normative")
    upcoming = make(opens_on=timezone.localdate() + timedelta(days=3), title="下周开始的征求意见")
    decision = services.list_decision(
        user=office,
        year=timezone.localdate().year,
        title="老旧小区加装电梯",
        unit=d["s1"],
        listed_on=timezone.localdate(),
        consultation=running,
    )
    rows = {r["id"]: r for r in api.get(LIST).json()["results"]}
    now = timezone.now()
    for consultation in (running, upcoming):
        row = rows[consultation.pk]
        assert row["state"] == consultation.state(now)
        assert row["kind"] == consultation.kind.code and row["days"] == consultation.days
    assert rows[running.pk]["state"] == "open" and rows[upcoming.pk]["state"] == "upcoming"
    assert rows[running.pk]["decisions"] == [
        {"id": decision.pk, "year": decision.year, "title": decision.title}
    ]
    assert "工作日" in rows[running.pk]["rule"]
    opened = api.get(LIST, {"state": "open"}).json()["results"]
    assert [r["id"] for r in opened] == [running.pk]
    assert [r["id"] for r in api.get(LIST, {"kind": "major"}).json()["results"]] == [upcoming.pk]
    detail = api.get(f"{LIST}{running.pk}/").json()
    assert detail["draft"] == running.draft and detail["feedback_summary"] == ""


def test_answers_show_only_once_the_feedback_report_is_published(api, make, office):
    consultation = make(opens_on=timezone.localdate() - timedelta(days=60))
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(days=20), opens_at=timezone.now() - timedelta(days=60)
    )
    consultation.refresh_from_db()
    comments = [
        services.enter_comment(
            user=office,
            consultation=consultation,
            channel="letter",
            body=f"信函意见{i}",
            received_on=timezone.localdate() - timedelta(days=50),
            name=NAME,
        )
        for i in range(4)
    ]
    services.answer(
        user=office, consultation=consultation, comments=comments[:2], verdict="adopted", reason="合理"
    )
    services.answer(
        user=office, consultation=consultation, comments=comments[2:3], verdict="partly", reason="部分"
    )
    services.answer(
        user=office, consultation=consultation, comments=comments[3:], verdict="rejected", reason="无依据"
    )
    before = _comments(api, consultation=consultation.pk)
    assert {(r["verdict"], r["reason"]) for r in before} == {(None, "")}
    assert _comments(api, verdict="rejected") == []  # the filter must not reveal an answer either
    assert api.get(FEEDBACK).json()["results"] == []
    services.publish_feedback(
        user=office,
        consultation=consultation,
        decided_on=timezone.localdate() - timedelta(days=1),
        summary="共收到意见4条，采纳2条。",
    )
    after = {r["id"]: r for r in _comments(api, consultation=consultation.pk)}
    expected = {c.pk: Comment.objects.get(pk=c.pk).verdict for c in comments}
    assert {pk: r["verdict"] for pk, r in after.items()} == expected
    assert [r["id"] for r in _comments(api, verdict="rejected")] == [comments[3].pk]
    (report,) = api.get(FEEDBACK).json()["results"]
    counted = {v: list(expected.values()).count(v) for v in ("adopted", "partly", "rejected")}
    assert report["tally"] == {"total": 4, **counted, "withheld": 0}
    assert report["feedback_summary"] == "共收到意见4条，采纳2条。" and report["on_time"] is True
    assert str(consultation.pk) in report["comments"]


def test_a_comment_on_a_paragraph_says_which(api, make):
    consultation = make()
    services.submit_comment(consultation=consultation, body="第二条应写明补贴标准。", paragraph=2)
    services.submit_comment(consultation=consultation, body="整体赞成。")
    rows = _comments(api, consultation=consultation.pk)
    assert sorted((r["paragraph"] or 0) for r in rows) == [0, 2]
    assert [r["body"] for r in _comments(api, paragraph=2)] == ["第二条应写明补贴标准。"]
    assert api.get(COMMENTS, {"paragraph": "0"}).status_code == 400


def test_pages_are_bounded(api, running, monkeypatch):
    from core.api import Pagination

    monkeypatch.setattr(Pagination, "max_page_size", 2)
    body = api.get(COMMENTS, {"page_size": 10**9}).json()
    assert len(body["results"]) == 2 and body["next"]
    assert Pagination.max_page_size == 2
    monkeypatch.undo()
    assert Pagination.max_page_size <= 500
    assert len(api.get(COMMENTS, {"page_size": 1}).json()["results"]) == 1


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (COMMENTS, {"consultation": "1\x00"}),
        (COMMENTS, {"consultation": "9" * 40}),
        (COMMENTS, {"consultation": "-1"}),
        (COMMENTS, {"verdict": "<script>"}),
        (LIST, {"state": "\x00open"}),
        (LIST, {"kind": "m" * 100_000}),
        (LIST, {"year": "20261"}),
        (LIST, {"page": "9" * 50}),
        (FEEDBACK, {"unit": "\x00"}),
    ],
)
def test_hostile_query_strings_are_refused_not_crashed(api, running, path, params):
    response = api.get(path, params)
    assert 400 <= response.status_code < 500, (params, response.status_code)


@pytest.mark.parametrize("path", [f"{LIST}{'9' * 40}/", f"{COMMENTS}{'9' * 40}/", f"{LIST}1%00/"])
def test_hostile_ids_are_not_found(api, path):
    assert api.get(path).status_code in (400, 404)  # a NUL is refused before routing (core.middleware)


def test_writes_are_refused(api, running, office):
    api.force_authenticate(office)
    for path in (LIST, COMMENTS, FEEDBACK):
        assert api.post(path, {"body": "x"}, format="json").status_code in (403, 405)
    assert Comment.objects.count() == 3
