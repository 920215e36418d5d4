"""The request form's helper: "is it already public?" (条例 第三十六条第（一）项: already public, say where).

What the applicant types is a sentence ("低保金怎么申请"), not a title. It is cut into words with the portal's
own analyser (jieba, the office's synonym dictionary: 低保 → 最低生活保障), reached through
:mod:`core.query_terms` because the portal sits above foi; words that say nothing about the subject (怎么, 申请,
信息 …) are dropped, and a record matches when its title holds any alternative of any word. Records that match
more of the words come first. A fixed number of queries, whatever the text.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from core import query_terms

MAX_WORDS = 4
MAX_ALTERNATIVES = 6
LIMIT = 8
#: Words that carry no subject: how people ask, not what about.
STOP = frozenset(
    "关于 申请 公开 信息 政府 政府信息 提供 要求 相关 有关 请 我 我们 我的 想 想要 需要 了解 查询 查看 获取 "
    "怎么 怎样 如何 哪里 哪儿 什么 哪些 多少 是否 能否 可以 吗 呢 啊 一下 情况 问题 办理 办 的 和 及 与 或 在 "
    "给 对 为 是 有 没有 谁 时候 时间 什么时候 去 到 要 能 会 请问 问 你好 您好 谢谢 麻烦 帮忙".split()
)


def words(text: str) -> list[list[str]]:
    """The subject words of ``text``, each with its alternatives (longest first), at most :data:`MAX_WORDS`."""
    out: list[list[str]] = []
    for group in query_terms.alternatives(text):
        head = group[0]
        if head in STOP or len(head) < 2:
            continue
        alts = [a for a in dict.fromkeys(group) if len(a) >= 2 and a not in STOP][:MAX_ALTERNATIVES]
        if alts:
            out.append(alts)
    return out[:MAX_WORDS]


def _any_title(field: str, groups: list[list[str]]) -> Q:
    q = Q()
    for group in groups:
        for alt in group:
            q |= Q(**{f"{field}__icontains": alt})
    return q


def _score(title: str, groups: list[list[str]]) -> int:
    """How many of the words the title holds (any alternative of each)."""
    return sum(any(alt in title for alt in group) for group in groups)


def matching_public_records(text: str, limit: int = LIMIT) -> list[dict[str, str]]:
    """Public records — published publications, service guides and catalog items in force — whose titles hold
    the subject of ``text``, best first, with links. Three bounded queries."""
    from catalog.models import ServiceGuide
    from catalog.selectors import public_items
    from publishing.models import Publication

    groups = words(text)
    if not groups:
        return []
    pool = limit * 4
    publications = (
        Publication.objects.published()
        .filter(_any_title("title", groups))
        .order_by("-formed_on", "-id")
        .values_list("title", "index_number", "unit__name")[:pool]
    )
    guides = (
        ServiceGuide.objects.filter(is_active=True)
        .filter(_any_title("title", groups))
        .order_by("id")
        .values_list("title", "code")[:pool]
    )
    items = (
        public_items()
        .filter(_any_title("name", groups))
        .order_by("position")
        .values_list("name", "code")[:pool]
    )
    kinds = [
        [_link("办事指南", title, "", reverse("guide", args=[code])) for title, code in guides],
        [
            _link("公开信息", title, unit, reverse("publication", args=[number]))
            for title, number, unit in publications
        ],
        [_link("公开事项", name, "", reverse("item", args=[code])) for name, code in items],
    ]
    return _best(kinds, groups, limit)


def _link(kind: str, title: str, unit: str, url: str) -> dict[str, str]:
    return {"kind": kind, "title": title, "unit": unit, "url": url}


def _best(kinds: list[list[dict[str, str]]], groups: list[list[str]], limit: int) -> list[dict[str, str]]:
    """The best-scoring links of each kind, a fair share each (guides, publications, items), then all of them
    by score: a sentence about 低保 shows its guide and its catalog item, not eight communities' notices."""
    ranked = [sorted(links, key=lambda link: -_score(link["title"], groups)) for links in kinds]
    share = max(1, limit // len(ranked))
    chosen = [link for links in ranked for link in links[:share]]
    rest = [link for links in ranked for link in links[share:]]
    chosen += sorted(rest, key=lambda link: -_score(link["title"], groups))[: max(0, limit - len(chosen))]
    order = {id(link): n for n, link in enumerate(chosen)}
    return sorted(chosen, key=lambda link: (-_score(link["title"], groups), order[id(link)]))[:limit]
