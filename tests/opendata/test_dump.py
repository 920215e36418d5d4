"""The nightly open-data dump: contents, README, atomic write, the task, the command, and the download."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from core.renderers import safe_cell
from opendata import dump, tasks

pytestmark = pytest.mark.django_db


def open_zip(path):
    return zipfile.ZipFile(path)


def test_dump_holds_catalog_and_publications_with_a_readme(pubs, points, catalog, settings):
    result = dump.write_dump()
    assert result.path == Path(settings.MEDIA_ROOT) / "opendata" / "latest.zip"
    with open_zip(result.path) as archive:
        names = set(archive.namelist())
        assert {
            "README.md",
            "metadata.json",
            "catalog_items.csv",
            "catalog_items.json",
            "publications.csv",
            "publications.json",
            "fields.csv",
            "units.csv",
            "service_points.csv",
        } <= names
        readme = archive.read("README.md").decode()
        items = json.loads(archive.read("catalog_items.json"))
        publications = json.loads(archive.read("publications.json"))
        pub_csv = archive.read("publications.csv").decode("utf-8")
        cat_csv = archive.read("catalog_items.csv").decode("utf-8")
        meta = json.loads(archive.read("metadata.json"))
    assert "公开事项标准目录" in readme and "Standard disclosure catalog" in readme
    assert "| `time_limit_text` | 公开时限（原文） | time limit as worded |" in readme
    assert "| `index_number` | 索引号 | index number |" in readme
    assert {i["name"] for i in items} == {"低保救助公示", catalog["second"].name}  # no unapproved item
    assert [p["title"] for p in publications] == ["卖鱼桥社区低保公示"]  # published only
    assert "草稿" not in pub_csv and "c11_officer" not in pub_csv and "created_by" not in pub_csv
    assert pub_csv.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(cat_csv[1:])))
    assert any(r["name"].startswith("'=") for r in rows)  # formula defused
    assert meta["edition"] == catalog["edition"].number and meta["counts"]["publications"] == 1


def test_every_column_is_documented_in_the_readme(pubs, points, catalog):
    datasets = dump._datasets()
    for stem, (header, _rows) in datasets.items():
        for name in header:
            assert name in dump.FIELD_DOCS, f"{stem}.{name} has no README description"


def test_write_is_atomic_and_leaves_no_temporary_files(pubs, settings, monkeypatch):
    first = dump.write_dump()
    original = first.path.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(dump, "write_csv", broken)
    with pytest.raises(RuntimeError):
        dump.write_dump()
    assert first.path.read_bytes() == original  # the old dump is untouched
    assert [p.name for p in first.path.parent.iterdir()] == ["latest.zip"]


def test_task_and_command(pubs, settings, capsys):
    out = tasks.dump_open_data.delay().get()
    assert out["counts"]["publications"] == 1 and Path(out["path"]).is_file()
    call_command("opendata_dump")
    assert "已生成" in capsys.readouterr().out
    target = Path(settings.MEDIA_ROOT) / "elsewhere.zip"
    call_command("opendata_dump", "--output", str(target))
    assert zipfile.is_zipfile(target)


def test_nightly_beat_entry():
    entry = django_settings.CELERY_BEAT_SCHEDULE["opendata-nightly-dump"]
    assert entry["task"] == "opendata.tasks.dump_open_data"
    assert entry["task"] in tasks.dump_open_data.app.tasks


def test_download_and_index(client, pubs):
    assert client.get("/api/opendata/latest.zip").status_code == 404
    assert "尚未生成" in client.get("/api/opendata/").json()["detail"]
    dump.write_dump()
    response = client.get("/api/opendata/latest.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "opendata-latest.zip" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert zipfile.is_zipfile(io.BytesIO(body))
    index = client.get("/api/opendata/").json()
    assert index["size"] == len(body) and index["url"].endswith("/api/opendata/latest.zip")
    assert len(index["sha256"]) == 64


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+2", "'=1+2"),
        ("+86 571", "'+86 571"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("普通文本", "普通文本"),
        (None, ""),
        (True, "true"),
        (12, "12"),
        (["a", "b"], "a；b"),
        ([{"k": "=x"}], '[{"k": "=x"}]'),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
