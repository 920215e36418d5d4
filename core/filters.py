"""Filter parts every app's FilterSets share (django-filter)."""

import django_filters
from django import forms

#: The largest value a database id may take (PostgreSQL bigint); a larger number is refused, not sent.
MAX_ID = 2**63 - 1
YEAR_RANGE = {"min_value": 1900, "max_value": 9999}
ID_RANGE = {"min_value": 1, "max_value": MAX_ID}


class IntegerFilter(django_filters.NumberFilter):
    """A whole number within bounds (a year, an id): anything else is a clear 400, never a database error.

    Give the bounds as ``min_value`` / ``max_value`` (``**YEAR_RANGE``, ``**ID_RANGE``).
    """

    field_class = forms.IntegerField
