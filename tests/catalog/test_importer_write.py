"""The bulk write's own plumbing: new items as DisclosureItem() makes them, and its SQLite statements run,
fail and are logged as Django's."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from catalog.importer import write
from catalog.models import ContentElement, DisclosureItem

pytestmark = pytest.mark.django_db


def attributes(item: DisclosureItem) -> dict:
    return {name: value for name, value in vars(item).items() if name != "_state"}


def test_new_items_are_what_the_model_makes():
    make = write._ItemFactory()
    assert make.usable
    first, second, reference = make(), make(), DisclosureItem()
    assert attributes(first) == attributes(reference)
    assert list(vars(first)) == list(vars(reference))
    assert first._state.adding and first._state.db is None
    assert first._state is not second._state
    for name in ("time_limit_rule", "subject_kinds", "import_notes", "_mptt_cached_fields"):
        assert getattr(first, name) is not getattr(second, name)  # nothing mutable shared
    first.subject_kinds.append("street")
    first._mptt_cached_fields["order"] = 9
    assert second.subject_kinds == [] and second._mptt_cached_fields["order"] == 0


def test_new_items_are_made_by_the_model_when_something_listens():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(sender)

    post_init.connect(receiver, sender=DisclosureItem)
    try:
        make = write._ItemFactory()
        assert not make.usable
        make()
    finally:
        post_init.disconnect(receiver, sender=DisclosureItem)
    assert DisclosureItem in calls


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the direct path is SQLite's")
def test_statements_are_logged_and_their_errors_are_djangos():
    table = ContentElement._meta.db_table
    with connection.cursor() as cursor, CaptureQueriesContext(connection) as queries:
        write._execute(cursor, f'SELECT %s, %s FROM "{table}" WHERE 1 = 0', [1, "同上"])
    assert [q["sql"] for q in queries] == [f'SELECT %s, %s FROM "{table}" WHERE 1 = 0']
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        write._execute(
            cursor, f'INSERT INTO "{table}" ("item_id", "text", "order") VALUES (%s, %s, %s)', [None, "x", 0]
        )
