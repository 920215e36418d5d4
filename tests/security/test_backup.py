"""Backups (issue 28): checksummed, restorable into a fresh database with the same rows, refused when damaged,
and holding personal data only encrypted."""

import io
import json
import sqlite3

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core import backup
from participation.models import Correction

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def made(tmp_path, settings, d):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "attachments").mkdir(parents=True)
    (tmp_path / "media" / "attachments" / "a.pdf").write_bytes(b"%PDF-1.4 test")
    Correction.objects.create(kind="content", description="错别字", contact="13912345678")
    call_command("backup", str(tmp_path / "b"), stdout=io.StringIO())
    return tmp_path / "b"


def test_a_backup_is_checksummed_and_a_damaged_one_is_refused(made):
    manifest = json.loads((made / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"database.dump", "media.tar.gz"}
    assert manifest["rows"]["participation_correction"] == 1
    out = io.StringIO()
    call_command("restore", str(made), "--verify-only", stdout=out)
    assert "校验通过" in out.getvalue()
    with open(made / "database.dump", "r+b") as handle:  # one byte changed
        handle.seek(200)
        byte = handle.read(1)
        handle.seek(200)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(CommandError, match="校验失败：database.dump"):
        call_command("restore", str(made), "--verify-only")


def test_the_restored_database_has_the_same_rows_and_the_files(made, tmp_path, settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the SQLite restore path; on PostgreSQL the drill below restores and compares")
    restored = tmp_path / "restored.sqlite3"
    backup.restore_into(made, vendor="sqlite", sqlite_path=restored)
    here, there = backup.current_source(), backup.Source("sqlite", lambda: backup._sqlite(restored))
    assert backup.compare(here, there) == []
    with sqlite3.connect(restored) as conn:  # a difference is found
        conn.execute("DELETE FROM participation_correction")
    assert backup.compare(here, there) == ["participation_correction: 行数 1 ≠ 0"]
    settings.MEDIA_ROOT = str(tmp_path / "media2")
    backup._restore_media(made, tmp_path / "media2")
    assert (tmp_path / "media2" / "attachments" / "a.pdf").read_bytes() == b"%PDF-1.4 test"


def test_the_backup_holds_personal_data_only_encrypted(made):
    assert b"13912345678" not in (made / "database.dump").read_bytes()


def test_the_drill_restores_and_compares(db):
    out = io.StringIO()
    call_command("backup_drill", stdout=out)
    assert "恢复后行数和抽样记录一致" in out.getvalue()
