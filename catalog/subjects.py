"""Read the wording of 公开主体: which bodies it names, and how.

A catalog writes its responsible subjects as words, not unit codes: "区民政局、各街道办事处", "县级人民政府民政部门",
"乡镇人民政府（街道办事处）", "村（居）委会", "各采购单位", "相关部门". :func:`parse_subject` splits them into
clauses, each with the rule it matched:

* ``government`` — the district (county) government itself: 区人民政府, 县政府, 本级人民政府;
* ``sector`` — a department named by its sector (职能): 县民政局, 民政部门, 区应急局, 公安机关; the units carrying that
  sector (``Unit.sectors``) at the district tier;
* ``streets`` — 乡镇/街道 named: every street (乡镇) of the district;
* ``communities`` / ``villages`` / ``neighbourhoods`` — 社区/居委会, 村委会, 村（居）委会: every community, village, or both;
* ``each`` — words that say "each": 各部门, 各单位, 各采购单位: every unit of the district tier;
* ``vague`` — words that name no one (相关部门, 有关单位, 相关审批部门): the field's lead and cooperating units, for
  the office to confirm;
* ``higher`` — a body above the district (省/市/国家 …): not a unit of this portal;
* ``named`` — a unit named outright is recognised later, against the unit list (the words of any clause are
  tried against the units' names and aliases first);
* ``unknown`` — nothing recognised.

The clauses carry no unit ids: units change, the words do not. :mod:`publishing.responsibility` matches them
to the units of the day. :func:`subject_kinds` keeps the older summary (unit kinds) for the catalog's own
admin and diff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from organizations.models import UnitKind
from organizations.sectors import sector_names, sectors_in

GOVERNMENT, SECTOR, STREETS, COMMUNITIES, VILLAGES, NEIGHBOURHOODS = (
    "government",
    "sector",
    "streets",
    "communities",
    "villages",
    "neighbourhoods",
)
EACH, VAGUE, HIGHER, UNKNOWN = "each", "vague", "higher", "unknown"

#: What each rule means, as the office reads it.
RULE_LABELS = {
    GOVERNMENT: "本级人民政府",
    SECTOR: "承担该职能的区（县）级部门",
    STREETS: "每个街道（乡镇）",
    COMMUNITIES: "每个社区居委会",
    VILLAGES: "每个村委会",
    NEIGHBOURHOODS: "每个社区居委会和村委会",
    EACH: "本级每个部门",
    VAGUE: "未指明单位：按领域牵头和配合单位暂定，待公开办确认",
    HIGHER: "上级机关，不属本区单位",
    UNKNOWN: "未能识别",
}

#: The unit kinds a tier-wide rule gives the item to.
RULE_KINDS: dict[str, tuple[str, ...]] = {
    STREETS: (UnitKind.STREET.value, UnitKind.TOWNSHIP.value),
    COMMUNITIES: (UnitKind.COMMUNITY.value,),
    VILLAGES: (UnitKind.VILLAGE.value,),
    NEIGHBOURHOODS: (UnitKind.COMMUNITY.value, UnitKind.VILLAGE.value),
    EACH: (UnitKind.DEPARTMENT.value, UnitKind.INSTITUTION.value),
    GOVERNMENT: (UnitKind.GOVERNMENT.value,),
}

# Phrases are split at these; "和" / "及" are not separators ("人力资源和社会保障局", "住房和城乡建设局").
_SEPARATORS = set("、，,；;／/")
_BREAKS = re.compile(r"[\s\u3000]+")
# A cell's line break or space inside one name ("公安\n分局", "乡镇人民 政府"): the part after it continues the name.
_CONTINUES = re.compile(r"^(?:人民政府|政府|分局|局|办公室|委员会|部门|中心|办事处|所|站|科)")
_JOINERS = re.compile(r"以及|会同|配合")
_PARENS = re.compile(r"[（(]([^）)]*)[）)]")
# Both kinds of neighbourhood committee: 村（居）委会, 村居委会, 村(社区), 村、社区 …
_BOTH = re.compile(r"村[（(]?(?:居|社区)[）)]?|居村|城乡社区")
_COMMUNITY = re.compile(r"社区|居委会|居民委员会|居民小组")
# 村 as a body (村委会, 各村, 村级, 村民小组), not inside 农村 / 乡村 / 城中村.
_VILLAGE = re.compile(
    r"(?<![农乡中])村(?:委会|民委员会|级|民小组|务|集体|股份经济合作社)|^各?村$|各村|行政村"
)
# 乡镇 / 街道 as bodies; 城乡, 城镇, 乡村振兴 are words, not townships.
_STREET = re.compile(
    r"(?<![城])乡镇|乡[（(]镇|(?<![城])镇(?:人民)?政府|(?<![城])乡(?:人民)?政府|街道|(?<![城])镇级|^各?[乡镇]$"
)
_EACH = re.compile(
    r"^各(?:级各)?(?:部门|单位|采购单位|预算单位|行政机关|机关|委办局|科局|职能部门)$|^(?:区|县)?直各(?:部门|单位)$"
)
_VAGUE = re.compile(
    r"相关|有关|主管部门|职能部门|责任单位|责任部门|行业部门|属地|^(?:区|县|市|旗)?[级直]?部门$"
)
_GOVERNMENT = re.compile(r"人民政府|政府$|^(?:区|县|市|旗)?政府$|管委会$|管理委员会$")
_HIGHER = re.compile(r"^(?:国家|国务院|中央|省|自治区|州)|^市(?![场政容民])")


@dataclass(frozen=True)
class Clause:
    """One body a 公开主体 wording names."""

    words: str  # as published
    rule: str
    sectors: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # the words to try against the units' names and aliases

    @property
    def label(self) -> str:
        if self.rule == SECTOR:
            return f"{sector_names(self.sectors)}部门（区级）"
        return RULE_LABELS[self.rule]

    @property
    def kinds(self) -> tuple[str, ...]:
        return RULE_KINDS.get(self.rule, ())


def _rejoin(chunk: str) -> list[str]:
    """Split a chunk at its line breaks and spaces, except where the next part only continues a name."""
    parts = [p for p in _BREAKS.split(chunk) if p]
    out: list[str] = []
    for part in parts:
        if out and (_CONTINUES.match(part) or out[-1].endswith("人民")):
            out[-1] += part
        else:
            out.append(part)
    return out


def phrases(text: str) -> list[str]:
    """The phrases of a 公开主体 wording, split at its separators; a separator inside brackets does not split."""
    text = _JOINERS.sub("、", (text or "").strip())
    out, depth, current = [], 0, []
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and ch in _SEPARATORS:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    out = [joined for chunk in out for joined in _rejoin(chunk)]
    cleaned = []
    for phrase in out:
        phrase = phrase.strip().rstrip("等。.")
        for lead in ("由", "负责", "牵头"):
            phrase = phrase.removeprefix(lead)
        if phrase:
            cleaned.append(phrase)
    return cleaned


def _names(phrase: str) -> tuple[str, ...]:
    """The phrase and the words in and outside its brackets: 区城改办（区房屋征收部门） → both names."""
    inner = _PARENS.findall(phrase)
    outer = _PARENS.sub("", phrase).strip()
    names = [phrase, outer, *inner]
    names += [n.removeprefix("各") for n in names]
    return tuple(dict.fromkeys(n for n in names if n))


def parse_phrase(phrase: str, *, own_city: bool = False) -> Clause:
    """The clause one phrase names. ``own_city``: the district is a county-level city, so 市X局 is its own."""
    names = _names(phrase)
    if _BOTH.search(phrase):
        return Clause(phrase, NEIGHBOURHOODS, names=names)
    if _COMMUNITY.search(phrase) and _VILLAGE.search(phrase):
        return Clause(phrase, NEIGHBOURHOODS, names=names)
    if _COMMUNITY.search(phrase):
        return Clause(phrase, COMMUNITIES, names=names)
    if _VILLAGE.search(phrase):
        return Clause(phrase, VILLAGES, names=names)
    if _STREET.search(phrase):
        return Clause(phrase, STREETS, names=names)
    if _HIGHER.search(phrase) and not (own_city and phrase.startswith("市")):
        return Clause(phrase, HIGHER, names=names)
    if _VAGUE.search(phrase) and not sectors_in(re.sub(_VAGUE, "", phrase)):
        return Clause(phrase, VAGUE, names=names)
    found = tuple(sectors_in(phrase))
    if found:
        return Clause(phrase, SECTOR, sectors=found, names=names)
    if _EACH.search(phrase):
        return Clause(phrase, EACH, names=names)
    if _VAGUE.search(phrase):
        return Clause(phrase, VAGUE, names=names)
    if _GOVERNMENT.search(phrase):
        return Clause(phrase, GOVERNMENT, names=names)
    return Clause(phrase, UNKNOWN, names=names)


def _parse_bracketed(phrase: str, own_city: bool) -> list[Clause]:
    """A phrase with brackets: the words outside them decide ("区城改办（区房屋征收部门）" is one unit); the words
    inside add a tier of their own ("各街道办事处（社区）": the streets and the communities)."""
    if _BOTH.search(phrase) or not _PARENS.search(phrase):
        return [parse_phrase(phrase, own_city=own_city)]
    outer = _PARENS.sub("", phrase).strip()
    first = parse_phrase(outer, own_city=own_city) if outer else None
    if first is None or first.rule == UNKNOWN:
        first = parse_phrase(phrase, own_city=own_city)
    clauses = [Clause(phrase, first.rule, first.sectors, _names(phrase))]
    for inner in _PARENS.findall(phrase):
        extra = parse_phrase(inner, own_city=own_city)
        if extra.kinds and extra.rule != first.rule and first.kinds:
            clauses.append(Clause(phrase, extra.rule, extra.sectors, ()))
    return clauses


def parse_subject(text: str, *, own_city: bool = False) -> list[Clause]:
    """The clauses of a 公开主体 wording, in the order they appear (a repeated phrase once)."""
    seen: dict[tuple[str, str], Clause] = {}
    for phrase in phrases(text):
        for clause in _parse_bracketed(phrase, own_city):
            seen.setdefault((clause.words, clause.rule), clause)
    return list(seen.values())


_RULE_TO_KINDS = {
    GOVERNMENT: [UnitKind.GOVERNMENT.value],
    SECTOR: [UnitKind.DEPARTMENT.value],
    STREETS: [UnitKind.STREET.value, UnitKind.TOWNSHIP.value],
    COMMUNITIES: [UnitKind.COMMUNITY.value],
    VILLAGES: [UnitKind.VILLAGE.value],
    NEIGHBOURHOODS: [UnitKind.COMMUNITY.value, UnitKind.VILLAGE.value],
    EACH: [UnitKind.DEPARTMENT.value],
    VAGUE: [UnitKind.DEPARTMENT.value],
}


def subject_kinds(text: str) -> list[str]:
    """The unit kinds a 公开主体 wording names, in the order they appear; [] when none is recognised. A summary
    for the catalog's admin and diff; obligations are generated from :func:`parse_subject`, not from kinds."""
    kinds: list[str] = []
    for clause in parse_subject(text):
        found = _RULE_TO_KINDS.get(clause.rule, ())
        if clause.rule == UNKNOWN and re.search("学校|中心|医院|幼儿园", clause.words):
            found = [UnitKind.INSTITUTION.value]  # a public institution named outright
        if clause.rule == STREETS:  # the summary names what the words name: 街道, 乡镇, or both
            found = [UnitKind.STREET.value] * ("街道" in clause.words) + [UnitKind.TOWNSHIP.value] * bool(
                re.search("[乡镇]", clause.words)
            )
        for kind in found:
            if kind not in kinds:
                kinds.append(kind)
    return kinds
