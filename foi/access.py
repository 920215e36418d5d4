"""The applicant's way in: the tracking code and its password, as people type them.

Both are printed without look-alike characters and in groups (core/codes.py); what is typed is cleaned the same
way (full-width folded, spaces and hyphens removed, upper-cased). Passwords issued before (twelve characters of
URL-safe base64, case-sensitive) and codes with an L still match: the text as typed is tried first.

One answer for every mismatch (a code that does not exist, a wrong password), so a caller learns nothing about
which codes exist.
"""

from __future__ import annotations

import re

from django.utils.crypto import constant_time_compare

from core import codes

from .models import DisclosureRequest

#: The password: twelve characters of core.codes' alphabet (about 59 bits), shown as ``K7QM-4XPA-9RTD``.
SECRET_LENGTH = 12
MAX_TYPED = 64
CODE = re.compile(r"[A-Z0-9]{4,20}")


def new_secret() -> str:
    return codes.generate(SECRET_LENGTH)


def show_secret(secret: str) -> str:
    """A password as printed (groups of four); typed back with or without the hyphens."""
    return codes.group(secret) if codes.is_code(secret) else secret


def secret_matches(request: DisclosureRequest, typed: str) -> bool:
    """Whether ``typed`` is the request's password: as typed (a password of the former kind), else cleaned."""
    from .services import hash_secret

    if not request.secret_hash:
        return False
    raw = (typed or "").strip()[:MAX_TYPED]
    tries = [raw, *codes.candidates(raw)]
    found = False
    for candidate in dict.fromkeys(t for t in tries if t):  # every candidate, so the time says nothing
        found |= constant_time_compare(request.secret_hash, hash_secret(candidate))
    return found


def find_by_code(code: str) -> DisclosureRequest | None:
    """The request ``code`` (as typed) stands for, or None."""
    tried = [c for c in codes.candidates((code or "")[:MAX_TYPED]) if CODE.fullmatch(c)]
    if not tried:
        return None
    found = {
        r.tracking_code: r
        for r in DisclosureRequest.objects.select_related("unit").filter(tracking_code__in=tried)
    }
    for candidate in tried:  # the most literal reading first
        if candidate in found:
            return found[candidate]
    return None


def find(code: str, secret: str) -> DisclosureRequest | None:
    """The request whose code and password both match what was typed, else None (same answer for either)."""
    request = find_by_code(code)
    if request is None or not secret_matches(request, secret):
        return None
    return request
