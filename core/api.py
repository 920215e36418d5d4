"""The API's common parts: pagination, authentication, the read-only base viewset every app's api.py uses.

Lists stay bounded whatever the data size (issue 17):

* :class:`Pagination` counts exactly up to ``API_COUNT_LIMIT`` rows (1,000) and past that reports
  PostgreSQL's estimate with ``"count_exact": false`` (header ``X-Total-Count-Exact: false``); whether there is
  a next page is known from the page itself (one row more is read), never from the count.
* :class:`RowListMixin` builds a list from plain rows (``QuerySet.values()``: only the columns it shows, the
  related rows of the whole page in one query each) instead of a serializer per object, and streams CSV.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterable, Iterator, Mapping
from operator import itemgetter
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db import connections, transaction
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import filters, serializers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.fields import empty
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from .auth import ApiTokenAuthentication
from .chunks import chunked
from .filters import FilterBackend
from .renderers import CSVRenderer, csv_lines

#: Lists count exactly up to this many rows; past it the count is the planner's estimate.
COUNT_LIMIT = 1_000
#: Past an estimated count, pages reach this many rows deep (an OFFSET is read, not jumped); filters or the
#: open-data dump reach the rest.
MAX_OFFSET = 100_000
#: The column the page's count rides in (see :class:`BoundedPaginator`).
PAGE_TOTAL = "api_page_total"
#: A CSV export may ask for pages this large (``?format=csv&page_size=``); it is streamed in chunks.
CSV_MAX_PAGE_SIZE = 10_000
CSV_CHUNK = 500
CSV_TYPE = "text/csv; charset=utf-8"
#: The URL name of the open-data dump a CSV export points to (config/api_urls.py).
DUMP_URL_NAME = "opendata-latest"


def count_limit() -> int:
    return int(getattr(settings, "API_COUNT_LIMIT", COUNT_LIMIT))


#: Planner estimates are kept this long per process (an estimate does not need to be fresher).
ESTIMATE_SECONDS = 60
_estimates: dict[str, tuple[float, int]] = {}


def estimated_count(queryset: QuerySet) -> int | None:
    """The planner's row estimate for ``queryset`` (PostgreSQL's EXPLAIN: no row is read), else None; kept
    :data:`ESTIMATE_SECONDS` per process."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return 0
    key, now = f"{queryset.db}:{sql}:{params!r}", time.monotonic()
    kept = _estimates.get(key)
    if kept and kept[0] > now:
        return kept[1]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    if len(_estimates) >= 512:
        _estimates.clear()
    _estimates[key] = (now + ESTIMATE_SECONDS, int(plan[0]["Plan"]["Plan Rows"]))
    return _estimates[key][1]


class BoundedPage(Page):
    """A page that knows whether another follows from the row read past its end."""

    more = False

    def has_next(self):
        return self.more


