"""Filter parts every app's FilterSets share (django-filter)."""

import functools
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request

#: The largest value a database id may take (PostgreSQL bigint); a larger number is refused, not sent.
MAX_ID = 2**63 - 1
YEAR_RANGE = {"min_value": 1900, "max_value": 9999}
ID_RANGE = {"min_value": 1, "max_value": MAX_ID}


class IntegerFilter(django_filters.NumberFilter):  # type: ignore[misc]  # django-filter ships no type hints
    """A whole number within bounds (a year, an id): anything else is a clear 400, never a database error.

    Give the bounds as ``min_value`` / ``max_value`` (``**YEAR_RANGE``, ``**ID_RANGE``).
    """

    field_class = forms.IntegerField


class FilterBackend(DjangoFilterBackend):  # type: ignore[misc]  # django-filter ships no type hints
    """django-filter's backend for the API, which builds no filter form when the request names none of the
    list's filters (the form, its fields and their validation cost more than the page's query). With any of
    them in the query string, the FilterSet runs as usual (a bad value is a 400)."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not (param_names(filterset_class) & request.query_params.keys()):
            return queryset
        filtered: QuerySet[Any] = super().filter_queryset(request, queryset, view)
        return filtered


@functools.cache
def param_names(filterset_class: Any) -> frozenset[str]:
    """The query parameters a FilterSet reads: each filter's name, or its widget's suffixed names
    (``formed_on_after`` / ``formed_on_before`` of a range)."""
    names: set[str] = set()

    for name, filter_ in filterset_class.base_filters.items():
        names.add(name)
        suffixes = getattr(filter_.field.widget, "suffixes", ())
        names.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
    return frozenset(names)
