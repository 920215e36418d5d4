"""Reading and writing the cells of a catalog as districts fill them.

Every reader understands the spellings seen on published catalogs and reports what it could not understand
instead of refusing it (the importer turns those reports into warnings naming sheet, row and column):

* ticks (:func:`parse_tick`): √ ✓ ✔ ● ■ ▄ ☑ ◆ 是 tick, □ 口 ○ ☐ 否 or blank do not;
* channels (:func:`parse_channels`): ■/▄/☑ (required) and □/口/☐ (optional) lists separated by line breaks,
  spaces, ；;，,：: or numbered ("1.政府网站 2.两微一端"); a line break inside a name ("村公示栏\\n(电子屏)") is
  one name; compound or local names map to the nearest standard channel and keep their words; "其他" keeps
  its free text ("■其他：省级法律服务网"); an empty "□其他____" is nothing;
* content elements (:func:`split_elements`): "●" marks, line breaks, ；; and · and numbered lists, else 、;
* basis documents (:func:`parse_bases`): one document per law whatever its spelling, articles kept;
* 五公开 (:func:`parse_five_public`): a word ("执行", "结果公开") or marks ("■执行 □决策").

Formula injection: text that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) is written with a leading apostrophe (:func:`escape_text`); text that already starts with an
apostrophe gets one more. :func:`unescape_text` (used by every cell the importer reads) strips exactly that
one apostrophe, so an export re-imports to the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from ..models import Channel, FivePublic

#: Text starting with one of these is a formula to a spreadsheet; it is written behind an apostrophe.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_CJK = r"\u3400-\u9fff"


def escape_text(text: str) -> str:
    """Make text safe from formula injection: a leading apostrophe when a spreadsheet would run it."""
    if text and (text[0] in FORMULA_TRIGGERS or text[0] == QUOTE):
        return QUOTE + text
    return text


def unescape_text(text: str) -> str:
    """Undo :func:`escape_text` (one apostrophe before a formula trigger or another apostrophe)."""
    if len(text) > 1 and text[0] == QUOTE and (text[1] in FORMULA_TRIGGERS or text[1] == QUOTE):
        return text[1:]
    return text


def cell_text(value) -> str:
    """A cell's value as the text a reader sees: trimmed, with \\n line breaks, escape removed."""
    if type(value) is str:  # most cells: the same steps as below, each only when it can change something
        if value[:1] == QUOTE:
            value = unescape_text(value)
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if "_x000D_" in value:
            value = value.replace("_x000D_", "")
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = unescape_text(str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return text.strip()


def norm_label(value) -> str:
    """A header label reduced for matching: no whitespace or asterisks, half-width brackets."""
    return _norm_text(cell_text(value))


#: How many distinct texts each cell reader remembers (a catalog repeats its subjects, time limits,
#: channel lists and ticks on thousands of rows; the readers are pure functions of the text).
TEXT_CACHE = 8192


@lru_cache(maxsize=TEXT_CACHE)
def _norm_text(text: str) -> str:
    text = re.sub(r"[\s\u3000*＊]+", "", text)
    return text.replace("（", "(").replace("）", ")").replace("／", "/")


def squeeze(text: str) -> str:
    """Chinese text without the spaces and line breaks narrow cells put inside words ("审核\\n审批" → 审核审批);
    a space between two Latin letters or digits is kept."""
    return re.sub(r"(?<![A-Za-z0-9])[\s\u3000]+|[\s\u3000]+(?![A-Za-z0-9])", "", text).strip()


_NAME_NUMBER_RE = re.compile(
    rf"^\d{{1,2}}(?:[.．]\d{{1,2}})*[.、．](?=[{_CJK}])|^\d{{1,2}}(?:[.．]\d{{1,2}})+(?=[{_CJK}])"
)


def clean_name(value) -> str:
    """An item name as the catalog means it: no inner spaces or line breaks, no leading "1." / "1.1" number."""
    return _clean_name_text(cell_text(value))


@lru_cache(maxsize=TEXT_CACHE)
def _clean_name_text(text: str) -> str:
    return _NAME_NUMBER_RE.sub("", squeeze(text))


# -- ticks ------------------------------------------------------------------------------------------------

TICK_TRUE = frozenset({"√", "✓", "✔", "●", "■", "▄", "☑", "◆", "是", "☒"})
TICK_FALSE = frozenset({"", "□", "口", "○", "☐", "否", "×", "✗", "✘", "╳", "/", "-", "—", "－", "无"})
TICK = "√"


def parse_tick(value) -> bool | None:
    """True for a tick (√ ✓ ✔ ● ■ ▄ ☑ ◆ 是), False for blank or a mark of "no" (□ 口 ○ ☐ 否 ×), None when
    unreadable."""
    if value is None:
        return False  # blank
    if value.__class__ is str:
        return _tick_of_str(value)
    if isinstance(value, bool):
        return value
    return _tick_of_text(cell_text(value))


@lru_cache(maxsize=TEXT_CACHE)
def _tick_of_str(value: str) -> bool | None:
    return _tick_of_text(cell_text(value))


@lru_cache(maxsize=TEXT_CACHE)
def _tick_of_text(text: str) -> bool | None:
    text = re.sub(r"[\s\u3000]+", "", text).replace("／", "/")
    if text in TICK_TRUE:
        return True
    if text in TICK_FALSE:
        return False
    return None


# -- channels ---------------------------------------------------------------------------------------------

#: The standard name of each channel (the first) and the other names districts write for it.
CHANNEL_NAMES: dict[str, tuple[str, ...]] = {
    Channel.WEBSITE: ("政府网站", "门户网站", "政府门户网站", "网站", "政府信息公开网站"),
    Channel.GAZETTE: ("政府公报", "公报"),
    Channel.NEW_MEDIA: (
        "两微一端",
        "政务新媒体",
        "新媒体",
        "双微",
        "微博微信",
        "政务微博微信",
        "一微一端",
        "公众号",
    ),
    Channel.CONFERENCE: ("发布会/听证会", "发布会", "听证会", "新闻发布会", "发布会听证会", "会议"),
    Channel.BROADCAST: ("广播电视", "广播", "电视"),
    Channel.PRINT: ("纸质媒体", "报刊", "报纸"),
    Channel.READING_POINT: ("公开查阅点", "查阅点", "政府信息公开查阅点", "信息公开查阅点", "查询点"),
    Channel.SERVICE_CENTER: (
        "政务服务中心",
        "政务服务大厅",
        "行政服务中心",
        "提供政务服务的场所",
        "政府服务中心",
        "办事窗口",
        "办事大厅",
        "党群服务中心",
    ),
    Channel.CONVENIENCE_STATION: ("便民服务站", "便民服务中心", "便民服务点", "便民服务窗口"),
    Channel.ON_SITE: ("入户/现场", "入户", "现场", "入户/现场宣传"),
    Channel.BULLETIN_BOARD: (
        "社区/企事业单位/村公示栏(电子屏)",
        "社区/企事业单位/村公示栏",
        "公示栏(电子屏)",
        "公示栏",
        "公开栏",
        "电子屏",
        "社区公示栏",
        "村公示栏",
        "村务公开栏",
        "公告栏",
    ),
    Channel.TARGETED_PUSH: ("精准推送",),
    Channel.HOTLINE: ("12345政务服务热线", "12345热线", "政务服务热线", "12345"),
    Channel.LIBRARY: ("图书馆", "公共图书馆"),
    Channel.ARCHIVES: ("国家档案馆", "档案馆", "综合档案馆"),
    Channel.OTHER: ("其他",),
}
#: Words that put a local name in a channel when no name matches exactly ("镇村公示公开栏" → 公示栏).
CHANNEL_HINTS: tuple[tuple[str, str], ...] = (
    (r"公示栏|公开栏|公告栏|宣传栏|电子屏|公示牌", Channel.BULLETIN_BOARD),
    (r"网站", Channel.WEBSITE),
    (r"公众号|微信|微博|新媒体|客户端|APP|抖音", Channel.NEW_MEDIA),
    (r"查阅点|查阅室|查询点", Channel.READING_POINT),
    (r"政务服务|服务大厅|办事窗口|办事大厅|行政服务", Channel.SERVICE_CENTER),
    (r"便民服务", Channel.CONVENIENCE_STATION),
    (r"图书馆", Channel.LIBRARY),
    (r"档案馆", Channel.ARCHIVES),
    (r"12345|热线", Channel.HOTLINE),
    (r"报刊|报纸", Channel.PRINT),
    (r"广播|电视", Channel.BROADCAST),
)
REQUIRED_MARKS = "■▄☑◆●√"
OPTIONAL_MARKS = "□☐○"  # and 口 (a stand-in for □) where it starts a name, see _channel_pieces
_MARKS = REQUIRED_MARKS + OPTIONAL_MARKS


def _channel_key(name: str) -> str:
    return norm_label(name).strip("、，,；;。.:：_＿")


CHANNEL_LOOKUP: dict[str, str] = {
    _channel_key(name): value for value, names in CHANNEL_NAMES.items() for name in names
}


class ChannelEntry(NamedTuple):
    """One channel as a cell lists it: the standard channel, ■ or □, and the words when they differ."""

    channel: str
    required: bool
    words: str = ""


def channel_of(name: str) -> tuple[str | None, str]:
    """(standard channel, words to keep) for one name; (None, name) when nothing fits."""
    key = _channel_key(name)
    other = re.match(r"^其他[:：]?(?P<text>.*)$", key)
    if other:
        text = other.group("text").strip("_＿ ")
        return Channel.OTHER, (f"其他：{text}" if text else "")
    value = CHANNEL_LOOKUP.get(key)
    if value is not None:
        return value, ("" if key == _channel_key(CHANNEL_NAMES[value][0]) else name)
    for pattern, hinted in CHANNEL_HINTS:
        if re.search(pattern, key, re.IGNORECASE):
            return hinted, name
    return None, name


_URL_RE = re.compile(r"^(?:https?\x00|www\.)", re.IGNORECASE)


def _channel_pieces(text: str) -> list[tuple[str, str]]:
    """(mark, name) pieces of a channel cell; a bracket or a "/" continuing a name is joined back to it, and a
    web address after a name is that channel's address ("政府网站 http://…", "门户网站：http://…"): one channel."""
    text = re.sub(r"其他\s*[:：]", "其他：", text or "").replace(
        "://", "\x00"
    )  # a URL's colon separates nothing
    # 口 typed for □: only where a name starts (after a separator or a mark), never inside one (办事窗口)
    text = re.sub(rf"(?:^|(?<=[\s；;，,、:：。{_MARKS}]))口", "□", text)
    text = re.sub(r"(?:^|(?<=\s)|(?<=[；;，,。]))\d{1,2}[.、．](?!\d)", "\n", text)
    chunks = re.findall(rf"[{_MARKS}]?[^{_MARKS}]*", text)
    pieces: list[tuple[str, str]] = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        mark = chunk[0] if chunk[0] in _MARKS else ""
        body = chunk[1:] if mark else chunk
        body, *note = re.split(r"(?:备注|注)\s*[:：]", body, maxsplit=1)
        names = [n for n in re.split(r"[\s\u3000；;，,、:]+", body) if n]
        first = True
        for name in names:
            if pieces and _URL_RE.match(name) and not (first and mark):
                pieces[-1] = (pieces[-1][0], pieces[-1][1] + " " + name)
            elif (
                pieces and not (first and mark) and _channel_key(f"{pieces[-1][1]}/{name}") in CHANNEL_LOOKUP
            ):
                # one channel's name written with 、 inside it ("社区/企事业单位、村公示栏(电子屏)")
                pieces[-1] = (pieces[-1][0], f"{pieces[-1][1]}、{name}")
            elif (
                pieces and (name[0] in "(（" or pieces[-1][1].endswith(("/", "／"))) and not (first and mark)
            ):
                pieces[-1] = (pieces[-1][0], pieces[-1][1] + name)
            else:
                pieces.append((mark if first else "", name))
            first = False
        if note and note[0].strip():
            pieces.append(("注", note[0].strip()))
    return [(mark, name.replace("\x00", "://")) for mark, name in pieces]


def parse_channels(text: str) -> tuple[list[ChannelEntry], list[str]]:
    """The channels of a 公开渠道和载体 cell, in order, and what could not be fully understood.

    ■ (▄ ☑ ◆) marks a required channel, □ (口 ☐) an optional one; in a cell without marks every name is
    required. A name without a mark in a cell that marks the others is kept as optional, with a warning. A
    name no channel fits is kept as 其他 with its words, with a warning. A channel named twice is kept once
    (required if either is), its words joined. A note ("注：…") is left out, with a warning."""
    entries, problems = _parse_channels_cached(text)
    return list(entries), list(problems)


@lru_cache(maxsize=TEXT_CACHE)
def _parse_channels_cached(text: str) -> tuple[tuple[ChannelEntry, ...], tuple[str, ...]]:
    pieces = _channel_pieces(text)
    marked = any(mark and mark != "注" for mark, _ in pieces)
    found: dict[str, ChannelEntry] = {}
    problems: list[str] = []
    for mark, name in pieces:
        if mark == "注":
            problems.append(f"说明文字“注：{name}”不是渠道，已忽略")
            continue
        name = name.strip("、，,；;。._＿ ")
        if not name:
            continue
        value, words = channel_of(name)
        if value is None:
            value, words = Channel.OTHER, f"其他：{name}"
            problems.append(f"“{name}”不是标准渠道，已记为“其他：{name}”")
        if marked and not mark:
            problems.append(f"“{name}”没有标记■或□，已按可选渠道记录")
        required = (mark in REQUIRED_MARKS) if marked and mark else not marked
        if value == Channel.OTHER and not words and not required:
            continue  # "□其他" / "□其他____": an unticked blank in the template
        _add_channel(found, ChannelEntry(value, required, words))
    return tuple(found.values()), tuple(problems)


def _add_channel(found: dict[str, ChannelEntry], entry: ChannelEntry) -> None:
    seen = found.get(entry.channel)
    if seen is None:
        found[entry.channel] = entry
        return
    words = "、".join(w for w in dict.fromkeys([seen.words, entry.words]) if w)
    found[entry.channel] = ChannelEntry(entry.channel, seen.required or entry.required, words)


def channel_words(value: str, words: str = "") -> str:
    """What a channel is called in a cell: its own words if it has them, else its standard name."""
    return words or CHANNEL_NAMES[value][0]


def format_channels(channels: Iterable) -> str:
    """The standard way to write a channel list: ``■政府网站■两微一端□公开查阅点`` (own words kept)."""
    out = []
    for entry in channels:
        value, required, *rest = entry
        words = rest[0] if rest else ""
        out.append(("■" if required else "□") + channel_words(value, words))
    return "".join(out)


# -- content elements -------------------------------------------------------------------------------------

_DOC_SPAN_RE = re.compile(r"《[^《》]*》")
_NUMBERED_RE = re.compile(r"(?:^|(?<=\s)|(?<=[；;。，,]))\d{1,2}[.、．](?!\d)")
_PRIMARY_SPLIT_RE = re.compile(r"[●•◆▪·\n；;]+")


def _protect_documents(text: str) -> str:
    """A line break or space inside a 《document name》 is the cell's wrapping, not a separator."""
    return _DOC_SPAN_RE.sub(lambda m: re.sub(r"\s+", "", m.group()), text)


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    pieces, depth, current = [], 0, ""
    for ch in text:
        if ch in "《(（〈<":
            depth += 1
        elif ch in "》)）〉>" and depth:
            depth -= 1
        if ch == separator and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    return pieces


def split_elements(text: str) -> list[str]:
    """The elements of 公开内容: split on ● (and • ◆ ▪ ·), line breaks, ；; and numbered lists; a text with
    none of those is split on 、 (outside brackets). Each element loses the spaces narrow cells put in it."""
    return list(_split_elements_cached(text or ""))


@lru_cache(maxsize=TEXT_CACHE)
def _split_elements_cached(text: str) -> tuple[str, ...]:
    text = _protect_documents(text)
    if _PRIMARY_SPLIT_RE.search(text) or len(_NUMBERED_RE.findall(text)) > 1:
        pieces = _PRIMARY_SPLIT_RE.split(_NUMBERED_RE.sub("\n", text))
    else:
        pieces = _split_outside_brackets(text, "、")
    cleaned = (squeeze(piece).strip("；;，,、。.") for piece in pieces)
    return tuple(piece for piece in cleaned if piece)


def format_elements(elements: Iterable[str]) -> str:
    return "\n".join(f"●{text}" for text in elements)


# -- basis documents --------------------------------------------------------------------------------------

GIOR = "中华人民共和国政府信息公开条例"
#: Other spellings of documents cited everywhere, and their one name.
BASIS_ALIASES = {
    "条例": GIOR,
    "信息公开条例": GIOR,
    "政府信息公开条例": GIOR,
    "中华人民共和国政府信息公开条例": GIOR,
    "中华人民共和国信息公开条例": GIOR,
}
#: National regulations (not laws) commonly cited without their "中华人民共和国".
NATIONAL_REGULATIONS = {"户口登记条例", "政府信息公开条例"}
_NUMBER_RE = re.compile(r"(?:号|令)")
_ARTICLE_RE = re.compile(r"^\s*(第[^《》，,；;。、\s]{1,20}?条(?:第[^《》，,；;。、\s]{1,10}?款)?)")


def canonical_basis(name: str) -> str:
    """One name per document: 《条例》, 《信息公开条例》 → 中华人民共和国政府信息公开条例; 《义务教育法》 →
    中华人民共和国义务教育法; other names keep their words (line breaks from narrow cells removed, a single
    space between issuers kept: "财政部 农业部关于…")."""
    squeezed = re.sub(r"[\s\u3000]+", "", name)
    if squeezed in BASIS_ALIASES:
        return BASIS_ALIASES[squeezed]
    key = squeezed.removeprefix("中华人民共和国")
    national_law = key.endswith("法") and not key.endswith("办法") and "关于" not in key and len(key) <= 16
    if national_law or key in NATIONAL_REGULATIONS:
        return "中华人民共和国" + key
    name = re.sub(r"\s*\n\s*", "", name)
    return re.sub(r"[ \u3000]{2,}", " ", name).strip()


def canonical_number(number: str) -> str:
    number = re.sub(r"[\s\u3000]+", "", number)
    found = re.fullmatch(r"(?:中华人民共和国)?(?:国务院|国)令第?(\d+)号?", number)
    if found:
        return f"国务院令第{found.group(1)}号"
    return number[:80]


def _bracket_after(text: str, start: int) -> tuple[str, int]:
    """The bracketed text right after ``start`` (spaces allowed before it) and where it ends."""
    i = start
    while i < len(text) and text[i] in " \u3000\n":
        i += 1
    if i >= len(text) or text[i] not in "(（":
        return "", start
    depth, j = 0, i
    while j < len(text):
        if text[j] in "(（":
            depth += 1
        elif text[j] in ")）":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j], j + 1
        j += 1
    return "", start


