"""The sectors (职能) a department carries, with the words catalogs use for them.

A catalog's 公开主体 names a department by its sector far more often than by its exact name: "县民政局",
"县级人民政府民政部门", "民政部门", "区应急局", "公安机关", "自然资源部门". A unit carries the sectors it
answers for (``Unit.sectors``); a district whose reform merged bureaus (法制办 into 司法局, 国土 and 规划 into
自然资源和规划局) gives one unit several. :func:`propose_sectors` reads them off a unit's name; the office sets
them in the admin.

The vocabulary was built from the responsible subjects of the 26 fields' national guidelines (国办发〔2019〕54号
and the ministries' 标准指引, e.g. 《社会救助领域基层政务公开标准指引》民发〔2019〕33号 names "县级人民政府民政部门"
and "乡镇人民政府（街道办事处）"; 《生态环境领域基层政务公开标准指引》names "县级生态环境部门"), and from real
公开主体 columns (杭州市拱墅区 2017 plan: 国土拱墅分局、区城改办、区城管局、区行政审批办、区编委办; county
catalogs such as 宁夏 13 fields: 县民政局、县住建局、县自然资源局、县应急管理局、县市场监管局、县公安局).
The aliases are matched as substrings of one 公开主体 phrase, longest first; an alias is never a word that also
means a tier ("乡", "镇", "村", "人民政府").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sector:
    code: str
    name: str
    aliases: tuple[str, ...]


SECTORS: tuple[Sector, ...] = (
    Sector("general-office", "政府办公室", ("政府办公室", "政府办", "政务公开办", "办公室（政务公开")),
    Sector("development-reform", "发展和改革", ("发展和改革", "发展改革", "发改", "物价")),
    Sector("education", "教育", ("教育", "教体", "教科")),
    Sector("science-industry", "科技和经济信息化", ("科技", "科学技术", "经信", "经济和信息化", "工信")),
    Sector("public-security", "公安", ("公安", "派出所", "户籍")),
    Sector("civil-affairs", "民政", ("民政",)),
    Sector("justice", "司法行政", ("司法", "法制", "法治")),
    Sector("finance", "财政", ("财政",)),
    Sector(
        "human-resources",
        "人力资源和社会保障",
        ("人力资源和社会保障", "人力资源社会保障", "人社", "劳动保障", "社会保险", "社保", "就业"),
    ),
    Sector(
        "natural-resources",
        "自然资源和规划",
        ("自然资源", "国土资源", "国土", "规划和自然资源", "城乡规划", "规划局", "规划部门", "不动产"),
    ),
    Sector("ecology-environment", "生态环境", ("生态环境", "环境保护", "环保")),
    Sector(
        "housing-construction",
        "住房和城乡建设",
        ("住房和城乡建设", "住房城乡建设", "住建", "建设局", "建设部门", "住房保障", "房管", "房产管理"),
    ),
    Sector("house-expropriation", "房屋征收", ("房屋征收", "城中村改造", "城改", "征收办", "拆迁")),
    Sector(
        "urban-management",
        "城市管理",
        ("城市管理", "城管", "综合执法", "综合行政执法", "环境卫生", "环卫", "市容"),
    ),
    Sector("transport", "交通运输", ("交通运输", "交通")),
    Sector("water", "水利", ("水利", "水务")),
    Sector("agriculture", "农业农村", ("农业农村", "农业", "农村工作", "农经", "林业", "畜牧")),
    Sector("rural-revitalization", "乡村振兴", ("乡村振兴", "扶贫")),
    Sector("commerce", "商务", ("商务", "商贸")),
    Sector("culture-tourism", "文化和旅游", ("文化和旅游", "文化旅游", "文旅", "文广", "文化", "旅游")),
    Sector("sports", "体育", ("体育",)),
    Sector("health", "卫生健康", ("卫生健康", "卫健", "卫生", "计生", "疾控")),
    Sector("veterans", "退役军人事务", ("退役军人",)),
    Sector("emergency", "应急管理", ("应急管理", "应急", "安全生产", "安监", "消防")),
    Sector("audit", "审计", ("审计",)),
    Sector(
        "market-regulation",
        "市场监管",
        ("市场监督管理", "市场监管", "市场监督", "工商", "质监", "食品药品", "食药"),
    ),
    Sector("statistics", "统计", ("统计",)),
    Sector("medical-security", "医疗保障", ("医疗保障", "医保")),
    Sector(
        "government-services",
        "行政审批和政务服务",
        ("行政审批", "政务服务", "审批服务", "审批局", "审批办", "便民服务"),
    ),
    Sector("public-resources", "公共资源交易", ("公共资源交易", "招投标", "采购中心")),
    Sector("taxation", "税务", ("税务",)),
    Sector("organization-staffing", "机构编制", ("机构编制", "编委", "编办")),
    Sector("petitions", "信访", ("信访",)),
    Sector("disabled", "残疾人事业", ("残联", "残疾人联合会")),
)

BY_CODE: dict[str, Sector] = {s.code: s for s in SECTORS}
CHOICES: list[tuple[str, str]] = [(s.code, s.name) for s in SECTORS]

#: (alias, sector code), longest alias first: "人力资源和社会保障" is found before "社会保险" could be.
ALIASES: tuple[tuple[str, str], ...] = tuple(
    sorted(((alias, s.code) for s in SECTORS for alias in s.aliases), key=lambda pair: -len(pair[0]))
)


#: Words that contain an alias but name no sector: 人民政府 holds 民政.
_NOT_SECTORS = re.compile(r"人民政府(?!办公)")


def sectors_in(text: str) -> list[str]:
    """The sector codes whose aliases occur in ``text``, in order of first occurrence; an alias inside a longer
    alias already matched (社保 inside 人力资源和社会保障 …) does not count twice."""
    text = _NOT_SECTORS.sub(lambda m: "□" * len(m.group()), text or "")
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for alias, code in ALIASES:
        start = text.find(alias)
        while start >= 0:
            end = start + len(alias)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                if code not in (c for _pos, c in found):
                    found.append((start, code))
            start = text.find(alias, start + 1)
    return [code for _pos, code in sorted(found)]


def propose_sectors(name: str) -> list[str]:
    """The sectors a unit's name suggests (区民政局 → 民政; 区自然资源和规划局 → 自然资源和规划)."""
    return sectors_in(name)


def sector_names(codes) -> str:
    return "、".join(BY_CODE[c].name if c in BY_CODE else c for c in codes or ())
