"""Reading a catalog's 公开时限 wording into a :class:`~catalog.timelimits.rule.TimeLimitRule`, never guessing.

:func:`parse_time_limit` returns the rule, whether it was understood, a note (what was recognised, every
default applied, anything left out), how sure it is (``high`` / ``medium`` / ``low``) and, when it is not
sure, the reason. A wording it cannot read into a rule becomes kind ``UNPARSED`` (待人工设置) with the reason:
a wrong rule makes wrong deadlines, wrong reminders and wrong scores, so the office sets it by hand instead.

How a wording is read (the conventions are in the package docstring):

1. Normalise: width, traditional characters, whitespace (line breaks inside words), Chinese numerals.
2. Cut the 条例 art. 26 proviso ("法律、法规对…期限另有规定的，从其规定") and turn an exception in brackets
   ("（集体财务往来较多的，财务收支情况应每月公布一次）") into a labelled part of its own.
3. Split into parts: sentences (；。), numbered items ("1.… 2.…"), each with its label ("处罚决定：…",
   "其中行政许可、行政处罚事项…"); a part is read clause by clause (，), and a clause that only names the
   trigger ("收到申请后，") is joined to the amount that follows it.
4. The general part ("其他…", "除…外…", or the unlabelled one) is the main rule; the labelled parts are kept
   as its ``alternatives`` with their labels.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _

from .rule import (
    DAYS_IN_MONTH,
    PERIOD_NOUN,
    PERIOD_TEXT,
    UNIT_TEXT,
    UNPARSED_RULE,
    Kind,
    Period,
    TimeLimitRule,
    Trigger,
    Unit,
    with_changes,
)

HIGH, MEDIUM, LOW = "high", "medium", "low"
CONFIDENCE_LABELS = {HIGH: "确定", MEDIUM: "较确定，请核对", LOW: "待人工设置"}


@dataclass(frozen=True)
class ParseResult:
    """What :func:`parse_time_limit` made of a wording."""

    rule: TimeLimitRule  # kind UNPARSED when not understood
    understood: bool
    note: str  # Chinese: what was recognised, every default applied, anything left out
    confidence: str = HIGH  # high | medium | low (low: 待人工设置)
    reason: str = ""  # why it is not sure ("" when sure)


# -- normalising ------------------------------------------------------------------------------------------

# Traditional → simplified, for the characters the wordings use (some catalogs are in traditional script).
_TRADITIONAL = str.maketrans(
    dict(
        zip(
            "個內後變開實時態長續進決議請報區災穩張會規則週為處罰許經過發佈動應該須從於與項辦當場屆結資評"
            "達滿啟並機關統計據權準屬範圍隨適調種類見參復單審預齊門聯絡訴難熱點問題領導違紀線"
            "擬現狀欄產級鎮鄉縣務廣員書論條網對間獲劃證戶設體號總業環徵補貼護稅費錄標準執審",
            "个内后变开实时态长续进决议请报区灾稳张会规则周为处罚许经过发布动应该须从于与项办当场届结资评"
            "达满启并机关统计据权准属范围随适调种类见参复单审预齐门联络诉难热点问题领导违纪线"
            "拟现状栏产级镇乡县务广员书论条网对间获划证户设体号总业环征补贴护税费录标准执审",
            strict=True,
        )
    )
)
_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMBER_RE = re.compile(
    r"[零〇一二两三四五六七八九十百]+(?=个|工作日|日|天|小时|周|星期|礼拜|月|年|季|次)"
)


def _cn_number(text: str) -> int:
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGIT[ch]
    return total + current


def normalise(text: str) -> str:
    """Width, script, whitespace, numerals and synonyms; the result is only matched, never shown."""
    s = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)
    s = re.sub(r"\s+", "", s)
    s = _CN_NUMBER_RE.sub(lambda m: str(_cn_number(m.group())), s)
    s = s.replace("或者", "或").replace("，", ",").replace("；", ";").replace("：", ":").replace("、", "、")
    s = re.sub(r"之内|以内", "内", s)
    s = re.sub(r"之前|以前", "前", s)
    s = re.sub(r"(\d)个?(?:自然日|日历日|天)", r"\1日", s)
    s = re.sub(r"(\d)个?(?:星期|礼拜|周)", r"\1周", s)
    s = re.sub(r"(\d)个?工作日", r"\1工作日", s)
    s = re.sub(r",(?=其中)", ";", s)
    return s


# -- patterns ---------------------------------------------------------------------------------------------

_PERIOD_WORDS = {
    "月": Period.MONTH,
    "月度": Period.MONTH,
    "季": Period.QUARTER,
    "季度": Period.QUARTER,
    "半年": Period.HALF_YEAR,
    "半年度": Period.HALF_YEAR,
    "年": Period.YEAR,
    "年度": Period.YEAR,
}
_PERIOD_RE = re.compile(
    r"(?:每|按)个?(?P<a>半年度|半年|年度|季度|月度|季|月|年)"
    r"|(?P<b>半年度|半年|年度|季度|月度)(?=结束|终了|期满)"
    r"|^(?P<c>半年度|年度|季度|月度)(?=公开|更新|发布|$)"
    r"|(?<!\d)1个?(?P<d>季度|月|年)(?:至少|不少于)?(?:更?换|更新|公开|发布|公布)?1次"
    r"|(?P<e>半年)(?:至少|不少于)?(?:更?换|更新|公开|发布|公布)?(?:至少)?1次"
)
_FIXED_DATE_RE = re.compile(
    r"(?:(?P<year>\d{4})年)?(?<!\d)(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日|(?P<end>底|末))(?:前|止)?"
)
_MONTH_DAY_RE = re.compile(r"(?:每月|次月|下月|下个月)的?(?P<day>\d{1,2})(?:日|号)(?:前)?")
_QUARTER_DAY_RE = re.compile(r"(?:首个?月|第1个?月)的?(?P<day>\d{1,2})(?:日|号)(?:前)?")
_AMOUNT_RE = re.compile(r"(?<!\d)(?P<n>\d{1,3})(?P<u>工作日|日|个月|月(?=内)|小时|周|年(?=内))")
_BARE_SPAN_RE = re.compile(r"^(?P<n>\d{1,3})(?P<u>个月|月|年|年度)(?:内)?$")
_DISPLAY_RE = re.compile(
    r"(?:公告|公示|公布)(?:期限|期|时间|时限)?(?:为|不少于|不得少于|不低于|至少)?(?P<n>\d{1,4})(?P<u>工作日|日)"
)
_LABEL_RE = re.compile(r"^其中(?P<label>.+?)(?:的事项|事项|的)(?:均|应当|应|须|要|必须)?")
_LABEL_FALLBACK_RE = re.compile(r"^其中(?P<label>.+?)(?:应当|应|须|自|在|于)")
_COLON_LABEL_RE = re.compile(r"^(?P<label>[^:\d;]{1,30}):(?P<rest>.+)$")
_FILLER_SUFFIX_RE = re.compile(
    r"^(?:内)?(?:前)?(?:[向在于]?(?:社会|网站|门户网站|政府网站))?"
    r"(?:予以|主动|及时|对外|集中|统一)?(?:公开|公示|公布|发布|更新|办结|答复|完成|更换|报送|调整)?(?:完毕)?$"
)
_LEADING_FILLER_RE = re.compile(r"^(?:一般|原则上|应当|应|须|必须|要|均|自|从|在|于|并|且)+")
_TRAILING_FILLER_RE = re.compile(r"(?:最迟|最长|不超过|不得超过|不晚于|应当|应|须|要|均|在|于|的)+$")
_CONNECTOR_RE = re.compile(r"(?:之日起|之日|日起|时起|起|之后|以后|后的|后)$")
_MARKER_RE = re.compile(r"(?:应当|应|须|要|必须)?(?:自|在|从|于)")
_DOC_RECEIPT_RE = re.compile(r"下发|送达|接到(?!.{0,6}申请)|转发|收到(?!.{0,6}申请)")
_DECISION_RE = re.compile(r"行政决定|作出.{0,8}决定|决定作出")
_RECEIVED_RE = re.compile(r"受理|(?:收到|接到).{0,6}申请|申请之日|提出申请|申请人提交")
_FORMED_RE = re.compile(r"形成|变更|产生|制作|制定|获取|生成|制发|印发|颁布|出台")
_CONTINUOUS_RE = re.compile(r"实时|长期|永久|常态化|常年|持续|动态更新|动态调整|随时更新")
_BEFORE_DECISION_RE = re.compile(r"决策.{0,3}前|作出决策前")
_AS_PROGRESS_RE = re.compile(r"不定期|及时|进展|随时|即时|适时|同步")
_PERIODIC_NO_PERIOD_RE = re.compile(r"定期")
_TRIGGER_ONLY_RE = re.compile(r"之日起|受理|收到|形成|变更|作出|结束后")
_TRIGGER_CLAUSE_RE = re.compile(r"(?:之日起|之日|起|之后|以后|后|时)$")
_PROVISO_RE = re.compile(r"(?:^|(?<=[;。,]))[^;。,()]*另有规定的?,?应?从其规定[。;,]?")
_BRACKET_RE = re.compile(r"\(([^()]*)\)")
_EXCEPTION_SPLIT_RE = re.compile(r"^(?P<label>.+?)(?:应当|应|须|要)(?P<rule>.+)$")
_GENERAL_LABEL_RE = re.compile(r"^(?:其他|其余|除.+外)")
_GENERIC_LABELS = {"信息", "该信息", "政府信息", "该政府信息", "公开事项信息", "公开事项", "相关信息"}

#: A part of the year a yearly wording names, and where it is placed (see the package docstring): a fixed
#: date (month, day) the first time it comes after the year ends, ``END`` for the year's own last day, or
#: None when the words name no day a rule can hold (left to a person, with the reason). Never the year's end
#: by default: 年初 is not 年底.
_END = "end"
_PARTS_OF_YEAR: tuple[tuple[re.Pattern[str], tuple[int, int] | str | None, str], ...] = (
    (re.compile(r"年初|年头|开年"), (1, 31), "年初"),
    (re.compile(r"(?<!每)(?:第)?1季度"), (3, 31), "第一季度"),
    (re.compile(r"上半年"), (6, 30), "上半年"),
    (re.compile(r"(?<!每)(?:第)?2季度"), (6, 30), "第二季度"),
    (re.compile(r"(?<!每)(?:第)?3季度"), (9, 30), "第三季度"),
    (re.compile(r"年底|年末|岁末"), _END, "年底"),
    (re.compile(r"下半年"), _END, "下半年"),
    (re.compile(r"(?<!每)(?:第)?4季度"), _END, "第四季度"),
    (re.compile(r"年中"), None, "年中"),
    (re.compile(r"春节|元旦|清明|端午|中秋|国庆|两会"), None, "节日或会期"),
)
#: A month named without a day ("每年3月公开", "每年6月份"): placed on that month's last day, to confirm.
_BARE_MONTH_RE = re.compile(r"(?<![\d个])(?P<month>\d{1,2})月(?:份)?(?![\d底末内])")
#: One named quarter or half of the year followed by a span ("第一季度结束后15日内", "上半年结束后20日内"):
#: the span runs from that part's end once a year, which no periodic rule holds; left to a person (it is not
#: every quarter, and not the year's end).
_NAMED_PART_AFTER_RE = re.compile(
    r"(?<!每)(?:第?[1-4]季度|[上下]半年)(?:结束|终了|期满|末)?(?:之日起|之后|以后|后|起)"
)
#: Words naming part of a month or a quarter (月初, 季初, 月中): no day a rule can hold.
_PART_OF_PERIOD_RE = re.compile(r"(?:月|季|季度)(?:初|中|上旬|中旬|下旬)|^(?:上旬|中旬|下旬)")
_END_OF_PERIOD_RE = re.compile(r"(?:月|季|季度)(?:底|末)")


# -- one clause -------------------------------------------------------------------------------------------


@dataclass
class _Piece:
    """What one clause (between commas) contributed."""

    rule: TimeLimitRule | None = None  # a DEADLINE or PERIODIC rule (strong) …
    weak: TimeLimitRule | None = None  # … or a CONTINUOUS / AS_PROGRESS one (used only if nothing strong)
    display: tuple[int, Unit] | None = None
    notes: list[str] = field(default_factory=list)  # informative
    doubts: list[str] = field(default_factory=list)  # defaults applied: lower the confidence
    failure: str = ""  # a specific reason this clause cannot be computed
    unknown: str = ""  # text not understood at all
    explicit_end: bool = False  # the wording itself says "by the period's end" (年底, 月底): no default


def _unit_amount(n: int, word: str, piece: _Piece) -> tuple[int, Unit]:
    if word == "工作日":
        return n, Unit.WORKDAYS
    if word == "日":
        return n, Unit.DAYS
    if word in ("个月", "月"):
        return n, Unit.MONTHS
    if word == "小时":
        return n, Unit.HOURS
    if word == "周":
        piece.doubts.append(f"“{n}周”按{n * 7}个自然日计算（一周为7个自然日，不是5个工作日）")
        return n * 7, Unit.DAYS
    piece.doubts.append(f"“{n}年”按{n * 12}个月计算")
    return n * 12, Unit.MONTHS


def _fixed_date(clause: str, fixed: re.Match[str], period: Period | None) -> _Piece:
    """ "每年3月31日前", "6月底前", "1月31日前": yearly, due on that date after the year ends."""
    month = int(fixed.group("month"))
    if not 1 <= month <= 12:
        return _Piece(failure=f"“{clause}”：月份“{month}月”无效，请人工设置")
    day = DAYS_IN_MONTH[month - 1] if fixed.group("end") else int(fixed.group("day"))
    if not 1 <= day <= DAYS_IN_MONTH[month - 1]:
        return _Piece(failure=f"“{clause}”：日期“{month}月{day}日”无效，请人工设置")
    if period not in (None, Period.YEAR):
        return _Piece(failure=f"“{clause}”：{PERIOD_TEXT[period]}的固定日期无法自动计算，请人工设置")
    piece = _Piece(rule=TimeLimitRule(kind=Kind.PERIODIC, period=Period.YEAR, due_month=month, due_day=day))
    piece.notes.append(f"按所属年度结束后的{month}月{day}日前计算（如上一年度的年度报告）")
    if period is None:
        piece.doubts.append(f"“{fixed.group()}”未写明“每年”，按每年公开一次计算")
    return piece


def _periodic(clause: str, match: re.Match[str]) -> _Piece | None:
    """A clause with a period word; None when it is really an event deadline ("每年度预算批复后20日内")."""
    period = _PERIOD_WORDS[next(g for g in match.groups() if g)]
    fixed = _FIXED_DATE_RE.search(clause)
    if fixed and not fixed.group("year"):
        return _fixed_date(clause, fixed, period)
    day_match = _MONTH_DAY_RE.search(clause) or (
        _QUARTER_DAY_RE.search(clause) if period is Period.QUARTER else None
    )
    if day_match:
        day = int(day_match.group("day"))
        if not 1 <= day <= 28:
            return _Piece(failure=f"“{clause}”：{day}日不是每个月都有，请人工设置")
        piece = _Piece(rule=TimeLimitRule(kind=Kind.PERIODIC, period=period, amount=day, unit=Unit.DAYS))
        piece.notes.append(
            f"“{day_match.group()}”按{PERIOD_NOUN[period]}结束后{day}日内计算（即下一个月{day}日前）"
        )
        return piece
    rest = clause[match.end() :]
    amount = _AMOUNT_RE.search(rest)
    if amount:
        if not re.fullmatch(
            r"的?(?:结束|终了|期满)?(?:之日起|后的?|以后|起)?(?:的)?", rest[: amount.start()]
        ):
            return None
        piece = _Piece()
        n, unit = _unit_amount(int(amount.group("n")), amount.group("u"), piece)
        suffix = rest[amount.end() :]
        if not _FILLER_SUFFIX_RE.match(suffix):
            piece.doubts.append(f"以下表述未纳入计算：“{suffix}”")
        piece.rule = TimeLimitRule(kind=Kind.PERIODIC, period=period, amount=n, unit=unit)
        return piece
    part = _part_of_period(clause, period)
    if part is not None:
        return part
    return _Piece(rule=TimeLimitRule(kind=Kind.PERIODIC, period=period))  # the default is noted at the end


def _part_of_period(clause: str, period: Period) -> _Piece | None:
    """A periodic clause naming part of its period ("每年年初", "每年上半年", "每月月初", "每季度末"): placed
    where the words say, or left to a person; None when it names no part (the default then applies)."""
    if period is Period.YEAR:
        named = [(placed, word) for pattern, placed, word in _PARTS_OF_YEAR if pattern.search(clause)]
        if (
            len({placed for placed, _word in named}) > 1
        ):  # "每年年初和年中": two times, one rule cannot hold both
            words = "、".join(word for _placed, word in named)
            return _Piece(failure=f"“{clause}”：写了一年中的多个时段（{words}），请人工设置")
        month = _BARE_MONTH_RE.search(clause)
        if month and not named and 1 <= int(month.group("month")) <= 12:
            m = int(month.group("month"))
            piece = _Piece(
                rule=TimeLimitRule(
                    kind=Kind.PERIODIC, period=Period.YEAR, due_month=m, due_day=DAYS_IN_MONTH[m - 1]
                )
            )
            piece.doubts.append(
                f"“{month.group()}”未写明日期，按每年{m}月{DAYS_IN_MONTH[m - 1]}日前计算，请确认"
            )
            return piece
        for placed, word in named:
            if placed is None:
                return _Piece(failure=f"“{clause}”：“{word}”未写明具体日期，请人工设置")
            if placed == _END:
                piece = _Piece(rule=TimeLimitRule(kind=Kind.PERIODIC, period=Period.YEAR), explicit_end=True)
                piece.notes.append(f"“{word}”按当年12月31日前（当年结束前）计算")
                return piece
            month, day = placed
            piece = _Piece(
                rule=TimeLimitRule(kind=Kind.PERIODIC, period=Period.YEAR, due_month=month, due_day=day)
            )
            piece.notes.append(f"“{word}”按每年{month}月{day}日前计算（约定：{word}即该日之前）")
            return piece
        return None
    if _PART_OF_PERIOD_RE.search(clause):
        return _Piece(
            failure=f"“{clause}”：只写了{PERIOD_NOUN[period]}的某一段（如月初、季初），未写明具体日期，请人工设置"
        )
    if _END_OF_PERIOD_RE.search(clause):
        piece = _Piece(rule=TimeLimitRule(kind=Kind.PERIODIC, period=period), explicit_end=True)
        piece.notes.append(f"按每{PERIOD_NOUN[period]}最后一日前计算")
        return piece
    return None


def _event_of(prefix: str) -> tuple[str, bool]:
    """The event named before the amount ("自作出行政决定之日起" → "作出行政决定") and whether a connector
    (之日起, 后…) says it is an event."""
    core = _TRAILING_FILLER_RE.sub("", _LEADING_FILLER_RE.sub("", prefix))
    connector = _CONNECTOR_RE.search(core)
    if connector:
        core = _TRAILING_FILLER_RE.sub("", core[: connector.start()])
    parts = _MARKER_RE.split(core)
    if len(parts) > 1 and parts[-1]:
        core = parts[-1]
    return _LEADING_FILLER_RE.sub("", core), bool(connector)


def _trigger(clause: str, core: str, connector: bool, piece: _Piece) -> tuple[Trigger, str] | None:
    if not core:
        if connector:
            piece.failure = f"“{clause}”：未写明起算事件，请人工设置"
            return None
        piece.doubts.append("未写明起算事件，按《政府信息公开条例》第二十六条默认为信息形成或变更之日起算")
        return Trigger.FORMED, ""
    if _DOC_RECEIPT_RE.search(core):
        piece.doubts.append(f"自“{core}”起算（收到或下发文件之日，不是信息形成之日），请确认")
        return Trigger.EVENT, core
    if _DECISION_RE.search(core):
        return Trigger.DECISION, ""
    if _RECEIVED_RE.search(core):
        return Trigger.RECEIVED, ""
    if _FORMED_RE.search(core):
        return Trigger.FORMED, ""
    if connector:
        piece.doubts.append(f"自“{core}”起算，请确认")
        return Trigger.EVENT, core
    piece.failure = f"“{clause}”：未能识别起算事件，请人工设置"
    return None


def _deadline(clause: str, amount: re.Match[str]) -> _Piece:
    piece = _Piece()
    prefix, suffix = clause[: amount.start()], clause[amount.end() :]
    if suffix.startswith("前") or prefix.endswith("前"):
        return _Piece(failure=f"“{clause}”：事件之前的时限暂不支持自动计算，请人工设置")
    if _AMOUNT_RE.search(suffix):  # two limits run together, one per row of a merged cell: which is which?
        return _Piece(failure=f"“{clause}”：一处写了两个时限，未写明各自适用的事项，请人工设置")
    if not _FILLER_SUFFIX_RE.match(suffix):
        piece.doubts.append(f"以下表述未纳入计算：“{suffix}”")
    n, unit = _unit_amount(int(amount.group("n")), amount.group("u"), piece)
    core, connector = _event_of(prefix)
    if not core and not connector and unit is Unit.MONTHS:
        return _Piece(
            failure=f"“{clause}”：只写了时长，可能是更新周期或公示期，不能当作自信息形成起算的期限，请人工设置"
        )
    found = _trigger(clause, core, connector, piece)
    if found is None:
        return piece
    trigger, event = found
    piece.rule = TimeLimitRule(kind=Kind.DEADLINE, trigger=trigger, amount=n, unit=unit, event=event)
    return piece


def _clause(clause: str) -> _Piece:
    """Read one clause (the text between commas)."""
    display = None
    shown = _DISPLAY_RE.search(clause)
    if shown:
        days = int(shown.group("n"))
        if not 1 <= days <= 10_000:  # "公告0工作日": no display period a rule can hold; never guess one
            return _Piece(failure=f"公示期“{shown.group()}”应在1到10000之间")
        display = (days, Unit.WORKDAYS if shown.group("u") == "工作日" else Unit.DAYS)
        clause = clause[: shown.start()] + clause[shown.end() :]
        if not clause or re.fullmatch(r"(?:上墙|张榜|在.{0,20}范围内)*", clause):
            return _Piece(display=display)
    piece = _clause_rule(clause)
    piece.display = display
    return piece


def _clause_rule(clause: str) -> _Piece:
    bare = _BARE_SPAN_RE.match(clause)
    if bare:
        return _Piece(
            failure=f"“{clause}”：只写了时长，可能是更新周期或公示期，不能当作自信息形成起算的期限，请人工设置"
        )
    named_part = _NAMED_PART_AFTER_RE.search(clause)
    if named_part and _AMOUNT_RE.search(clause, named_part.end()):
        return _Piece(
            failure=f"“{clause}”：自“{named_part.group()}”起算，只写了一年中的某一季度（半年），"
            "不是每季度，也不是年底，请人工设置"
        )
    period = _PERIOD_RE.search(clause)
    if period:
        piece = _periodic(clause, period)
        if piece is not None:
            return piece
    fixed = _FIXED_DATE_RE.search(clause)
    if fixed and not fixed.group("year") and not _AMOUNT_RE.search(clause[fixed.end() :]):
        return _fixed_date(clause, fixed, None)
    amount = _AMOUNT_RE.search(clause)
    if amount:
        piece = _deadline(clause, amount)
        if period and piece.rule is not None:
            piece.doubts.append(f"含周期表述“{period.group()}”，按事件时限计算")
        return piece
    return _wordy(clause)


def _wordy(clause: str) -> _Piece:
    """A clause without an amount: continuous, as progress, or something the office must set."""
    if _CONTINUOUS_RE.search(clause):
        return _Piece(weak=TimeLimitRule(kind=Kind.CONTINUOUS))
    if _BEFORE_DECISION_RE.search(clause):
        return _Piece(weak=TimeLimitRule(kind=Kind.AS_PROGRESS, label="决策前"))
    if _AS_PROGRESS_RE.search(clause):
        return _Piece(weak=TimeLimitRule(kind=Kind.AS_PROGRESS))
    if _PERIODIC_NO_PERIOD_RE.search(clause):
        return _Piece(failure=f"“{clause}”：写明“定期”但未写明周期（每月、每季度、每年……），请人工设置")
    if _TRIGGER_ONLY_RE.search(clause):
        return _Piece(failure=f"“{clause}”：写明了起算事件，但未写明期限，请人工设置")
    for pattern, _placed, word in _PARTS_OF_YEAR:
        if pattern.search(clause):
            return _Piece(failure=f"“{clause}”：写了“{word}”但未写明每年还是一次性，请人工设置")
    if re.fullmatch(r"(?:予以|主动|向社会|对外)?(?:公开|公示|公布|发布)?", clause):
        return _Piece()  # a bare verb adds nothing
    return _Piece(unknown=clause)


# -- parts (labelled pieces of a compound wording) ---------------------------------------------------------


@dataclass
class _Part:
    label: str
    text: str


@dataclass
class _Reading:
    """Everything read from a wording: the rules with their labels, and what was said about them."""

    rules: list[TimeLimitRule] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    orphan_display: tuple[int, Unit] | None = None
    explicit_end: bool = False  # a rule's "by the period's end" is the wording's own, not a default


def _brackets(text: str, parts: list[_Part], reading: _Reading) -> str:
    """Drop a bracketed proviso, lift a bracketed exception into a part of its own, unwrap the rest."""

    def one(match: re.Match[str]) -> str:
        inner = match.group(1)
        if "另有规定" in inner:
            reading.notes.append("含“另有规定的从其规定”，按本时限计算")
            return ""
        split = _EXCEPTION_SPLIT_RE.match(inner)
        if split and re.search(r"每|\d", split.group("rule")):
            parts.append(_Part(split.group("label").strip(",、"), split.group("rule")))
            reading.notes.append(f"括号内的例外情形“{inner}”单独记录，不替代主要时限")
            return ""
        return match.group(0)

    return _BRACKET_RE.sub(one, text)


def split_parts(normalised: str, reading: _Reading) -> list[_Part]:
    """The labelled parts of a normalised wording, the general one first where it is unlabelled."""
    text, count = _PROVISO_RE.subn("", normalised)
    if count:
        reading.notes.append("含“另有规定的从其规定”，按本时限计算")
    extra: list[_Part] = []
    text = _brackets(text, extra, reading)
    if re.match(r"^1[.、]", text):
        text = re.sub(r"(?<=\D)(?=[2-9][.、](?!\d))", ";", text)
    parts: list[_Part] = []
    for segment in re.split(r"[;。]+", text):
        segment = re.sub(r"^\d{1,2}[.、](?!\d)", "", segment.strip(",.、:"))
        if segment:
            parts.append(_labelled(segment))
    return parts + extra


def _labelled(segment: str) -> _Part:
    if segment.startswith("其中"):
        found = _LABEL_RE.match(segment)
        if found:
            return _Part(found.group("label").strip(",、"), segment[found.end() :])
        found = _LABEL_FALLBACK_RE.match(segment)
        if found:  # keep the word after the label ("自…", "在…"): it belongs to the wording
            return _Part(found.group("label").strip(",、"), segment[found.end("label") :])
    colon = _COLON_LABEL_RE.match(segment)
    if colon and not re.search(r"公示|公告|公布", colon.group("label")):
        return _Part(colon.group("label"), colon.group("rest"))
    return _Part("", segment)


def _clauses(text: str) -> list[str]:
    """The clauses of a part; a clause that only names the trigger is joined to the amount after it."""
    clauses = [c for c in text.split(",") if c]
    joined: list[str] = []
    for clause in clauses:
        if (
            joined
            and re.match(r"^(?:在|于)?\d", clause)
            and not _AMOUNT_RE.search(joined[-1])
            and _TRIGGER_CLAUSE_RE.search(joined[-1])
            and not _PERIOD_RE.search(joined[-1])
        ):
            joined[-1] += clause
        else:
            joined.append(clause)
    return joined


def _clause_label(clause: str) -> str:
    """The thing a clause of a compound sentence covers ("执法决定信息在决定作出之日起…" → 执法决定信息)."""
    found = re.match(r"^(?P<label>.+?)(?:应当|应|须)?(?:在|自|于|从)(?=.)", clause) or re.match(
        r"^(?P<label>(?:其他|其余|除).+?(?:信息|事项|内容))", clause
    )
    label = found.group("label") if found else ""
    if label in _GENERIC_LABELS or label.startswith("该") or _AMOUNT_RE.search(label):
        return ""
    return label


def _read_part(part: _Part, reading: _Reading) -> list[TimeLimitRule]:
    """The rules of one part: its strong rules (labelled) or its weak one, with the display period."""
    strong: list[tuple[str, TimeLimitRule]] = []
    weak: TimeLimitRule | None = None
    display: tuple[int, Unit] | None = None
    for clause in _clauses(part.text):
        piece = _clause(clause)
        reading.notes.extend(piece.notes)
        reading.doubts.extend(piece.doubts)
        if piece.failure:
            reading.failures.append(piece.failure)
        if piece.unknown:
            reading.unknown.append(piece.unknown)
        reading.explicit_end = reading.explicit_end or piece.explicit_end
        display = display or piece.display
        if piece.rule is not None:
            strong.append((clause, piece.rule))
        elif piece.weak is not None and weak is None:
            weak = piece.weak
    rules = _merge(strong, weak)
    if not rules:
        if display is not None and reading.orphan_display is None:
            reading.orphan_display = display
        return []
    first = rules[0]
    changes: dict = {}
    if part.label:
        changes["label"] = part.label
    if display is not None:
        changes["display_days"], changes["display_unit"] = display
    rules[0] = with_changes(first, **changes) if changes else first
    return rules


def _merge(strong: list[tuple[str, TimeLimitRule]], weak: TimeLimitRule | None) -> list[TimeLimitRule]:
    """One sentence's rules: "每季度公开，季度结束后10日内" is one rule; two deadlines are labelled parts."""
    if not strong:
        return [weak] if weak is not None else []
    merged: list[tuple[str, TimeLimitRule]] = []
    for clause, rule in strong:
        if merged:
            last = merged[-1][1]
            if last.kind is rule.kind is Kind.PERIODIC and last.period is rule.period:
                if last.amount is None and last.due_month is None:
                    merged[-1] = (clause, rule)
                    continue
                if rule.amount is None and rule.due_month is None:
                    continue
        merged.append((clause, rule))
    if len(merged) == 1:
        return [merged[0][1]]
    rules = []
    for clause, rule in merged:
        label = _clause_label(clause)
        rules.append(with_changes(rule, label=label) if label else rule)
    return rules


