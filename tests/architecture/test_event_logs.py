"""Every audit log is append-only (core.models.AppendOnlyModel): a row is written once, never changed or deleted.

Each app's tests show it for its own log (tests/catalog/test_services_editions.py, tests/publishing/
test_services_publications.py, tests/foi/test_access_log.py); the personal-data read log of core is shown here.
"""

from pathlib import Path

import pytest
from django.apps import apps

from core.models import AppendOnlyModel, PersonalDataAccess
from tests.append_only import assert_append_only

ROOT = Path(__file__).resolve().parents[2]

#: The audit trails: who did what to an edition, a record, a round, a request; who read personal data.
AUDIT_LOGS = {
    "catalog.EditionEvent",
    "assessment.RoundEvent",
    "publishing.PublicationEvent",
    "foi.Event",
    "foi.AccessLog",
    "opinion.EntryEvent",
    "interaction.MessageEvent",
    "consultation.ConsultationEvent",
    "consultation.HearingEvent",
    "pilot.PilotEvent",
    "boards.PostingEvent",
    "core.PersonalDataAccess",
}
#: Models whose name says event or record but that are no audit trail (and why).
NOT_AUDIT = {
    "assessment.DutyTrigger": "an event registered from a unit's ledgers, corrected by the office",
}


def test_every_audit_log_is_append_only():
    models = {model._meta.label: model for model in apps.get_models()}
    assert AUDIT_LOGS <= set(models)
    assert [label for label in sorted(AUDIT_LOGS) if not issubclass(models[label], AppendOnlyModel)] == []


def project_models():
    """The models of the project's own apps (third-party ones left out)."""
    return [model for model in apps.get_models() if Path(model._meta.app_config.path).parent == ROOT]


def test_every_model_named_a_log_or_an_event_is_append_only():
    named = {
        model._meta.label
        for model in project_models()
        if model.__name__.endswith(("Event", "Log")) or "append-only" in (model.__doc__ or "")
    }
    assert "catalog.EditionEvent" in named
    assert named - set(NOT_AUDIT) <= AUDIT_LOGS


@pytest.mark.django_db
def test_a_personal_data_read_can_be_neither_changed_nor_deleted():
    row = PersonalDataAccess.objects.create(record="participation.Correction", object_id="1", where="admin")
    assert_append_only(row, "个人信息查阅记录", where="api")
