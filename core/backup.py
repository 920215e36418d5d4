"""Backups: the database as the database holds it (personal data stays encrypted) plus the uploaded files, each
checksummed; a restore that refuses a damaged backup; and a drill that restores into a fresh database and
compares (GB/T 22239-2019 level 3, 8.1.4.11 数据备份恢复).

A backup is a directory::

    manifest.json   what was backed up: time, vendor, files with their SHA-256, row counts per table
    database.dump   PostgreSQL: ``pg_dump --format=custom``;  SQLite: a consistent copy (the backup API)
    media.tar.gz    MEDIA_ROOT (attachments, letters)

:func:`restore` checks every checksum first, then loads the dump into the configured database, which must be
empty (PostgreSQL: no tables; SQLite: the file is replaced), and unpacks the files. :func:`drill` backs up,
restores into a scratch database and compares row counts and a sample of rows of every table.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

SAMPLE_ROWS = 20


class BackupError(Exception):
    """A backup that cannot be made, or one that must not be restored (damaged, wrong kind, target not empty)."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- reading a database the same way whatever the vendor -----------------------------------------------------
@dataclass
class Source:
    """A database to compare: the vendor and a DB-API connection factory."""

    vendor: str
    connect: Callable[[], Any]

    def tables(self) -> list[str]:
        with self.connect() as conn:
            cur = conn.cursor()
            if self.vendor == "sqlite":
                cur.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
            else:
                cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return sorted(row[0] for row in cur.fetchall())

    def counts(self) -> dict[str, int]:
        out = {}
        with self.connect() as conn:
            cur = conn.cursor()
            for table in self.tables():
                cur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalog
                out[table] = cur.fetchone()[0]
        return out

    def sample(self, table: str) -> list[tuple]:
        """The first rows of a table in the order of all its columns: the same on both sides of a restore."""
        with self.connect() as conn:
            cur = conn.cursor()
            cur.execute(f'SELECT * FROM "{table}" LIMIT 0')  # noqa: S608
            columns = ", ".join(str(i + 1) for i in range(len(cur.description)))
            cur.execute(f'SELECT * FROM "{table}" ORDER BY {columns} LIMIT {SAMPLE_ROWS}')  # noqa: S608
            return [tuple(str(v) for v in row) for row in cur.fetchall()]


def _pg_env(params: dict) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(params.get("host") or ""),
            "PGPORT": str(params.get("port") or ""),
            "PGUSER": str(params.get("user") or ""),
            "PGPASSWORD": str(params.get("password") or ""),
        }
    )
    return env


def _pg_connect(params: dict, dbname: str):
    import psycopg

    def connect():
        return psycopg.connect(
            dbname=dbname,
            host=params.get("host") or None,
            port=params.get("port") or None,
            user=params.get("user") or None,
            password=params.get("password") or None,
        )

    return connect


def current_source() -> Source:
    settings_dict = connection.settings_dict
    # SQLite: a plain connection (no type converters), the same as the restored side's
    if connection.vendor == "sqlite":
        name = str(settings_dict["NAME"])
        return Source("sqlite", lambda: _sqlite(name))
    params = connection.get_connection_params()
    return Source("postgresql", _pg_connect(params, settings_dict["NAME"]))


def _sqlite(name):
    """A plain connection; a ``file:`` name (the test runner's shared in-memory database) as a URI."""
    name = str(name)
    return _Closing(sqlite3.connect(name, uri=name.startswith("file:")))


class _Closing:
    """sqlite3's connection as a context manager that closes (its own only commits)."""

    def __init__(self, conn):
        self.conn = conn

    def __enter__(self):
        return self.conn

    def __exit__(self, *exc):
        self.conn.close()

    def cursor(self):
        return self.conn.cursor()