def parse_bases(text: str) -> list[tuple[str, str, str]]:
    """The documents a 公开依据 text cites, as (name, document number, article), one per document and article.

    A bracket right after a document is its number ("（国务院令第711号）") or a remark about it (a revision
    note, whose own 《》 are not separate bases). Without any 《》 the 条例 is still recognised by name."""
    return list(_parse_bases_cached(text or ""))


@lru_cache(maxsize=TEXT_CACHE)
def _parse_bases_cached(text: str) -> tuple[tuple[str, str, str], ...]:
    seen: dict[tuple[str, str], tuple[str, str, str]] = {}
    position = 0
    while True:
        start = text.find("《", position)
        if start < 0:
            break
        end = text.find("》", start)
        if end < 0:
            break
        name = canonical_basis(text[start + 1 : end])
        bracket, after = _bracket_after(text, end + 1)
        number = (
            canonical_number(bracket) if bracket and _NUMBER_RE.search(bracket) and len(bracket) <= 60 else ""
        )
        article = _ARTICLE_RE.match(text[after:])
        if name:
            key = (name, article.group(1) if article else "")
            seen.setdefault(key, (name, number, key[1]))
        position = max(after, end + 1)
    if not seen and re.search(r"政府信息公开条例", re.sub(r"\s+", "", text)):
        seen[(GIOR, "")] = (GIOR, "", "")
    return tuple(seen.values())


# -- 五公开 -----------------------------------------------------------------------------------------------

FIVE_PUBLIC_WORDS = {
    "决策": FivePublic.DECISION,
    "执行": FivePublic.EXECUTION,
    "管理": FivePublic.MANAGEMENT,
    "服务": FivePublic.SERVICE,
    "结果": FivePublic.RESULT,
}
FIVE_PUBLIC_NAMES = {value: word for word, value in FIVE_PUBLIC_WORDS.items()}


def parse_five_public(text: str) -> str | None:
    """ "决策"/"决策公开" → DECISION; "■执行 □决策" → EXECUTION (the ticked one); "" or only unticked → "";
    unknown (or two ticked) → None."""
    key = norm_label(text)
    if not key:
        return ""
    if any(mark in key for mark in _MARKS):
        ticked = re.findall(rf"[{REQUIRED_MARKS}]([^{_MARKS}]+)", key)
        values = {FIVE_PUBLIC_WORDS.get(word.removesuffix("公开")) for word in ticked}
        if None in values or len(values) > 1:
            return None
        return values.pop() if values else ""
    return FIVE_PUBLIC_WORDS.get(key.removesuffix("公开"))


def five_public_word(value: str) -> str:
    return FIVE_PUBLIC_NAMES.get(value, "")
