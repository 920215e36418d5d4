"""Writes on the office's search dictionary: only the district office; history kept; the index follows."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import permissions as perms

from ..models import SynonymGroup, ZeroResultQuery
from . import synonyms


@transaction.atomic
def save_synonym_group(*, user: User, group: SynonymGroup) -> SynonymGroup:
    """Save one group (at least two words); every worker reloads the dictionary after the commit.
    Documents keep their segmentation until ``rebuild_search_index`` runs (queries use the new words at once)."""
    if not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以维护同义词词典。"))
    if len(group.words) < 2:
        raise ValidationError(_("每组至少两个词，用空格或顿号分隔。"))
    group._change_reason = _("维护同义词")  # type: ignore[attr-defined]  # django-simple-history's, untyped
    group.save()
    transaction.on_commit(synonyms.bump)
    return group


@transaction.atomic
def resolve_zero_results(*, user: User, queries: Iterable[ZeroResultQuery]) -> int:
    """Mark zero-result queries as handled (a synonym or content was added)."""
    if not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以处理无结果搜索。"))
    return ZeroResultQuery.objects.filter(pk__in=[q.pk for q in queries]).update(resolved=True)