# -- backup -------------------------------------------------------------------------------------------------
def backup(target: str | Path) -> dict:
    """Back up the configured database and MEDIA_ROOT into ``target`` (created; must not exist or be empty)."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(_("备份目录不为空：%(d)s") % {"d": target})
    target.mkdir(parents=True, exist_ok=True)
    dump = target / "database.dump"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(str(dump)) as dest:
            connection.connection.backup(dest)
        dest.close()
    elif connection.vendor == "postgresql":
        params = connection.get_connection_params()
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(dump),
             connection.settings_dict["NAME"]],
            env=_pg_env(params), capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode:
            raise BackupError(_("pg_dump 失败：%(e)s") % {"e": result.stderr.strip()})
    else:
        raise BackupError(_("不支持的数据库：%(v)s") % {"v": connection.vendor})
    media = target / "media.tar.gz"
    with tarfile.open(media, "w:gz") as tar:
        root = Path(settings.MEDIA_ROOT)
        if root.exists():
            tar.add(root, arcname="media")
    manifest = {
        "made_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "files": {path.name: sha256(path) for path in (dump, media)},
        "rows": current_source().counts(),
    }
    (target / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def verify(source: str | Path) -> dict:
    """The backup's manifest, after every file's checksum is checked."""
    source = Path(source)
    try:
        manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(_("备份清单缺失或损坏：%(e)s") % {"e": exc}) from exc
    for name, digest in manifest.get("files", {}).items():
        path = source / name
        if not path.exists() or sha256(path) != digest:
            raise BackupError(_("备份文件校验失败：%(n)s") % {"n": name})
    return manifest


# -- restore ------------------------------------------------------------------------------------------------
def _restore_media(source: Path, media_root: Path) -> None:
    with tarfile.open(source / "media.tar.gz", "r:gz") as tar:
        with tempfile.TemporaryDirectory() as tmp:
            tar.extractall(tmp, filter="data")  # no absolute paths, links out of the tree or devices
            unpacked = Path(tmp) / "media"
            if unpacked.exists():
                shutil.copytree(unpacked, media_root, dirs_exist_ok=True)


def restore_into(
    source: str | Path, *, vendor: str, sqlite_path: Path | None = None, pg: tuple | None = None
) -> None:
    """Load a verified backup's database into an empty SQLite file or PostgreSQL database ``pg`` =
    (connection params, database name)."""
    manifest = verify(source)
    if manifest["vendor"] != vendor:
        raise BackupError(_("备份来自 %(a)s，不能恢复到 %(b)s") % {"a": manifest["vendor"], "b": vendor})
    dump = Path(source) / "database.dump"
    if vendor == "sqlite":
        if sqlite_path is None:
            raise BackupError(_("未指定 SQLite 文件"))
        shutil.copyfile(dump, sqlite_path)
        return
    if pg is None:
        raise BackupError(_("未指定 PostgreSQL 数据库"))
    params, dbname = pg
    target = Source("postgresql", _pg_connect(params, dbname))
    if target.tables():
        raise BackupError(_("目标数据库 %(d)s 不是空库，拒绝恢复") % {"d": dbname})
    result = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d", dbname, str(dump)],
        env=_pg_env(params), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode:
        raise BackupError(_("pg_restore 失败：%(e)s") % {"e": result.stderr.strip()})


def restore(source: str | Path) -> dict:
    """Restore into the configured database (empty) and MEDIA_ROOT."""
    manifest = verify(source)
    if connection.vendor == "sqlite":
        connection.close()
        restore_into(source, vendor="sqlite", sqlite_path=Path(connection.settings_dict["NAME"]))
    else:
        params = connection.get_connection_params()
        connection.close()
        restore_into(source, vendor="postgresql", pg=(params, connection.settings_dict["NAME"]))
    _restore_media(Path(source), Path(settings.MEDIA_ROOT))
    return manifest


# -- the drill ----------------------------------------------------------------------------------------------
def compare(a: Source, b: Source) -> list[str]:
    """What differs between two databases: row counts of every table and a sample of rows of each."""
    problems = []
    counts_a, counts_b = a.counts(), b.counts()
    if set(counts_a) != set(counts_b):
        problems.append(f"表不一致：{sorted(set(counts_a) ^ set(counts_b))}")
    for table in sorted(set(counts_a) & set(counts_b)):
        if counts_a[table] != counts_b[table]:
            problems.append(f"{table}: 行数 {counts_a[table]} ≠ {counts_b[table]}")
        elif a.sample(table) != b.sample(table):
            problems.append(f"{table}: 抽样记录不一致")
    return problems


def drill(workdir: Path | None = None) -> tuple[dict, list[str]]:
    """Back up, restore into a scratch database, compare; the scratch database is dropped afterwards."""
    own = workdir is None
    workdir = Path(workdir or tempfile.mkdtemp(prefix="portal-drill-"))
    try:
        manifest = backup(workdir / "backup")
        here = current_source()
        if connection.vendor == "sqlite":
            scratch = workdir / "restored.sqlite3"
            restore_into(workdir / "backup", vendor="sqlite", sqlite_path=scratch)
            return manifest, compare(here, Source("sqlite", lambda: _sqlite(scratch)))
        params = connection.get_connection_params()
        name = f"{connection.settings_dict['NAME']}_drill"
        admin = _pg_connect(params, "postgres")
        with admin() as conn:
            conn.autocommit = True
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        try:
            restore_into(workdir / "backup", vendor="postgresql", pg=(params, name))
            return manifest, compare(here, Source("postgresql", _pg_connect(params, name)))
        finally:
            with admin() as conn:
                conn.autocommit = True
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        if own:
            shutil.rmtree(workdir, ignore_errors=True)
