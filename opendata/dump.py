"""The nightly open-data dump: the public catalog, publications, fields, units and service points as CSV
and JSON in one zip with a README of the fields (中文 + English), written atomically to
``MEDIA_ROOT/opendata/latest.zip``."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from catalog.selectors import current_edition, public_items
from catalog.serializers import PublishedItemSerializer
from core.chunks import chunked
from core.renderers import write_csv
from domains.selectors import public_domains
from domains.serializers import DomainSerializer
from organizations import selectors as organizations
from organizations.serializers import ServicePointSerializer, UnitSerializer
from publishing import selectors as publishing
from publishing.serializers import PUBLICATION_COLUMNS as SERIALIZED_COLUMNS
from publishing.serializers import PublicationSerializer, publication_rows

#: (file stem, title 中文, title English, description 中文, description English)
DATASETS = [
    (
        "fields",
        "试点领域",
        "Policy fields",
        "本区启用的试点领域",
        "The policy fields the district has activated",
    ),
    (
        "catalog_items",
        "公开事项标准目录",
        "Standard disclosure catalog",
        "现行已批准目录版本中的全部事项及其标准要素",
        "Every item of the approved catalog edition in force",
    ),
    ("units", "单位", "Units", "启用的单位（不含个人信息）", "Active units (no personal data)"),
    (
        "service_points",
        "服务点",
        "Service points",
        "公开查阅点、便民服务站等",
        "Reading points, service stations …",
    ),
    (
        "publications",
        "公开信息",
        "Publications",
        "已发布的公开信息（不含起草人等个人信息）",
        "Published records (never who drafted or reviewed them)",
    ),
]

#: Field descriptions for the README: name → (中文, English).
FIELD_DOCS: dict[str, tuple[str, str]] = {
    "code": ("代码/编码", "code"),
    "name": ("名称", "name"),
    "former_names": ("曾用名", "former names"),
    "guideline_title": ("标准指引名称", "national guideline title"),
    "guideline_issuer": ("指引印发部门", "guideline issuer"),
    "guideline_number": ("指引文号", "guideline document number"),
    "description": ("说明", "description"),
    "is_national": ("国家26个试点领域之一", "one of the 26 national fields"),
    "order": ("排序", "sort order"),
    "lead_unit_code": ("牵头单位代码", "lead unit code"),
    "lead_unit_name": ("牵头单位", "lead unit name"),
    "cooperating_units": ("配合单位代码（；分隔）", "cooperating unit codes (；-separated)"),
    "edition": ("目录版次", "catalog edition number"),
    "domain": ("领域代码", "field code"),
    "domain_name": ("领域", "field name"),
    "level": ("级别（0为一级）", "level (0 = top level)"),
    "level_label": ("事项级别", "item level"),
    "parent_code": ("上级事项编码/上级单位代码", "parent item / unit code"),
    "parent_name": ("上级事项", "parent item"),
    "elements": ("公开内容（要素，；分隔）", "content elements (；-separated)"),
    "content": ("公开内容原文", "content as worded in the catalog"),
    "basis_text": ("公开依据", "legal basis (text)"),
    "bases": ("依据文件（JSON）", "basis documents (JSON)"),
    "time_limit_text": ("公开时限（原文）", "time limit as worded"),
    "time_limit_rule": ("时限规则（JSON，可计算）", "computable time-limit rule (JSON)"),
    "time_limit_description": ("时限规则（文字）", "time-limit rule in words"),
    "subject_text": ("公开主体", "responsible subject"),
    "subject_kinds": ("主体单位类型", "unit kinds of the subject"),
    "channels": (
        "公开渠道和载体（JSON，required=必选）",
        "channels and carriers (JSON; required or optional)",
    ),
    "channels_text": ("公开渠道和载体（■必选 □可选）", "channels (■ required, □ optional)"),
    "audience": ("公开对象", "audience"),
    "mode": ("公开方式（主动/依申请）", "mode (proactive / on request)"),
    "tiers": ("公开层级（district/street/community）", "tiers (district / street / community)"),
    "tier_labels": ("公开层级（文字）", "tiers in words"),
    "five_public": ("五公开（decision/execution/management/service/result）", "the five-public category"),
    "five_public_label": ("五公开（文字）", "five-public category in words"),
    "form": ("公开形式", "form"),
    "duration": ("公开时长", "how long it stays public"),
    "responsible_office": ("责任科室", "responsible office"),
    "is_negative": ("负面清单（不予公开）", "on the negative list (not disclosed)"),
    "negative_ground": ("不予公开的法律依据", "legal ground for not disclosing"),
    "short_name": ("简称", "short name"),
    "kind": ("类型", "kind"),
    "kind_label": ("类型（文字）", "kind in words"),
    "tier": ("层级", "tier"),
    "tier_label": ("层级（文字）", "tier in words"),
    "phone": ("办公电话", "office phone"),
    "address": ("地址", "address"),
    "office_hours": ("办公时间", "office hours"),
    "opening_hours": ("开放时间", "opening hours"),
    "latitude": ("纬度", "latitude"),
    "longitude": ("经度", "longitude"),
    "bilingual": (
        "双语窗口（bo 藏汉、ii 彝汉，空为无）",
        "bilingual window (bo Tibetan–Chinese, ii Yi–Chinese, empty: none)",
    ),
    "id": ("编号", "id"),
    "unit_code": ("单位代码", "unit code"),
    "unit_name": ("单位名称", "unit name"),
    "index_number": ("索引号", "index number"),
    "title": ("标题", "title"),
    "doc_number": ("文号", "document number"),
    "formed_on": ("信息形成（变更）日期", "date formed or changed"),
    "validity": ("有效性（valid/invalid/repealed）", "validity"),
    "validity_label": ("有效性（文字）", "validity in words"),
    "status": ("状态", "status"),
    "status_label": ("状态（文字）", "status in words"),
    "publish_at": ("定时发布时间", "scheduled publication time"),
    "published_at": ("发布时间", "publication time"),
    "interprets": ("解读的文件编号", "id of the document this interprets"),
    "superseded_by": ("替代为（编号）", "superseded by (id)"),
    "combined": ("合并公开（一份文件同时回应多个事项）", "combined (one document answering several items)"),
    "body": ("正文（HTML）", "body (HTML)"),
    "obligations": (
        "履行的公开义务（JSON：单位、事项、应公开日期、是否按时）",
        "obligations fulfilled (JSON: unit, item, due date, on time)",
    ),
    "attachments": ("附件（JSON：名称、大小、类型、链接）", "attachments (JSON: name, size, type, link)"),
}


#: Records read and serialised at a time: the dump holds one chunk (and its prefetched relations) in memory,
#: whatever the size of the district.
CHUNK_SIZE = 1000


def _sources() -> dict[str, tuple[type, QuerySet]]:
    return {
        "fields": (DomainSerializer, public_domains()),
        "catalog_items": (
            PublishedItemSerializer,
            public_items().select_related("edition").order_by("position"),
        ),
        "units": (UnitSerializer, organizations.public_units()),
        "service_points": (ServicePointSerializer, organizations.public_service_points()),
        "publications": (
            PublicationSerializer,
            publishing.public_publications_with_related(),
        ),
    }


def _rows(serializer_class, queryset: QuerySet, chunk_size: int) -> Iterator[dict]:
    """The serialised rows, read ``chunk_size`` at a time through ``.iterator()`` (a server-side cursor on
    PostgreSQL; the queryset's prefetches run once per chunk) and serialised a chunk at a time."""
    if serializer_class is PublicationSerializer:  # tests/opendata hold these rows equal to the serializer's
        yield from _publication_rows(queryset, chunk_size)
        return
    for chunk in chunked(queryset.iterator(chunk_size=chunk_size), chunk_size):
        for row in serializer_class(chunk, many=True).data:
            yield dict(row)


# -- publications: the API list's plain rows (the dump's bulk of the time) ----------------------------------
def _publication_rows(queryset: QuerySet, chunk_size: int) -> Iterator[dict]:
    """What ``PublicationSerializer`` gives for each record, built like the API list's page: per chunk one
    read of the records (``values``), one of their fulfilments and one of their attachments."""
    plain = queryset.prefetch_related(None).select_related(None)
    rows = plain.values(*SERIALIZED_COLUMNS).iterator(chunk_size=chunk_size)
    for chunk in chunked(rows, chunk_size):
        yield from publication_rows(chunk)


def _datasets(chunk_size: int | None = None) -> dict[str, tuple[list[str], Iterator[dict]]]:
    """Each dataset's header and its rows as a lazy iterator (nothing is read before it is consumed)."""
    size = chunk_size or CHUNK_SIZE
    return {
        stem: (list(serializer_class.Meta.fields), _rows(serializer_class, queryset, size))
        for stem, (serializer_class, queryset) in _sources().items()
    }


def readme(meta: dict, headers: dict[str, list[str]]) -> str:
    lines = [
        f"# {settings.PORTAL_SITE_NAME} · 开放数据 / Open data",
        "",
        f"生成时间 / Generated at: {meta['generated_at']}",
        f"现行目录版次 / Catalog edition in force: {meta['edition'] or '—'}",
        "",
        "每个数据集同时提供 CSV（UTF-8，带 BOM，Excel 可直接打开）和 JSON 两种格式。",
        "Each dataset comes as CSV (UTF-8 with BOM) and JSON. In CSV, lists are joined with “；”, nested",
        "records are JSON, and a cell that would start with = + - @ is prefixed with ' (no formulas).",
        "",
        "数据中不含任何个人信息（起草人、审核人、申请人等）。 No personal data is included.",
        "",
        "同样的数据可通过接口实时获取 / The same data is live at `/api/v1/` (OpenAPI: `/api/schema/`).",
        "",
    ]
    for stem, zh, en, desc_zh, desc_en in DATASETS:
        lines += [
            f"## {stem}.csv / {stem}.json — {zh} / {en}",
            "",
            f"{desc_zh}。{desc_en}. 记录数 / Records: {meta['counts'][stem]}",
            "",
            "| 字段 field | 中文说明 | English |",
            "|---|---|---|",
        ]
        for name in headers[stem]:
            zh_doc, en_doc = FIELD_DOCS.get(name, ("", ""))
            lines.append(f"| `{name}` | {zh_doc} | {en_doc} |")
        lines.append("")
    return "\n".join(lines)


def _json_items(rows: Iterable[dict], out, counter: list[int]) -> Iterator[dict]:
    """Pass ``rows`` through, writing each to ``out`` as an element of a JSON array: byte for byte what
    ``json.dumps(list(rows), ensure_ascii=False, indent=1, default=str)`` gives, one row at a time."""
    out.write("[")
    for row in rows:
        text = json.dumps(row, ensure_ascii=False, indent=1, default=str)
        out.write(",\n " if counter[0] else "\n ")
        out.write(text.replace("\n", "\n "))  # one level deeper (JSON strings hold no raw newline)
        counter[0] += 1
        yield row
    out.write("\n]" if counter[0] else "]")


def _write_dataset(header: list[str], rows: Iterable[dict], csv_path: Path, json_path: Path) -> int:
    """Stream one dataset to its CSV and JSON files as the rows come; returns how many rows."""
    counter = [0]
    with (
        open(csv_path, "w", encoding="utf-8", newline="") as csv_file,
        open(json_path, "w", encoding="utf-8") as json_file,
    ):
        csv_file.write("\ufeff")
        write_csv(_json_items(rows, json_file, counter), csv_file, header)
    return counter[0]


def _add_file(archive: zipfile.ZipFile, name: str, path: Path) -> None:
    """Copy a file into the archive in blocks (as ``writestr`` would store it: deflated, dated now)."""
    info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    info.file_size = path.stat().st_size
    with open(path, "rb") as source, archive.open(info, "w") as sink:
        shutil.copyfileobj(source, sink, 1 << 20)


@dataclass(frozen=True)
class DumpResult:
    path: Path
    size: int
    counts: dict[str, int]


def dump_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "opendata"


def latest_path() -> Path:
    return dump_dir() / "latest.zip"


def write_dump(target: Path | None = None, *, chunk_size: int | None = None) -> DumpResult:
    """Build the zip in a temporary file beside the target, then rename it over the target (atomic).

    Bounded memory: each dataset is read a chunk at a time and streamed to its CSV and JSON files (in a
    scratch directory beside the target), then the files are copied into the zip in blocks — the README, which
    gives the record counts, comes first, as before.
    """
    target = Path(target) if target else latest_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    edition = current_edition()
    meta = {
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "edition": edition.number if edition else None,
        "counts": {},
    }
    fd, tmp_name = tempfile.mkstemp(prefix=".latest-", suffix=".zip.tmp", dir=target.parent)
    try:
        with (
            os.fdopen(fd, "wb") as handle,
            tempfile.TemporaryDirectory(prefix=".dump-", dir=target.parent) as scratch,
        ):
            headers = {}
            for stem, (header, rows) in _datasets(chunk_size).items():
                headers[stem] = header
                files = Path(scratch) / f"{stem}.csv", Path(scratch) / f"{stem}.json"
                meta["counts"][stem] = _write_dataset(header, rows, *files)
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("README.md", readme(meta, headers))
                archive.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
                for stem in headers:
                    for suffix in ("csv", "json"):
                        _add_file(archive, f"{stem}.{suffix}", Path(scratch) / f"{stem}.{suffix}")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return DumpResult(target, target.stat().st_size, meta["counts"])
