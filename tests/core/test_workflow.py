"""core/workflow.py: one workflow mechanism (transition table → permission → lock → change → append-only
event → signal on commit) serves publications, catalog editions, assessment rounds and disclosure requests
(issue 26)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessment import services as assessment_services
from assessment.models import RoundEvent, RoundKind, RoundStatus
from catalog import services as catalog_services
from catalog.models import EditionEvent, EditionStatus
from core.workflow import Workflow
from foi import services as foi_services
from organizations.models import Role
from publishing import services as publishing_services
from publishing.models import PublicationEvent, PublicationStatus
from tests.factories import member

pytestmark = pytest.mark.django_db

FLOWS = {
    "publishing": publishing_services.publications.FLOW,
    "catalog": catalog_services.EDITION_FLOW,
    "assessment": assessment_services.ROUND_FLOW,
    "foi": foi_services.FLOW,
}


@pytest.mark.parametrize("app", sorted(FLOWS))
def test_each_workflow_is_the_core_one_and_every_step_starts_somewhere(app):
    flow = FLOWS[app]
    assert isinstance(flow, Workflow)
    for name, step in flow.steps.items():
        assert step.sources, name
        assert set(step.sources) <= {value for value, _ in flow.model._meta.get_field("status").choices}, name


@pytest.fixture
def draft(d, office):
    officer = member(Role.OFFICER, d["s1"], "s1_writer")
    publication = publishing_services.create_publication(
        user=officer, unit=d["s1"], title="湖墅街道2026年预算公开", formed_on=date(2026, 3, 1)
    )
    return officer, publication


def test_a_step_runs_in_order_and_tells_after_the_commit(draft, django_capture_on_commit_callbacks):
    officer, publication = draft
    heard = []

    def listener(sender, publication, action, user_id, comment, **kw):
        heard.append((publication.status, action, user_id, comment))

    publishing_services.publication_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            publishing_services.submit(user=officer, publication=publication, comment="请审核")
        assert heard == []  # nothing is told before the commit …
        for callback in callbacks:
            callback()
    finally:
        publishing_services.publication_changed.disconnect(listener)
    assert ("submitted", "submit", officer.pk, "请审核") in heard  # … then the row as committed
    assert publication.events.filter(action="submit", actor=officer, comment="请审核").count() == 1


def test_a_refused_step_writes_nothing(draft, d):
    officer, publication = draft
    stranger = member(Role.OFFICER, d["s2"], "s2_writer")
    before = PublicationEvent.objects.count()
    with pytest.raises(PermissionDenied):
        publishing_services.submit(user=stranger, publication=publication)
    reviewer = member(Role.REVIEWER, d["s1"], "s1_reviewer")
    with pytest.raises(ValidationError, match="「草稿」状态的信息不能审核"):
        publishing_services.approve(user=reviewer, publication=publication)
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.DRAFT
    assert PublicationEvent.objects.count() == before


def test_a_rolled_back_step_leaves_no_event_and_tells_no_one(draft, django_capture_on_commit_callbacks):
    officer, publication = draft
    before = PublicationEvent.objects.count()
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                publishing_services.submit(user=officer, publication=publication)
                raise RuntimeError("the caller's transaction fails after the step")
    assert callbacks == []
    assert PublicationEvent.objects.count() == before
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.DRAFT


def test_available_steps_follow_status_and_permission(draft, d):
    officer, publication = draft
    reviewer = member(Role.REVIEWER, d["s1"], "s1_reviewer")
    assert publishing_services.available_steps(officer, publication) == ["submit"]
    publishing_services.submit(user=officer, publication=publication)
    publication.refresh_from_db()
    assert set(publishing_services.available_steps(reviewer, publication)) == {"approve", "reject"}
    assert publishing_services.available_steps(member(Role.OFFICER, d["s2"], "other"), publication) == []


def test_edition_steps_record_events_and_refuse_in_the_editions_words(office, meeting):
    edition = catalog_services.draft_edition(user=office, title="第一版")
    with pytest.raises(ValidationError, match="「草稿」状态的目录版本不能审核"):
        catalog_services.approve_edition(user=meeting, edition=edition)
    catalog_services.submit_edition(user=office, edition=edition)
    with pytest.raises(PermissionDenied):  # four eyes: the submitter does not approve
        catalog_services.approve_edition(user=office, edition=edition)
    edition = catalog_services.approve_edition(user=meeting, edition=edition, comment="同意")
    assert edition.status == EditionStatus.APPROVED
    actions = list(EditionEvent.objects.filter(edition=edition).values_list("action", "actor__username"))
    assert actions == [("draft", office.username), ("submit", office.username), ("approve", meeting.username)]


def test_a_rounds_life_is_recorded_step_by_step(office, d):
    assessment_services.load_templates()
    from assessment.models import IndicatorSystem

    template = IndicatorSystem.objects.filter(is_template=True).first()
    system = assessment_services.copy_system(user=office, source=template, year=2025, name="2025年度考核")
    round_ = assessment_services.open_round(
        user=office,
        system=system,
        name="2025年第三季度",
        kind=RoundKind.QUARTERLY,
        period_start=date(2025, 7, 1),
        period_end=date(2025, 9, 30),
        units=[d["s1"]],
    )
    with pytest.raises(ValidationError, match="「评分中」状态的轮次不能审核"):
        assessment_services.review_round(user=office, round=round_)
    with pytest.raises(PermissionDenied):
        assessment_services.finish_scoring(user=member(Role.OFFICER, d["s1"], "s1_o"), round=round_)
    assessment_services.finish_scoring(user=office, round=round_)
    assessment_services.reopen_round(user=office, round=round_)
    assessment_services.finish_scoring(user=office, round=round_)
    assessment_services.review_round(user=office, round=round_)
    round_ = assessment_services.close_round(user=office, round=round_)
    assert round_.status == RoundStatus.CLOSED
    assert list(round_.events.values_list("action", flat=True)) == [
        "finish",
        "reopen",
        "finish",
        "review",
        "close",
    ]
    with pytest.raises(ValidationError, match="已关闭"):
        assessment_services.reopen_round(user=office, round=round_)
    assert RoundEvent.objects.filter(round=round_).count() == 5


def test_a_request_moved_to_another_unit_meanwhile_is_refused_on_the_locked_row(d, office):
    """The permission is asked again on the locked row: an officer holding a stale copy of a request that was
    transferred away meanwhile cannot act on it (the unit is read after the lock)."""
    from foi.models import DisclosureRequest

    officer = member(Role.OFFICER, d["dept"], "dept_writer")
    request, _secret = foi_services.register(
        user=officer,
        unit=d["dept"],
        channel="letter",
        received_on=date(2026, 11, 2),
        applicant=foi_services.Applicant(
            applicant_type="natural", name="王某", id_type="id_card", id_number="", phone="13800000000"
        ),
        description="某项目的批复",
        form="electronic",
        delivery="post",
    )
    stale = DisclosureRequest.objects.get(pk=request.pk)
    foi_services.transfer(user=office, request=request, to_unit=d["s1"], reason="信息由湖墅街道掌握")
    with pytest.raises(PermissionDenied):
        foi_services.extend(
            user=officer, request=stale, on=date(2026, 11, 3), days=5, approver="李主任", reason="多"
        )
