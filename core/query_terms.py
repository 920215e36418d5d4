"""What a sentence asks for, as search words each with its alternatives: the door from the lower apps to the
portal's query analysis, which sits above them all (jieba segmentation, the office's synonym and abbreviation
dictionary, pinyin: portal/search/).

The portal registers its analyser when it starts (``PortalConfig.ready``: :func:`register`); an app below it
(foi's "is it already public?" helper) calls :func:`alternatives` without importing the portal. Without a
registered analyser (an app used alone, a script) the sentence is cut by jieba alone, with no synonyms.

``alternatives("低保金怎么申请")`` → ``[["低保", "最低生活保障", "城乡低保", …], ["金"], ["怎么"], ["申请"]]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Analyser = Callable[[str], list[list[str]]]
MAX_TEXT = 200
_analyser: list[Analyser] = []
_WORD = re.compile(r"^[\w\u3400-\u9fff]+$")


def register(analyser: Analyser) -> None:
    """Make ``analyser`` the one that :func:`alternatives` asks (the last registered wins)."""
    _analyser[:] = [analyser]


def registered() -> bool:
    return bool(_analyser)


def plain_words(text: str) -> list[list[str]]:
    """The words of ``text`` cut by jieba, each its own only alternative (no dictionary)."""
    import jieba

    words = [w.strip() for w in jieba.cut(text)]
    return [[w] for w in dict.fromkeys(w for w in words if w and _WORD.match(w))]


def alternatives(text: str) -> list[list[str]]:
    """The words of ``text`` (at most :data:`MAX_TEXT` characters), each with its alternatives, word first."""
    text = (text or "").strip()[:MAX_TEXT]
    if not text:
        return []
    if _analyser:
        return [list(group) for group in _analyser[0](text) if group]
    return plain_words(text)
