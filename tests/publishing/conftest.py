"""Shared fixtures for the publishing tests: a small district, a catalog, an approved edition."""
import pytest

from catalog import services as catalog_services
from domains.models import Domain
from organizations.models import Role
from tests.factories import district, member
from workdays import engine


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    engine.clear_cache()
    yield
    engine.clear_cache()


@pytest.fixture
def d(db):
    return district()


@pytest.fixture
def office(d):
    return member(Role.OFFICE, d["gov"], "office_a")


@pytest.fixture
def meeting(d):
    return member(Role.OFFICE, d["gov"], "joint_meeting")


@pytest.fixture
def domain(db):
    return Domain.objects.get(code="compulsory-education")


@pytest.fixture
def release(office, meeting, django_capture_on_commit_callbacks):
    """Approve the working copy as a new edition; the signal generates the obligations."""

    def _release(title="版本"):
        with django_capture_on_commit_callbacks(execute=True):
            edition = catalog_services.draft_edition(user=office, title=title)
            catalog_services.submit_edition(user=office, edition=edition)
            edition = catalog_services.approve_edition(user=meeting, edition=edition, comment="同意")
        return edition

    return _release
