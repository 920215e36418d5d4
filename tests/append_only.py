"""The one check that an event-log row is append-only (core.models.AppendOnlyModel)."""

import pytest
from django.core.exceptions import ValidationError


def assert_append_only(row, record_name: str, **change) -> None:
    """``row`` (saved) refuses a change (``change``: field=value, set before saving) and a delete, with the
    refusals naming ``record_name``; the stored row keeps its values."""
    stored = {field: getattr(row, field) for field in change}
    for field, value in change.items():
        setattr(row, field, value)
    with pytest.raises(ValidationError, match=f"{record_name}只能追加"):
        row.save()
    with pytest.raises(ValidationError, match=f"{record_name}不能删除"):
        row.delete()
    fresh = type(row).objects.get(pk=row.pk)
    assert {field: getattr(fresh, field) for field in change} == stored