def _order(rules: list[TimeLimitRule]) -> list[TimeLimitRule]:
    """The general rule first: unlabelled or "其他…/除…外…", computable before not; then the labelled."""

    def rank(index_rule: tuple[int, TimeLimitRule]) -> tuple[int, int, int]:
        index, rule = index_rule
        general = not rule.label or bool(_GENERAL_LABEL_RE.match(rule.label))
        return (0 if general else 1, 0 if (rule.computable or rule.label) else 1, index)

    return [rule for _, rule in sorted(enumerate(rules), key=rank)]


# -- the whole wording -------------------------------------------------------------------------------------


def parse_time_limit(text: str) -> ParseResult:
    """Read a catalog's time-limit wording into a rule; see the module docstring for how. The result is a
    frozen value, so the same wording (a catalog repeats a few wordings thousands of times) is read once."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise TypeError(_("时限表述应为文本"))
    return _parse_cached(text)


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> ParseResult:
    normalised = normalise(text)
    if not normalised.strip(",;。.、:"):
        return ParseResult(UNPARSED_RULE, False, "未填写公开时限，请人工设置", LOW, "未填写公开时限")
    reading = _Reading()
    rules: list[TimeLimitRule] = []
    for part in split_parts(normalised, reading):
        rules.extend(_read_part(part, reading))
    if not rules:
        return _unparsed(reading)
    rules = _order(rules)
    main, *alternatives = rules
    if main.kind in (Kind.DEADLINE, Kind.PERIODIC) and any(_kept_on_display(a) for a in alternatives):
        # "…5个工作日内；长期公示": how long it stays up once published, not a second time limit
        alternatives = [a for a in alternatives if not _kept_on_display(a)]
        reading.notes.append("“长期公示（公开）”指公开后长期保留，不另计时限")
    if reading.orphan_display is not None and main.display_days is None:
        main = with_changes(
            main, display_days=reading.orphan_display[0], display_unit=reading.orphan_display[1]
        )
    if any(rule.alternatives for rule in alternatives):
        return _unparsed(reading, "时限层层嵌套，无法自动识别")
    if alternatives:
        main = with_changes(main, alternatives=tuple(alternatives))
    return _understood(main, reading)


def _kept_on_display(rule: TimeLimitRule) -> bool:
    """An unlabelled "长期公开 / 长期公示" part next to a real time limit."""
    return rule.kind is Kind.CONTINUOUS and not rule.label


def _understood(main: TimeLimitRule, reading: _Reading) -> ParseResult:
    notes = list(reading.notes)
    if main.display_days is not None or any(a.display_days for a in main.alternatives):
        notes.append("公示（公告）期单独记录，表示公告须保留的时间，不是公开时限")
    doubts = list(dict.fromkeys(reading.doubts + reading.failures))
    for rule in (main, *main.alternatives):
        if (
            rule.kind is Kind.PERIODIC
            and rule.amount is None
            and rule.due_month is None
            and not reading.explicit_end
        ):
            doubts.append(f"未写明期限，按每{PERIOD_NOUN[rule.period]}结束前（当期最后一日）公开计算，请确认")
    if reading.unknown:
        doubts.append(f"以下表述未纳入计算：“{'、'.join(reading.unknown)}”")
    note = "已识别为：" + main.describe()
    if notes or doubts:
        note += "。" + "；".join(dict.fromkeys(notes + doubts))
    reason = "；".join(doubts)
    return ParseResult(main, True, note[:300], MEDIUM if doubts else HIGH, reason[:300])


def _unparsed(reading: _Reading, extra: str = "") -> ParseResult:
    reasons = reading.failures + ([f"无法识别：“{'、'.join(reading.unknown)}”"] if reading.unknown else [])
    if extra:
        reasons.append(extra)
    if not reasons:
        reasons.append("没有可计算的时限")
    reason = "；".join(dict.fromkeys(reasons))
    note = f"未能识别的时限表述，请人工设置（{reason}）"
    rule = UNPARSED_RULE
    if reading.orphan_display is not None:
        days, unit = reading.orphan_display
        note += f"；仅识别到公示（公告）期{days}{UNIT_TEXT[unit]}，这不是公开时限"
        rule = TimeLimitRule(kind=Kind.UNPARSED, display_days=days, display_unit=unit)
    return ParseResult(rule, False, note[:300], LOW, reason[:300])
