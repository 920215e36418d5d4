"""The portal search's source of published 互动交流 answers (``settings.PORTAL_SEARCH_SOURCES`` names this module;
see portal/search/documents.py). Only messages answered and published with the asker's consent; the text is
scrubbed of the asker's name, phone and e-mail and of any ID number, phone number or e-mail address
(:func:`interaction.selectors.scrub`), and no personal field is ever a document field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time

from django.utils import timezone

from . import selectors, services

KIND = "message"
changed = services.public_messages_changed


def documents(keys: list[str] | None = None) -> Iterator[dict]:
    ids = None if keys is None else [int(k) for k in keys if str(k).isdigit()]
    for m in selectors.public_messages(ids):
        yield {
            "key": str(m.pk),
            "url": m.url,
            "title": m.subject,
            "items": ["互动交流", m.kind],
            "body": f"{m.body} 答复：{m.answer}",
            "unit_code": m.unit_code,
            "unit_name": m.unit_name,
            "tiers": [m.unit_tier],
            "year": m.answered_on.year,
            "date": timezone.make_aware(datetime.combine(m.answered_on, time(9))),
        }
