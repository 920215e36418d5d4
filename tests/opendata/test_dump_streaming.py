"""The open-data dump streams (issue 17): it reads each dataset a chunk at a time, so its memory and its queries
per record do not grow with the data, and what it writes is byte for byte what the whole-list dump wrote."""

import json
import tracemalloc
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.renderers import to_csv
from opendata import dump
from publishing.models import Attachment, Fulfilment, Obligation, Publication

pytestmark = pytest.mark.django_db


def publish_copies(source: Publication, n: int, body_chars: int = 200) -> None:
    """``n`` more published records of the same unit (bulk: no signals needed for the dump), bodies of
    ``body_chars`` characters; by turns with none, one or two fulfilments (due dates, on time or not) and
    attachments (one with no original name), a scheduled time, a document it interprets, no 文号."""
    start = Publication.objects.count()
    copies = Publication.objects.bulk_create(
        Publication(
            unit_id=source.unit_id,
            title=f"卖鱼桥社区公示第{start + i}号",
            body="<p>" + "低保名单公示" * (body_chars // 6) + f"{i}</p>",
            doc_number=f"卖社〔2025〕{start + i}号" if i % 4 else "",
            index_number=f"{source.index_number}-{start + i}",
            formed_on=source.formed_on + timedelta(days=i),
            status=source.status,
            published_at=source.published_at + timedelta(minutes=start + i, microseconds=i),
            publish_at=source.published_at if i % 5 == 1 else None,
            interprets=source if i % 3 == 2 else None,
        )
        for i in range(n)
    )
    first = source.fulfilments.get().obligation
    second = Obligation.objects.exclude(pk=first.pk).first()
    Fulfilment.objects.bulk_create(
        Fulfilment(
            publication=p,
            obligation=obligation,
            due_date=p.formed_on + timedelta(days=20) if i % 2 else None,
            on_time=[None, True, False][i % 3],
            late_workdays=i % 3,
        )
        for i, p in enumerate(copies)
        for obligation in [[], [first], [first, second]][i % 3]
    )
    Attachment.objects.bulk_create(
        Attachment(
            publication=p,
            file=f"attachments/2025/{p.pk}-{k}.pdf",
            original_name="" if k else f"名单{p.pk}.pdf",
            size=10 + k,
            content_type="application/pdf",
        )
        for i, p in enumerate(copies)
        for k in range(i % 3)
    )


def whole_list_files() -> dict[str, bytes]:
    """The datasets as the dump wrote them before it streamed: every row in one list, then to_csv and
    json.dumps of the list."""
    out = {}
    for stem, (serializer_class, queryset) in dump._sources().items():
        rows = [dict(row) for row in serializer_class(queryset, many=True).data]
        header = list(serializer_class.Meta.fields)
        out[f"{stem}.csv"] = to_csv(rows, header)
        out[f"{stem}.json"] = json.dumps(rows, ensure_ascii=False, indent=1, default=str).encode()
    return out


def test_streamed_files_equal_the_whole_list_dump(pubs, points, catalog, tmp_path):
    publish_copies(pubs["published"], 7)
    expected = whole_list_files()
    result = dump.write_dump(tmp_path / "dump.zip", chunk_size=3)  # 8 records: chunks of 3, 3 and 2
    with zipfile.ZipFile(result.path) as archive:
        names = archive.namelist()
        assert names[:2] == ["README.md", "metadata.json"]
        for name, content in expected.items():
            assert archive.read(name) == content, name
        readme = archive.read("README.md").decode()
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())
    assert result.counts["publications"] == 8
    assert "记录数 / Records: 8" in readme
    assert len(json.loads(expected["publications.json"])) == 8
    assert names[2:] == [f"{stem}.{ext}" for stem, *_ in dump.DATASETS for ext in ("csv", "json")]


def test_empty_dataset_is_an_empty_json_array(db, tmp_path):
    result = dump.write_dump(tmp_path / "dump.zip")
    with zipfile.ZipFile(result.path) as archive:
        assert archive.read("publications.json") == b"[]"
        assert archive.read("publications.csv").decode("utf-8").startswith("\ufeffid,index_number,title")
    assert result.counts["publications"] == 0


def dump_queries(tmp_path, chunk_size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        dump.write_dump(tmp_path / "dump.zip", chunk_size=chunk_size)
    return len(queries)


def test_queries_grow_with_chunks_not_with_records(pubs, points, catalog, tmp_path):
    """No query per record (the columns read are all the serializer shows: no deferred field is fetched row
    by row); the publications are read in chunks (their prefetches run once per chunk)."""
    publish_copies(pubs["published"], 9)  # 10 records
    one_chunk = dump_queries(tmp_path, chunk_size=100)
    publish_copies(pubs["published"], 30)  # 40 records
    assert dump_queries(tmp_path, chunk_size=100) == one_chunk
    # 40 records in chunks of 10: three more chunks than one, each with its own prefetch queries (the
    # fulfilments and the attachments of that chunk's records), whatever the backend's cursor does.
    chunked = dump_queries(tmp_path, chunk_size=10)
    assert chunked - one_chunk >= 3 * 2


def peak_traced_bytes(tmp_path, chunk_size: int) -> int:
    tracemalloc.start()
    try:
        dump.write_dump(tmp_path / "dump.zip", chunk_size=chunk_size)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_data(pubs, points, catalog, tmp_path):
    """Four times the records (each ~60 KB of body) leave the dump's peak memory where it was: one chunk of
    records is held at a time. The whole-list dump held every record, its row, the CSV and the JSON text
    (well over 4 × 30 records × 60 KB more at the larger size) and fails this."""
    publish_copies(pubs["published"], 29, body_chars=20_000)
    small = peak_traced_bytes(tmp_path, chunk_size=10)
    publish_copies(pubs["published"], 90, body_chars=20_000)  # 120 records
    large = peak_traced_bytes(tmp_path, chunk_size=10)
    grown = large - small
    assert grown < 90 * 20_000, (small, large)  # less than the new records' bodies, once
