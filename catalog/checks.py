"""The rules every catalog item obeys, in one place: the model's ``clean()`` (so the admin form), the
services and the importer all ask :func:`item_problems`, so the same bad item is refused everywhere with the
same message."""

from __future__ import annotations

from django.utils.translation import gettext as _

MAX_NAME = 200
MAX_ELEMENT = 500

#: Which part of an item a problem is about (a model field, or "tiers" for the three tier ticks).
TIERS = "tiers"


def item_problems(
    *,
    name: str,
    is_negative: bool,
    negative_ground: str,
    mode_proactive: bool,
    tiers: bool,
    has_children: bool = False,
    heading: bool = False,
    elements: list[str] = (),
) -> list[tuple[str, str]]:
    """[(field, message)] for an item: empty when it is fine. A heading (an item that only names a group of
    sub-items: no content, time limit, subject, basis or channel of its own) and an item with sub-items need
    no tier of their own."""
    problems: list[tuple[str, str]] = []
    if not name.strip():
        problems.append(("name", _("事项名称不能为空")))
    elif len(name) > MAX_NAME:
        problems.append(
            ("name", _("事项名称过长（%(n)d字，上限%(max)d字）") % {"n": len(name), "max": MAX_NAME})
        )
    if is_negative and not negative_ground.strip():
        problems.append(("negative_ground", _("负面清单事项须写明不予公开的法律依据")))
    if is_negative and mode_proactive:
        problems.append(("mode_proactive", _("负面清单事项不予公开，不能勾选「主动」公开")))
    if not is_negative and not tiers and not has_children and not heading:
        problems.append((TIERS, _("公开层级至少勾选一项")))
    for element in elements:
        if len(element) > MAX_ELEMENT:
            message = _("公开要素过长（%(n)d字，上限%(max)d字）：%(start)s…") % {
                "n": len(element),
                "max": MAX_ELEMENT,
                "start": element[:20],
            }
            problems.append(("elements", message))
    return problems
