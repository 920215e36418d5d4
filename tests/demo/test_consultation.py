"""The demo's 征求意见, written through consultation.services: one closed with its feedback report published on
time, one running, one shortened with its reason; the closed one's decision with a held hearing and its signed record,
comments on its paragraphs; loading twice adds nothing."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from consultation import periods
from consultation.models import Comment, Consultation, Decision, Hearing, HearingStatus
from demo import consultation as demo_consultation
from organizations.models import Role, UnitKind
from tests.factories import UnitFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    gov = UnitFactory(name="区政府", code="GS", kind=UnitKind.GOVERNMENT)
    for code in demo_consultation.UNITS:
        UnitFactory(name=f"单位{code}", code=code, kind=UnitKind.DEPARTMENT, parent=gov)
    return member(Role.OFFICE, gov, "office")


def test_closed_running_and_shortened(district):
    assert demo_consultation.load({}) == {"consultations": 3}
    states = {c.kind.code: c for c in Consultation.objects.select_related("kind")}
    closed, running, short = states["major"], states["enterprise"], states["normative"]
    assert closed.state() == periods.CLOSED and closed.feedback_published_at is not None
    assert timezone.localdate(closed.feedback_published_at) <= closed.feedback_due_on
    assert not Comment.objects.filter(consultation=closed, verdict="").exists()
    assert running.state() == periods.OPEN and short.shortened_reason and short.days < 7
    decisions = {d.consultation.kind.code: [s.step for s in d.steps.all()] for d in Decision.objects.all()}
    assert decisions["major"][-1] == "publish" and decisions["enterprise"][-1] == "consult"
    assert demo_consultation.load({}) == {"consultations": 0} and Consultation.objects.count() == 3


def test_the_major_decision_has_a_held_hearing_and_comments_on_paragraphs(district, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_consultation.load({})
    hearing = Hearing.objects.select_related("decision__consultation__kind").get()
    assert hearing.decision.consultation.kind.code == "major" and hearing.status == HearingStatus.HELD
    assert hearing.materials_clock() == periods.MATERIALS_ON_TIME
    assert hearing.record_sha256 == hashlib.sha256(hearing.record.read()).hexdigest()
    assert hearing.noticed_at < hearing.materials_sent_at <= hearing.hearing_at - timedelta(days=7)
    steps = [s.step for s in hearing.decision.steps.all()]
    assert steps == ["start", "draft", "consult", "hearing", "legality", "collective", "publish"]
    on = Comment.objects.filter(consultation=hearing.decision.consultation).values_list(
        "paragraph", flat=True
    )
    assert {p for p in on if p} == {2, 3} and None in on
