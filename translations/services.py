"""Writes to translations: the one write path (check permission → change → record → signal).

A translator enters or corrects the text (:func:`save_translation`: 未译 → 待审; a change to a reviewed text sends
it back to 待审, off the public pages); a reviewer who is not the translator approves it (:func:`review_translation`:
待审 → 已审); a reviewed text found wrong is taken back (:func:`return_translation`). Nothing is deleted; every
change leaves a history row with the acting account and a reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions as perms

from .models import AREA, Language, Status, Translation

#: Sent on commit after a translation changed: ``translation``, ``status``, ``user``.
translation_changed = Signal()

TEXT_FIELDS = ("source_text", "title", "body", "translator", "translated_on", "note")


def _require(user: Any, action: str) -> None:
    """The permission check; ``user=None`` is the system actor (demo loader, commands)."""
    if user is not None:
        perms.require(user, action, AREA)


def _record(obj: Translation, user: Any, reason: str) -> None:
    obj._change_reason = (reason or "")[:100]  # type: ignore[attr-defined]
    if user is not None and getattr(user, "pk", None):
        obj._history_user = user  # type: ignore[attr-defined]


def _announce(translation: Translation, user: Any) -> None:
    transaction.on_commit(
        lambda: translation_changed.send(
            sender=Translation, translation=translation, status=translation.status, user=user
        )
    )


def _check_language(language: str) -> None:
    if language not in Language.values:
        raise ValidationError(_("不支持的语种：%(code)s") % {"code": language})


@transaction.atomic
def save_translation(
    *,
    user: Any,
    record: models.Model,
    language: str,
    body: str,
    source_text: str = "",
    title: str = "",
    translator: str = "",
    translated_on: date | None = None,
    note: str = "",
    reason: str = "",
) -> Translation:
    """Enter or correct the ``language`` text of ``record``. With a text it waits for review (待审); without,
    it is 未译. Changing a reviewed text takes it off the public pages until it is reviewed again."""
    _check_language(language)
    _require(user, perms.CHANGE)
    body = (body or "").strip()
    if body and not translator.strip():
        raise ValidationError(_("请填写译者。"))
    key = {
        "content_type": ContentType.objects.get_for_model(record),
        "object_id": str(record.pk),
        "language": language,
    }
    found = Translation.objects.select_for_update().filter(**key).first()
    created = found is None
    translation = Translation(**key) if found is None else found
    values = {
        "source_text": (source_text or "").strip(),
        "title": (title or "").strip(),
        "body": body,
        "translator": translator.strip(),
        "translated_on": (translated_on or timezone.localdate()) if body else None,
        "note": note.strip(),
    }
    changed = created or any(getattr(translation, k) != v for k, v in values.items())
    if not changed:
        return translation
    for name, value in values.items():
        setattr(translation, name, value)
    translation.status = Status.PENDING if body else Status.UNTRANSLATED
    translation.reviewer, translation.reviewed_on = "", None
    translation.full_clean()
    _record(translation, user, reason or _("录入译文"))
    translation.save()
    _announce(translation, user)
    return translation


@transaction.atomic
def review_translation(
    *, user: Any, translation: Translation, reviewer: str, reviewed_on: date | None = None, reason: str = ""
) -> Translation:
    """Approve a waiting translation (待审 → 已审): the reviewer is named and is not the translator."""
    _require(user, perms.REVIEW)
    stored = Translation.objects.select_for_update().get(pk=translation.pk)
    reviewer = (reviewer or "").strip()
    if stored.status != Status.PENDING:
        raise ValidationError(_("只有待审的译文可以审校通过。"))
    if not reviewer:
        raise ValidationError(_("请填写审校人。"))
    if reviewer == stored.translator:
        raise ValidationError(_("审校人不能是译者本人。"))
    stored.status = Status.REVIEWED
    stored.reviewer = reviewer
    stored.reviewed_on = reviewed_on or timezone.localdate()
    _record(stored, user, reason or _("审校通过"))
    stored.save()
    _announce(stored, user)
    return stored


@transaction.atomic
def return_translation(*, user: Any, translation: Translation, reason: str) -> Translation:
    """Take a reviewed translation back (已审 → 待审), e.g. when the Chinese changed or an error was found."""
    _require(user, perms.REVIEW)
    if not (reason or "").strip():
        raise ValidationError(_("请说明退回原因。"))
    stored = Translation.objects.select_for_update().get(pk=translation.pk)
    if stored.status != Status.REVIEWED:
        return stored
    stored.status = Status.PENDING if stored.body else Status.UNTRANSLATED
    stored.reviewer, stored.reviewed_on = "", None
    _record(stored, user, reason)
    stored.save()
    _announce(stored, user)
    return stored
