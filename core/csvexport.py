"""A CSV download with a UTF-8 BOM (Excel opens Chinese text right) and a Chinese file name (RFC 5987)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """``rows``: an iterable of lists; ``filename`` may be Chinese (an ASCII fallback is derived)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    fallback = "".join(c for c in filename if c.isascii() and (c.isalnum() or c in "-_.")) or "export.csv"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
