"""Set-based obligation generation (issue 17) against the Python matcher.

On PostgreSQL ``generate_obligations`` writes the obligations with ``INSERT … SELECT`` (the edition's rules
matched to the units in SQL, history rows in the same statement, deadline summaries copied from one
representative per item); elsewhere it applies :func:`publishing.services.desired_obligations` in bulk. Either
way the result must be exactly what ``desired_obligations`` asks for, the stored summaries exactly what
``refresh_deadlines`` computes, and a re-run must change nothing. Run this file with
``DATABASE_URL=postgres://…`` to check the SQL path (the suite's default database is SQLite). There every test
runs twice: with the foreign-key triggers (a role that may not set ``session_replication_role``) and without
them (the references then checked and locked set-based).
"""

import pytest
from django.db import IntegrityError, connection

from publishing import services
from publishing.models import Obligation, ObligationStatus
from publishing.services import obligations as obligation_services
from tests.factories import UnitFactory
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"


@pytest.fixture(
    autouse=True,
    params=["fk-triggers", "set-based-references"] if POSTGRES else ["bulk"],
)
def insert_path(request, monkeypatch):
    """PostgreSQL: the generated rows checked by the foreign-key triggers, or (a role that may set
    ``session_replication_role``) without them and checked set-based. Skipped when the role may not."""
    if request.param == "fk-triggers":
        monkeypatch.setattr(obligation_services, "_may_skip_fk_triggers", lambda: False)
    elif request.param == "set-based-references" and not obligation_services._may_skip_fk_triggers():
        pytest.skip("this role may not set session_replication_role")
    return request.param


@pytest.fixture
def edition(d, office, domain, release):
    """Items of every kind of match: street tier by kind, community tier by kind, a kind that matches no
    unit of the tier, no named subject (every unit of the ticked tiers), a parent (excluded, its child
    kept), an on-request item (excluded), various time limits; and an inactive street."""
    make_item(office, domain, "街道预算")
    make_item(office, domain, "社区低保", subject="各社区居委会", tiers=("community",))
    make_item(office, domain, "街道做的社区事", subject="各街道", tiers=("community",))
    make_item(office, domain, "未写主体", subject="", tiers=("street", "community"), time_limit="每季度")
    make_item(office, domain, "区级事项", subject="区政府", tiers=("district",), time_limit="实时公开")
    parent = make_item(office, domain, "一级事项")
    make_item(office, domain, "二级事项", parent=parent, time_limit="每年3月31日前")
    make_item(office, domain, "依申请事项", mode_proactive=False, mode_on_request=True)
    UnitFactory(name="停用街道", code="D-S9", kind="street", parent=d["gov"], is_active=False)
    return release()


def stored():
    """Every obligation as stored (every column), by (unit, item)."""
    return {(o["unit_id"], o["item_id"]): o for o in Obligation.objects.values()}


def test_generated_obligations_are_what_the_python_matcher_asks(edition):
    desired, _items, _fallback = services.desired_obligations(edition)
    active = {
        (unit_id, item_id): rule
        for unit_id, item_id, rule in Obligation.objects.filter(status=ObligationStatus.ACTIVE).values_list(
            "unit_id", "item_id", "rule"
        )
    }
    assert active == {key: rule for key, (rule, _why, _confirm) in desired.items()} and len(desired) >= 8
    assert Obligation.objects.exclude(status=ObligationStatus.ACTIVE).count() == 0
    # One history row each, created with the change reason of the generation.
    history = Obligation.history.model.objects
    assert history.count() == len(desired)
    assert set(history.values_list("history_type", "history_change_reason").distinct()) == {
        ("+", "由目录生成")
    }
    assert set(history.values_list("id", flat=True)) == set(Obligation.objects.values_list("id", flat=True))


def test_stored_deadline_summaries_are_what_refresh_computes(edition):
    before = stored()
    assert {o["deadline_base"] for o in before.values()} >= {"pending"}
    assert services.refresh_deadlines() == 0  # nothing to correct
    assert stored() == before


def test_rerun_changes_nothing(edition):
    before, history = stored(), Obligation.history.model.objects.count()
    result = services.generate_obligations(edition=edition)
    assert (result.created, result.reopened, result.closed) == (0, 0, 0)
    assert result.unchanged == len(before)
    assert stored() == before
    assert Obligation.history.model.objects.count() == history


def test_new_units_get_only_their_obligations(d, edition):
    before = stored()
    street = UnitFactory(name="新街道", code="D-S7", kind="street", parent=d["gov"])
    community = UnitFactory(name="新社区", code="D-S7-1", kind="community", parent=street)
    result = services.generate_obligations(edition=edition)
    after = stored()
    assert {key: after[key] for key in before} == before  # the existing rows untouched
    new = {key for key in after if key not in before}
    assert {unit for unit, _item in new} == {street.pk, community.pk}
    assert result.created == len(new) and result.unchanged == len(before)
    desired, _items, _fallback = services.desired_obligations(edition)
    assert set(after) == set(desired)
    assert services.refresh_deadlines() == 0


def test_the_foreign_key_triggers_are_back_on_after_generation(edition):
    if not POSTGRES:
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"


@pytest.mark.parametrize("column", ["unit_id", "item_id"])
def test_a_row_naming_a_missing_reference_is_refused(edition, insert_path, column):
    """What the foreign-key trigger would refuse at commit, the set-based check refuses: a trigger-free row
    naming a unit or item that does not exist."""
    if insert_path != "set-based-references":
        pytest.skip("the set-based check of the trigger-free path (PostgreSQL)")
    first = Obligation.objects.order_by("pk").values_list("pk", flat=True).first()
    last = Obligation.objects.order_by("-pk").values_list("pk", flat=True).first()
    table = Obligation._meta.get_field(column[:-3]).related_model._meta.db_table
    columns = ["unit_id", "item_id", "edition_id", "source", "status", "rule", "started_on", "reason"]
    columns += ["created_at", "updated_at", "deadline_base", "basis", "to_confirm"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) + 1000 FROM {table}")
        absent = cursor.fetchone()[0]
        select = ", ".join("%s" if c == column else c for c in columns)
        with obligation_services._fk_triggers_off(True):
            cursor.execute(
                f"INSERT INTO {Obligation._meta.db_table} ({', '.join(columns)}) "
                f"SELECT {select} FROM {Obligation._meta.db_table} WHERE id = %s",
                [absent, first],
            )
    with pytest.raises(IntegrityError):
        obligation_services._lock_references(last)
