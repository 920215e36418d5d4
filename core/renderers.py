"""CSV output for every list (``?format=csv``): UTF-8 with a BOM (Excel opens Chinese text right), flat
columns, and no spreadsheet formulas (a cell starting with = + - @ is prefixed with ')."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping

from rest_framework.renderers import BaseRenderer

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection; tab and CR too).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "；"


def safe_cell(value) -> str:
    """One cell as text, defused against formula injection."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, Mapping):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif isinstance(value, list | tuple):
        if all(not isinstance(v, Mapping | list | tuple) for v in value):
            text = LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
        else:
            text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if text.startswith(FORMULA_START):
        text = "'" + text
    return text


def rows_of(data) -> list[Mapping]:
    """The records in a response body: a page's results, a list, or one object."""
    if isinstance(data, Mapping) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        return [data]
    return [{"value": data}]


def header_of(rows: Iterable[Mapping]) -> list[str]:
    header: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for key in row:
            if key not in seen:
                seen.add(key)
                header.append(key)
    return header


def write_csv(rows: list[Mapping], out, header: list[str] | None = None) -> None:
    header = header or header_of(rows)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(row.get(key)) for key in header])


def to_csv(rows: list[Mapping], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    write_csv(rows, out, header)
    return out.getvalue().encode("utf-8")


def csv_lines(rows: Iterable[Mapping], header: list[str], batch: int = 200) -> Iterator[bytes]:
    """The CSV of ``rows`` (any iterable, read lazily) as UTF-8 chunks of ``batch`` rows: BOM and header
    first; for a streamed response (``StreamingHttpResponse``)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for n, row in enumerate(rows, 1):
        writer.writerow([safe_cell(row.get(key)) for key in header])
        if n % batch == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = rows_of(data)
        header = None
        view = (renderer_context or {}).get("view")
        response = (renderer_context or {}).get("response")
        ok = response is None or response.status_code < 400
        if ok and view is not None and hasattr(view, "csv_header"):
            header = view.csv_header()
        return to_csv(rows, header if rows or header else ["detail"])
