"""The import runs with the cyclic garbage collector paused, and leaves it as it found it."""

import gc
import io

import pytest

from catalog.importer import import_catalog, parse_workbook
from catalog.importer.collector import collector_paused
from catalog.models import DisclosureItem
from organizations.models import Role
from tests.catalog import workbooks as wb
from tests.catalog.workbooks import Sheet, build
from tests.factories import district, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_back_on_afterwards(collector_on):
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_on_after_an_error(collector_on):
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


def test_left_off_when_the_caller_had_turned_it_off(collector_on):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_parse_and_write_run_with_it_paused(collector_on):
    office = member(Role.OFFICE, district()["gov"], "office_a")
    during = []
    plan = parse_workbook(
        io.BytesIO(build(Sheet(rows=wb.EDUCATION_ROWS[:3]))),
        progress=lambda done, total: during.append(gc.isenabled()),
    )
    assert plan.ok, plan.errors[:3]
    assert gc.isenabled()
    import_catalog(user=office, plan=plan, progress=lambda done, total: during.append(gc.isenabled()))
    assert during and not any(during)
    assert gc.isenabled()
    assert DisclosureItem.objects.filter(name="招生范围").exists()


def test_back_on_when_the_write_fails(collector_on):
    office = member(Role.OFFICE, district()["gov"], "office_a")
    plan = parse_workbook(io.BytesIO(build(Sheet(rows=wb.EDUCATION_ROWS[:3]))))

    def fail(done, total):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        import_catalog(user=office, plan=plan, progress=fail)
    assert gc.isenabled()
    assert not DisclosureItem.objects.exists()  # all or nothing
