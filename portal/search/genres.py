"""The genre (体裁) of a public record, read from its title and links: what the 信息公开目录 browses by."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

#: (code, label, title words), checked in order; the first match wins.
GENRES: list[tuple[str, str, tuple[str, ...]]] = [
    ("interpretation", _("政策解读"), ("解读", "答记者问", "一图读懂", "图解")),
    ("report", _("工作报告"), ("年度报告", "年报", "工作报告", "工作总结", "总结")),
    ("budget", _("财政预决算"), ("预算", "决算", "三公经费")),
    ("plan", _("规划计划"), ("规划", "计划", "工作要点", "实施方案")),
    ("policy", _("政策文件"), ("办法", "规定", "意见", "细则", "条例", "决定", "规则", "指引", "标准")),
    ("procurement", _("招标采购"), ("招标", "采购", "中标", "成交", "投标")),
    ("notice", _("公告公示"), ("公告", "公示", "通告", "名单", "名录", "结果")),
    ("circular", _("通知"), ("通知", "通报", "函")),
]
OTHER = ("other", _("其他"))
ITEM = ("catalog", _("公开事项"))
GUIDE = ("guide", _("办事指南"))
LABELS = {code: label for code, label, _words in GENRES} | dict([OTHER, ITEM, GUIDE])


def genre_of(title: str, *, interprets: bool = False, doc_number: str = "") -> str:
    """A genre code for a publication: an interpretation is one whatever its title; a record with a 文号 and
    no other genre word is a policy document."""
    if interprets:
        return "interpretation"
    for code, _label, words in GENRES:
        if any(word in (title or "") for word in words):
            return code
    return "policy" if doc_number else OTHER[0]


def label(code: str) -> str:
    return str(LABELS.get(code, code))
