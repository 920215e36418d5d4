"""Text for the search index and for queries, treated the same way on both sides.

``normalize`` folds traditional characters to simplified (OpenCC t2s), full-width forms to half-width (NFKC)
and case; ``segment`` cuts Chinese with jieba in search mode, so 最低生活保障 yields 最低, 生活, 保障 as well
as the whole word once the dictionary knows it. Every word of the office's synonym dictionary is taught to
jieba (``teach``), so 公租房 or 残疾人两项补贴 stay one word in documents and in queries alike.

Tibetan and Yi (the ethnic townships' translations) are cut by syllable before jieba sees them: Tibetan on
the tsheg (་ U+0F0B, ༌ U+0F0C) and the shad (། U+0F0D …), Yi one syllable per character (U+A000–U+A48F).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache

import jieba
from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

jieba.setLogLevel(logging.WARNING)

#: A token worth indexing: CJK ideographs, letters or digits (no punctuation, no spaces).
WORD = re.compile(r"^[\w\u3400-\u9fff]+$")
#: Characters never worth a token of their own.
STOP = frozenset("的了和与及或等之在对为是其中上下内外各由向将被把")
MAX_TOKEN_LEN = 30
#: A run of Tibetan or of Yi syllables (cut by ``minority_syllables``, not by jieba).
MINORITY_RUN = re.compile(r"[\u0F00-\u0FFF]+|[\uA000-\uA48F]+")
#: Where a Tibetan run breaks into syllables: tsheg, non-breaking tsheg, the shads and the head marks.
TIBETAN_BREAK = re.compile(r"[\u0F00-\u0F14\u0F3A-\u0F3D\u0F85\u0FD0-\u0FD4\s]+")

_t2s = OpenCC("t2s")
_lock = threading.Lock()
_taught: set[str] = set()


def _normalize(text: str) -> str:
    return _t2s.convert(unicodedata.normalize("NFKC", text)).lower()


_normalize_short = lru_cache(maxsize=20000)(_normalize)
SHORT = 300


def normalize(text: str) -> str:
    """Simplified, half-width, lower-case text. Short texts (titles, query words, snippet windows: the same
    ones come back page after page) are remembered: the pure-Python converter is the slowest step of a
    search page."""
    if not text:
        return ""
    return _normalize_short(text) if len(text) <= SHORT else _normalize(text)


def warm() -> None:
    """Load the segmenter's dictionary now (seconds) — the web worker calls this at start, so no citizen's
    first search waits for it."""
    jieba.initialize()


def teach(words) -> None:
    """Make jieba keep each of ``words`` whole (the synonym dictionary's entries)."""
    with _lock:
        for word in words:
            word = normalize(word).strip()
            if len(word) >= 2 and word not in _taught and WORD.match(word):
                jieba.add_word(word, freq=20000)
                _taught.add(word)


def minority_syllables(run: str) -> list[str]:
    """The syllables of a Tibetan run (split on tsheg and shad) or a Yi run (one per character)."""
    if "\ua000" <= run[0] <= "\ua48f":
        return list(run)
    return [syllable for syllable in TIBETAN_BREAK.split(run) if syllable]


def _split_scripts(text: str, cut) -> list[str]:
    """``cut`` (jieba) on the Chinese stretches of normalized ``text``, syllables on the Tibetan and Yi runs."""
    if not MINORITY_RUN.search(text):
        return cut(text)
    out: list[str] = []
    at = 0
    for match in MINORITY_RUN.finditer(text):
        out += cut(text[at : match.start()])
        out += minority_syllables(match.group())
        at = match.end()
    return out + cut(text[at:])


def _is_minority(token: str) -> bool:
    return bool(MINORITY_RUN.fullmatch(token))


def tokens(text: str) -> list[str]:
    """The search-mode tokens of ``text`` (normalized), in order, duplicates kept (term frequency counts)."""
    out = []
    for token in _split_scripts(normalize(text), lambda t: list(jieba.cut_for_search(t))):
        if _is_minority(token):
            out.append(token[:MAX_TOKEN_LEN])
            continue
        token = token.strip()
        if not token or len(token) > MAX_TOKEN_LEN or token in STOP or not WORD.match(token):
            continue
        out.append(token)
    return out


def segment(text: str) -> str:
    """``tokens`` joined by spaces: what both index backends store and tokenize on spaces."""
    return " ".join(tokens(text))


def query_words(text: str) -> list[str]:
    """The words of a query without search-mode fragments: 拆迁补偿 → [拆迁, 补偿]; distinct, in order."""
    seen: list[str] = []
    for token in _split_scripts(normalize(text), lambda t: list(jieba.cut(t))):
        token = token.strip()
        if token and _is_minority(token) and token not in seen:
            seen.append(token[:MAX_TOKEN_LEN])
        elif token and WORD.match(token) and token not in STOP and token not in seen:
            seen.append(token[:MAX_TOKEN_LEN])
    return seen


def is_latin(text: str) -> bool:
    return bool(re.fullmatch(r"[a-z]+", text or ""))


@lru_cache(maxsize=4096)
def pinyin_keys(word: str) -> tuple[str, str]:
    """(full pinyin, initials) of a Chinese word: 低保 → ("dibao", "db")."""
    full = "".join(lazy_pinyin(word))
    initials = "".join(lazy_pinyin(word, style=Style.FIRST_LETTER))
    return full.lower(), initials.lower()