class BoundedPaginator(Paginator):
    """Django's paginator with a count that does not scan a large table: exact up to :func:`count_limit`,
    then the planner's estimate (``exact`` is False). A page reads ``per_page + 1`` rows, so "next" is exact
    either way; past an estimated count, a page number is valid while it has rows.

    The count rides in the page's own query (a scalar subquery the database runs once): one round trip for
    the page and its count; a separate count runs only for an empty page past the first, or a queryset that
    cannot carry it (union, GROUP BY). A ``.values()`` queryset with a ``count_source`` attribute (the rows
    before ``.values()`` added the joins of the shown columns; see :class:`RowListMixin`) is counted through
    it."""

    exact = True

    def _bare(self) -> QuerySet:
        return getattr(self.object_list, "count_source", self.object_list).order_by().values("pk")

    def _resolve(self, found: int) -> int:
        """The count to show from a count taken up to the limit (+1)."""
        limit = count_limit()
        if found <= limit:
            return found
        self.exact = False
        return max(limit + 1, estimated_count(self._bare()) or 0)

    @cached_property
    def count(self):
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        return self._resolve(self._bare()[: count_limit() + 1].count())

    def validate_number(self, number):
        if self.count is not None and self.exact:  # the count decides ``exact``
            return super().validate_number(number)
        return self._checked(number)

    def _checked(self, number) -> int:
        """A page number that is a whole number from 1, at most :data:`MAX_OFFSET` rows deep."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("页码不是整数")) from None
        if number < 1:
            raise EmptyPage(_("页码小于 1"))
        if (number - 1) * self.per_page >= MAX_OFFSET:
            raise EmptyPage(_("页码过大：请用筛选条件（年份、日期、单位等）缩小范围，或下载开放数据包。"))
        return number

    def _can_count_inside(self) -> bool:
        rows = self.object_list
        if "count" in self.__dict__ or not isinstance(rows, QuerySet):
            return False
        query = rows.query
        return not (query.combinator or query.group_by or query.distinct_fields or query.is_sliced)

    def page(self, number):
        counted_inside = self._can_count_inside()
        number = self._checked(number) if counted_inside else self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if counted_inside:
            rows = self._rows_with_count(bottom)
        else:
            rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("该页没有结果"))
        page = BoundedPage(rows[: self.per_page], number, self)
        page.more = len(rows) > self.per_page
        return page

    def _rows_with_count(self, bottom: int) -> list:
        try:
            sql, params = self._bare()[: count_limit() + 1].query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (``pk__in=[]``)
            self.count = 0
            return []
        total = RawSQL(f"SELECT COUNT(*) FROM ({sql}) AS counted", params, output_field=IntegerField())
        rows = list(self.object_list.annotate(**{PAGE_TOTAL: total})[bottom : bottom + self.per_page + 1])
        for row in rows:
            found = row.pop(PAGE_TOTAL) if isinstance(row, dict) else getattr(row, PAGE_TOTAL)
        if rows:
            self.count = self._resolve(found)
        elif bottom == 0:
            self.count = 0  # the first page is empty: there is nothing
        return rows


class Pagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most 500); the totals also go in headers, for CSV clients.

    ``count`` is exact up to 1,000 rows and PostgreSQL's estimate beyond (``count_exact`` says which)."""

    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = BoundedPaginator
    invalid_page_message = gettext_lazy("无效页面：{message}")

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_exact"] = self.page.paginator.exact
        for name, value in self.headers().items():
            response[name] = value
        return response

    def headers(self) -> dict[str, str]:
        """``X-Total-Count``, ``X-Total-Count-Exact`` and the ``Link`` of the next and previous pages."""
        out = {
            "X-Total-Count": str(self.page.paginator.count),
            "X-Total-Count-Exact": "true" if self.page.paginator.exact else "false",
        }
        links = []
        if self.get_next_link():
            links.append(f'<{self.get_next_link()}>; rel="next"')
        if self.get_previous_link():
            links.append(f'<{self.get_previous_link()}>; rel="prev"')
        if links:
            out["Link"] = ", ".join(links)
        return out

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "count 是否精确：超过 1000 条时为 false，count 为数据库估算值",
        }
        return response


class CSVPagination(Pagination):
    """The pages of a CSV export: up to :data:`CSV_MAX_PAGE_SIZE` rows, streamed."""

    max_page_size = CSV_MAX_PAGE_SIZE


RENDERERS = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]


