"""The import's write stage at size: the progress it reports, and queries that do not grow with the rows."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from catalog.importer import PROGRESS_STEPS, RowError, import_catalog, parse_workbook
from catalog.models import DisclosureItem
from organizations.models import Role
from tests.catalog import workbooks as wb
from tests.catalog.workbooks import Sheet, build
from tests.factories import district, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return member(Role.OFFICE, district()["gov"], "office_a")


def rows(n: int) -> list[dict]:
    """``n`` item rows of the 义务教育 sample, in 一级 groups of 5 (the names numbered)."""
    out = []
    for i in range(n):
        row = dict(wb.EDUCATION_ROWS[i % len(wb.EDUCATION_ROWS)])
        row["l1"], row["l2"] = f"一级事项{i // 5 + 1}", f"二级事项{i + 1}"
        out.append(row)
    return out


def plan_of(n: int):
    plan = parse_workbook(io.BytesIO(build(Sheet(rows=rows(n)))))
    assert plan.ok, plan.errors[:3]
    assert len(plan.rows) == n
    return plan


@pytest.mark.parametrize("bulk", [True, False])
def test_progress_from_zero_to_all_rows_in_a_few_calls(office, bulk):
    plan = plan_of(120 if bulk else 30)
    calls = []
    import_catalog(
        user=office, plan=plan, bulk=bulk, progress=lambda done, total: calls.append((done, total))
    )
    total = len(plan.rows)
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert {t for _d, t in calls} == {total}
    done = [d for d, _t in calls]
    assert done == sorted(set(done))  # grows, never repeats
    assert len(calls) <= PROGRESS_STEPS + 2
    if not bulk:
        assert len(calls) > 3  # the per-item path reports along the way


def test_progress_of_a_large_import_is_bounded(office):
    plan = plan_of(1200)
    calls = []
    import_catalog(user=office, plan=plan, progress=lambda done, total: calls.append((done, total)))
    assert 3 <= len(calls) <= PROGRESS_STEPS + 2  # a few steps per batch, not one per row
    assert calls[-1] == (1200, 1200)


def test_no_progress_for_a_refused_plan(office):
    plan = plan_of(3)
    plan.errors.append(RowError(message="坏行"))
    calls = []
    with pytest.raises(ValidationError):
        import_catalog(user=office, plan=plan, progress=lambda *a: calls.append(a))
    assert calls == []


def test_progress_ends_before_the_transaction_commits(office):
    """The last call comes from inside the transaction: an error after it still rolls everything back."""
    plan = plan_of(10)
    with pytest.raises(RuntimeError), transaction.atomic():
        import_catalog(user=office, plan=plan, progress=lambda done, total: None)
        raise RuntimeError
    assert DisclosureItem.objects.count() == 0
