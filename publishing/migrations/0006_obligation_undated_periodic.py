"""A partial index of the active periodic obligations whose stored deadline summary has no date (every period
done when last refreshed): the reminder run looks among them for summaries the calendar has outdated
(``publishing.reminders.stale_summaries``) without reading the other two million rows. PostgreSQL only (the
predicate is the SQL Django writes for ``rule__kind="periodic"``); the index is not part of the model state."""

from django.db import migrations

NAME = "obligation_undated_periodic"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {NAME} ON publishing_obligation (id) "
    "WHERE status = 'active' AND next_due IS NULL AND (rule -> 'kind') = '\"periodic\"'::jsonb"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0005_notice_sms")]

    operations = [migrations.RunPython(forwards, backwards)]
