"""Citizens' contacts (好差评 follow-up, 网站纠错) kept only as long as the office sets: once answered longer ago
than ``PersonalDataRetention.contact_days``, the contact is removed; the rating or report itself stays."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from organizations.models import PersonalDataRetention

from .models import Correction, Rating


@transaction.atomic
def remove_expired_contacts(now=None) -> int:
    """Remove the contacts of ratings and corrections answered before the retention period; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=PersonalDataRetention.current().contact_days)
    removed = 0
    for model in (Rating, Correction):
        removed += model.objects.filter(answered_at__lt=cutoff).exclude(contact="").update(contact="")
    return removed
