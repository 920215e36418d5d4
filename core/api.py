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
from collections.abc import Iterable, Iterator, Mapping

from django.conf import settings
from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db import connections, transaction
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from .auth import ApiTokenAuthentication
from .chunks import chunked
from .renderers import CSVRenderer, csv_lines

#: Lists count exactly up to this many rows; past it the count is the planner's estimate.
COUNT_LIMIT = 1_000
#: Past an estimated count, pages reach this many rows deep (an OFFSET is read, not jumped); filters or the
#: open-data dump reach the rest.
MAX_OFFSET = 100_000
#: A CSV export may ask for pages this large (``?format=csv&page_size=``); it is streamed in chunks.
CSV_MAX_PAGE_SIZE = 10_000
CSV_CHUNK = 500
CSV_TYPE = "text/csv; charset=utf-8"
#: The URL name of the open-data dump a CSV export points to (config/api_urls.py).
DUMP_URL_NAME = "opendata-latest"


def count_limit() -> int:
    return int(getattr(settings, "API_COUNT_LIMIT", COUNT_LIMIT))


def estimated_count(queryset: QuerySet) -> int | None:
    """The planner's row estimate for ``queryset`` (PostgreSQL's EXPLAIN: no row is read), else None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class BoundedPage(Page):
    """A page that knows whether another follows from the row read past its end."""

    more = False

    def has_next(self):
        return self.more


class BoundedPaginator(Paginator):
    """Django's paginator with a count that does not scan a large table: exact up to :func:`count_limit`,
    then the planner's estimate (``exact`` is False). A page reads ``per_page + 1`` rows, so "next" is exact
    either way; past an estimated count, a page number is valid while it has rows.

    A queryset with a ``count_source`` attribute (the rows before ``.values()`` added the joins of the shown
    columns) is counted through it."""

    exact = True

    @cached_property
    def count(self):
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return len(rows)
        limit = count_limit()
        bare = getattr(rows, "count_source", rows).order_by().values("pk")
        found = bare[: limit + 1].count()
        if found <= limit:
            return found
        self.exact = False
        return max(limit + 1, estimated_count(bare) or 0)

    def validate_number(self, number):
        if self.count is not None and self.exact:  # the count decides ``exact``
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("页码不是整数")) from None
        if number < 1:
            raise EmptyPage(_("页码小于 1"))
        if (number - 1) * self.per_page >= MAX_OFFSET:
            raise EmptyPage(_("页码过大：请用筛选条件（年份、日期、单位等）缩小范围，或下载开放数据包。"))
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("该页没有结果"))
        page = BoundedPage(rows[: self.per_page], number, self)
        page.more = len(rows) > self.per_page
        return page


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
    filter_backends = [DjangoFilterBackend, filters.SearchFilter, filters.OrderingFilter]


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
        """The page as CSV, read from the database in chunks (a server-side cursor on PostgreSQL); a page
        larger than the JSON maximum (500) is streamed, written as it is read: memory stays bounded whatever
        ``page_size``."""
        pagination = CSVPagination()
        size = pagination.get_page_size(self.request)
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
        if size > Pagination.max_page_size:  # a large export: written while it is read
            response = StreamingHttpResponse(lines, content_type=CSV_TYPE)
        else:
            response = HttpResponse(b"".join(lines), content_type=CSV_TYPE)
        headers = pagination.headers()
        headers["Link"] = ", ".join(filter(None, (headers.get("Link"), self._dump_link())))
        for name, value in headers.items():
            response[name] = value
        return response

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
    """The list rows of a flat ``ModelSerializer`` (fields of the model, dotted sources such as
    ``unit.code``, ``get_<field>_display``) from ``.values()``: the serializer's own field objects format each
    value, so a row equals what the serializer gives for one object, without a model instance per row.

    ``columns`` are the ``.values()`` lookups; ``rows(values)`` builds the output rows."""

    def __init__(self, serializer_class):
        self.serializer_class = serializer_class

    @cached_property
    def _plan(self) -> list[tuple[str, str, object, str | None]]:
        """(output name, values lookup, field, choices field name or None) for each field."""
        serializer = self.serializer_class()
        model = serializer.Meta.model
        plan = []
        for name, field in serializer.fields.items():
            source = field.source
            if source.startswith("get_") and source.endswith("_display"):
                plan.append((name, source[4:-8], field, source[4:-8]))
            elif source == "*" or "(" in source:
                raise TypeError(f"{self.serializer_class.__name__}.{name}: not a column ({source})")
            else:
                plan.append((name, source.replace(".", "__"), field, None))
        self.model = model
        return plan

    @property
    def columns(self) -> list[str]:
        return list(dict.fromkeys(lookup for _name, lookup, _field, _choices in self._plan))

    def rows(self, values: Iterable[dict]) -> list[dict]:
        plan = self._plan
        labels = {
            choices: display(self.model._meta.get_field(choices).choices or ())
            for _name, _lookup, _field, choices in plan
            if choices
        }
        out = []
        for row in values:
            item = {}
            for name, lookup, field, choices in plan:
                value = row[lookup]
                if choices:
                    item[name] = labels[choices].get(value, value)
                else:
                    item[name] = None if value is None else field.to_representation(value)
            out.append(item)
        return out


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
