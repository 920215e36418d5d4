"""The import's write stage at size: the progress it reports, and queries that do not grow with the rows."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalog.importer import PROGRESS_STEPS, RowError, import_catalog, parse_workbook
from catalog.models import ContentElement, DisclosureItem
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


def changed(plan_rows: list[dict]) -> list[dict]:
    """The same rows with new content, time limit and channels: every item is rewritten."""
    out = []
    for row in plan_rows:
        row = dict(row, content=row["content"] + "\n●补充要素", time_limit="每季度结束后10日内")
        row["channels"] = "■政府网站■政务服务中心"
        out.append(row)
    return out


def count_queries(office, n: int, *, reimport: bool) -> tuple[int, int]:
    """(queries, item count) of importing ``n`` rows into an empty catalog, or of importing them again
    with every row changed; rolled back afterwards."""
    with transaction.atomic():
        first = parse_workbook(io.BytesIO(build(Sheet(rows=rows(n)))))
        if reimport:
            import_catalog(user=office, plan=first)
            plan = parse_workbook(io.BytesIO(build(Sheet(rows=changed(rows(n))))))
        else:
            plan = first
        assert plan.ok, plan.errors[:3]
        user = type(office).objects.get(pk=office.pk)  # its permissions not read yet, as in a new request
        with CaptureQueriesContext(connection) as queries:
            result = import_catalog(user=user, plan=plan)
        assert result.count == n
        assert (result.updated if reimport else result.created) == n
        items = DisclosureItem.objects.count()
        transaction.set_rollback(True)
    return len(queries), items


@pytest.mark.parametrize("reimport", [False, True], ids=["new catalog", "every item changed"])
def test_queries_do_not_grow_with_the_rows(office, reimport):
    """Writing 500 rows takes the queries of writing 50: statements per batch (of up to BATCH_SIZE items),
    never per row — a per-row query (a history row per deleted element, a save per item) shows as 450
    more."""
    small, small_items = count_queries(office, 50, reimport=reimport)
    large, large_items = count_queries(office, 500, reimport=reimport)
    assert large_items == 10 * small_items  # 500 rows and their 100 一级 groups
    assert large == small


def test_a_reimport_records_every_change_in_history(office):
    """The batched writes keep the history: "+" for new items, "~" with the user and the reason for
    rewritten ones, "-" for each element, basis and channel row they replace."""
    import_catalog(user=office, plan=plan_of(20))
    item = DisclosureItem.objects.get(name="二级事项1")
    old_elements = list(item.elements.values_list("pk", flat=True))
    plan = parse_workbook(io.BytesIO(build(Sheet(rows=changed(rows(20))))), field_code=None)
    import_catalog(user=office, plan=plan)
    history = list(item.history.order_by("history_date", "history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[-1].history_user == office
    assert history[-1].history_change_reason.startswith("Excel导入")
    assert history[-1].time_limit_text == "每季度结束后10日内"
    removed = ContentElement.history.filter(history_type="-", id__in=old_elements)
    assert sorted(removed.values_list("id", flat=True)) == sorted(old_elements)
    assert list(item.elements.values_list("text", flat=True))[-1] == "补充要素"