#: Tokens for a unit's systems; the session for officers trying the API in the browser (CSRF-checked).
AUTHENTICATION = [ApiTokenAuthentication, SessionAuthentication]


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A public, read-only list and detail with filters (``filterset_class``), ``?search=``, ``?ordering=``,
    pagination, and JSON / CSV output."""

    authentication_classes = AUTHENTICATION
    renderer_classes = RENDERERS
    pagination_class = Pagination
    filter_backends = [FilterBackend, filters.SearchFilter, filters.OrderingFilter]
    #: Orderings no index serves: figures computed for every row (correlated subqueries) or columns sorted
    #: out of every row. They are allowed on a filtered list of at most :func:`count_limit` rows, so an
    #: anonymous request never sorts a whole table (obligations by published count: 1.7 s at 20,000 rows,
    #: minutes at 2 million; publications by title: 0.3 s at 200,000).
    unindexed_ordering_fields: tuple[str, ...] = ()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        asked = {
            term.strip().lstrip("-")
            for term in self.request.query_params.get(filters.OrderingFilter.ordering_param, "").split(",")
        }
        computed = [f for f in self.unindexed_ordering_fields if f in asked]
        if computed:
            limit = count_limit()
            if queryset.order_by().values("pk")[: limit + 1].count() > limit:
                raise ValidationError(
                    {
                        filters.OrderingFilter.ordering_param: [
                            _(
                                "按 %(fields)s 排序须先用筛选条件把结果缩小到 %(limit)s 条以内（例如按单位、领域或状态筛选）。"
                            )
                            % {"fields": "、".join(computed), "limit": limit}
                        ]
                    }
                )
        return queryset

    def for_schema(self) -> QuerySet | None:
        """While drf-spectacular builds the schema (``swagger_fake_view``), an empty queryset of the
        serializer's model, so the schema (and ``check --deploy`` on a database not yet migrated) never
        reads a table; otherwise ``None``. A ``get_queryset`` that queries returns this first when set."""
        if getattr(self, "swagger_fake_view", False):
            return self.get_serializer_class().Meta.model.objects.none()
        return None


class RowListMixin:
    """``list`` from plain rows: the viewset gives ``list_values(queryset)`` (the filtered, ordered queryset
    as ``.values()`` of the columns it shows) and ``list_rows(rows)`` (a page's rows as the API shows them,
    with at most a fixed number of queries for the whole page). The detail view keeps the serializer, and the
    two agree (tests compare them).

    ``?format=csv`` gives the page as CSV, read in chunks of 500 rows, with ``page_size`` up to 10,000 (a page
    over 500 rows is streamed); its ``Link`` header also points to the open-data dump, which holds
    everything."""

    def list_values(self, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def list_rows(self, rows: list[dict]) -> list[dict]:
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        filtered = self.filter_queryset(self.get_queryset())
        queryset = self.list_values(filtered)
        queryset.count_source = filtered  # counted without the joins of the shown columns
        if getattr(request.accepted_renderer, "format", None) == "csv":
            return self.stream_csv(queryset)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.list_rows(page))

    def stream_csv(self, queryset: QuerySet) -> HttpResponse | StreamingHttpResponse:
        """The page as CSV. A page up to the JSON maximum (500 rows) is read like the JSON page (its count in
        the same query); a larger one is read in chunks through a server-side cursor on PostgreSQL and
        streamed, written as it is read: memory stays bounded whatever ``page_size``."""
        pagination = CSVPagination()
        size = pagination.get_page_size(self.request)
        if size <= Pagination.max_page_size:
            rows = self.paginate_queryset(queryset)
            response = HttpResponse(
                b"".join(csv_lines(self.list_rows(rows), self.csv_header())), content_type=CSV_TYPE
            )
            headers = self.paginator.headers()
        else:
            response, headers = self._streamed(queryset, pagination, size)
        headers["Link"] = ", ".join(filter(None, (headers.get("Link"), self._dump_link())))
        for name, value in headers.items():
            response[name] = value
        return response

    def _streamed(self, queryset: QuerySet, pagination: Pagination, size: int):
        paginator = BoundedPaginator(queryset, size)
        try:
            number = paginator.validate_number(pagination.get_page_number(self.request, paginator))
            bottom = (number - 1) * size
            if number > 1 and not paginator.exact and not queryset[bottom : bottom + 1].exists():
                raise EmptyPage(_("该页没有结果"))
        except InvalidPage as exc:
            raise NotFound(pagination.invalid_page_message.format(message=exc)) from exc
        pagination.request = self.request
        pagination.page = BoundedPage([], number, paginator)
        pagination.page.more = queryset[bottom + size : bottom + size + 1].exists()
        rows = queryset[bottom : bottom + size].iterator(chunk_size=CSV_CHUNK)
        lines = csv_lines(self._csv_rows(rows), self.csv_header())
        return StreamingHttpResponse(lines, content_type=CSV_TYPE), pagination.headers()

    def _dump_link(self) -> str:
        """The open-data dump (every public record), when the site serves one."""
        try:
            return f'<{self.request.build_absolute_uri(reverse(DUMP_URL_NAME))}>; rel="alternate"'
        except NoReverseMatch:
            return ""

    def _csv_rows(self, rows: Iterable[dict]) -> Iterator[Mapping]:
        for chunk in chunked(rows, CSV_CHUNK):
            yield from self.list_rows(chunk)


class SerializerRows:
    """The list rows of a ``ModelSerializer`` from ``.values()``: the serializer's own field objects format each
    value, so a row equals what the serializer gives for one object, without a model instance per row.

    A field may read a column (``code``), a related column (``unit.code``), a choice label
    (``get_<field>_display``), a key of a JSON column (``data.elements``, the field's default when missing,
    nested serializers included) or be a ``SerializerMethodField``: its method gets a plain object carrying
    the row's columns (name the columns it reads in ``method_columns``).

    ``columns`` are the ``.values()`` lookups; ``rows(values)`` builds the output rows."""

    def __init__(self, serializer_class, method_columns: tuple[str, ...] = ()):
        self.serializer_class = serializer_class
        self.method_columns = method_columns

    @cached_property
    def _plan(self) -> list[tuple[str, str, str | None, tuple, object]]:
        """(output name, kind, values lookup, JSON path, field or method) for each field."""
        serializer = self.serializer_class()
        self.model = model = serializer.Meta.model
        json_columns = {f.name for f in model._meta.concrete_fields if f.get_internal_type() == "JSONField"}
        plan = []
        for name, field in serializer.fields.items():
            source = field.source
            head, *path = source.split(".")
            if isinstance(field, serializers.SerializerMethodField):
                plan.append((name, "method", None, (), getattr(serializer, field.method_name)))
            elif source.startswith("get_") and source.endswith("_display"):
                plan.append((name, "choices", source[4:-8], (), field))
            elif head in json_columns and path:
                plan.append((name, "json", head, tuple(path), field))
            elif source == "*" or "(" in source:
                raise TypeError(f"{self.serializer_class.__name__}.{name}: not a column ({source})")
            else:
                plan.append((name, "column", source.replace(".", "__"), (), field))
        return plan

    @property
    def columns(self) -> list[str]:
        lookups = [lookup for _name, _kind, lookup, _path, _field in self._plan if lookup]
        return list(dict.fromkeys([*lookups, *self.method_columns]))

    def rows(self, values: Iterable[dict]) -> list[dict]:
        labels = {
            lookup: display(self.model._meta.get_field(lookup).choices or ())
            for _name, kind, lookup, _path, _field in self._plan
            if kind == "choices"
        }
        cells = [
            (name, self._reader(kind, lookup, path, field, labels))
            for name, kind, lookup, path, field in self._plan
        ]
        return [{name: read(row) for name, read in cells} for row in values]

    def _reader(self, kind, lookup, path, field, labels):
        """A function of the row giving one cell (a plain column whose value is already what the API shows:
        read as it is)."""
        if kind == "column" and self._plain(lookup, field):
            return itemgetter(lookup)
        if kind == "column":
            return lambda row: None if row[lookup] is None else field.to_representation(row[lookup])
        if kind == "choices":
            return lambda row: labels[lookup].get(row[lookup], row[lookup])
        if kind == "method":
            return lambda row: field(SimpleNamespace(**row))
        return lambda row: self._json_cell(row[lookup], path, field)

    def _plain(self, lookup: str, field) -> bool:
        model, *parts = self.model, *lookup.split("__")
        for part in parts[:-1]:
            model = model._meta.get_field(part).related_model
        kind = model._meta.get_field(parts[-1]).get_internal_type()
        return (
            (isinstance(field, serializers.CharField) and kind in ("CharField", "TextField", "SlugField"))
            or (
                type(field) is serializers.IntegerField
                and (kind.endswith("IntegerField") or kind.endswith("AutoField"))
            )
            or (type(field) is serializers.BooleanField and kind == "BooleanField")
        )

    @staticmethod
    def _json_cell(value, path, field):
        for key in path:
            value = value.get(key, _MISSING) if isinstance(value, dict) else _MISSING
        if value is _MISSING:
            if field.default is empty:
                return None
            value = field.get_default()
        return None if value is None else field.to_representation(value)


_MISSING = object()


def display(choices: Iterable[tuple]) -> dict:
    """``{value: label}`` of model choices, the labels translated now (once per request, not per row)."""
    return {value: str(label) for value, label in choices}


def atomic_view(method):
    """Run a write view in one transaction: any error leaves nothing written."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            return method(*args, **kwargs)

    return wrapper
