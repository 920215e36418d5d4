"""Public forms run once: identical submissions within a window make one record.

A double click, a retried request or a script sending the same POST five times at once must not file five
FOI requests or five subscriptions. Each public write names its form (``scope``) and the parts of the
submission that make it "the same" (the applicant, the text, the target …); the keyed hash of those parts is
claimed in :class:`core.models.Submission` — a unique column — in the same transaction as the write. The
database decides who is first: on PostgreSQL a second INSERT of the same key waits for the first transaction
and then fails, so the repeat reads the first one's result; on SQLite writes are serialised.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Submission

T = TypeVar("T")


@dataclass(frozen=True)
class Once(Generic[T]):
    """``made`` the first time; for a repeat, ``made`` is None and ``first`` is what the first one recorded."""

    made: T | None
    first: str = ""

    @property
    def repeated(self) -> bool:
        return self.made is None


def fingerprint(scope: str, parts: Iterable[object]) -> str:
    text = json.dumps([scope, *[str(p) for p in parts]], ensure_ascii=False)
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def _pk(made: Any) -> str:
    return str(made.pk)


def once(
    scope: str,
    parts: Iterable[object],
    *,
    window: int,
    action: Callable[[], T],
    ref: Callable[[T], str] = _pk,
) -> Once[T]:
    """Run ``action`` unless the same submission (``scope`` and ``parts``) ran in the last ``window`` seconds.

    The claim and the action share one transaction: an action that fails (a validation error, a limit)
    leaves no claim, and the next identical submission runs again."""
    key = fingerprint(scope, parts)
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                Submission.objects.create(key=key, scope=scope[:40], created_at=now)
        except IntegrityError:
            first = Submission.objects.filter(key=key).values_list("result", "created_at").first()
            stale = first is None or first[1] < now - timedelta(seconds=window)
            # an old claim is taken over by one submission only (the UPDATE re-checks its condition)
            if not (
                stale
                and Submission.objects.filter(key=key, created_at__lt=now - timedelta(seconds=window)).update(
                    created_at=now, result=""
                )
            ):
                return Once(None, first[0] if first else "")
        made = action()
        Submission.objects.filter(key=key).update(result=str(ref(made))[:100])
        return Once(made)


def forget_before(days: int = 2) -> int:
    """Drop claims older than ``days`` (every window is far shorter); a nightly task."""
    deleted, _ = Submission.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
