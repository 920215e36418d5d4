"""What the importer remembers: the office's saved layouts (:class:`catalog.models.ImportLayout`), read.

:func:`find_layout` answers the parser's question "has the office confirmed a mapping for this header?" by
the header's :func:`~catalog.importer.mapping.signature`; the most recently confirmed active layout wins.
The writes (save, edit, retire, the review list) are in :mod:`catalog.importer.services`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import ImportLayout


def who(user) -> str:
    """A person's name as the office knows it (never the login name)."""
    if user is None:
        return _("命令行")
    return (user.get_full_name() or "").strip() or _("（未填写姓名）")


def find_layout(signature: str) -> tuple[str, dict, str] | None:
    """(name, mapping, who confirmed it and when) of the active layout saved for this header, or None."""
    layout = (
        ImportLayout.objects.filter(signature=signature, is_active=True)
        .select_related("confirmed_by")
        .order_by("-confirmed_at", "-id")
        .first()
    )
    if layout is None:
        return None
    when = layout.confirmed_at.strftime("%Y-%m-%d") if layout.confirmed_at else ""
    return layout.title, layout.mapping or {}, f"{who(layout.confirmed_by)} {when}".strip()


def layout_named(name: str) -> ImportLayout | None:
    """An active layout by its name (``--layout NAME``)."""
    return ImportLayout.objects.filter(title=name.strip(), is_active=True).first()
