"""The API's common parts: pagination, authentication, the read-only base viewset every app's api.py uses."""

from __future__ import annotations

import functools

from django.db import transaction
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from .auth import ApiTokenAuthentication
from .renderers import CSVRenderer


class Pagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most 500); the totals also go in headers, for CSV clients."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response["X-Total-Count"] = str(self.page.paginator.count)
        links = []
        if self.get_next_link():
            links.append(f'<{self.get_next_link()}>; rel="next"')
        if self.get_previous_link():
            links.append(f'<{self.get_previous_link()}>; rel="prev"')
        if links:
            response["Link"] = ", ".join(links)
        return response


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


def atomic_view(method):
    """Run a write view in one transaction: any error leaves nothing written."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            return method(*args, **kwargs)

    return wrapper
