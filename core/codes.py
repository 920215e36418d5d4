"""Codes people read aloud, copy from a letter and type on a phone (the FOI tracking code and its password).

The alphabet is Crockford's base 32 without the characters people confuse: no 0/O, no 1/I/L (and no U), so a
code copied by hand is the code that was printed. Codes are shown in groups of four (``K7QM-4XPA-9RTD``).

What people type is normalised before any comparison (:func:`clean`): full-width characters (a Chinese input
method's ＡＢ３) folded, spaces, hyphens and dots removed, upper-cased. A code of this alphabet has no look-alike
left to guess. Codes issued before it (``YS`` and ten of A–Z, 2–9 without I and O: they have L) keep working: a
look-up tries the text as typed, then with the look-alikes of L (1, I, a lower-case l) mapped to it
(:func:`candidates`).
"""

from __future__ import annotations

import re
import secrets
import unicodedata

#: 30 characters: 2–9 and A–Z without I, L, O, U.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUP = 4
#: Separators people put in or copy along with a code (ASCII and full-width, after NFKC).
_SEPARATORS = re.compile(r"[\s\-_.·・—–‐]+")
#: Characters that occur in no code, mapped to the one of the older alphabet they are mistaken for.
LOOKALIKES = str.maketrans({"1": "L", "I": "L"})


def generate(length: int) -> str:
    """``length`` random characters of :data:`ALPHABET` (``secrets``: unpredictable)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def group(code: str, size: int = GROUP) -> str:
    """``K7QM4XPA9RTD`` → ``K7QM-4XPA-9RTD`` (for reading; :func:`normalise` undoes it)."""
    code = code or ""
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def clean(text: str) -> str:
    """Folded, separators removed, upper-cased; nothing mapped (what an old code is compared as)."""
    folded = unicodedata.normalize("NFKC", text or "")
    return _SEPARATORS.sub("", folded).upper()


def candidates(text: str, limit: int = 64) -> list[str]:
    """The codes ``text`` may stand for, the most literal first: as typed (an old code), then normalised."""
    typed = clean(text)[:limit]
    out = [typed]
    mapped = typed.translate(LOOKALIKES)
    if mapped != typed:
        out.append(mapped)
    return [c for c in out if c]


def is_code(text: str) -> bool:
    """Whether ``text`` (cleaned) is made of this alphabet only (a code issued now)."""
    return bool(text) and all(c in ALPHABET for c in text)
