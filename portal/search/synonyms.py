"""The office's synonym and abbreviation dictionary, as the search reads it.

Loaded once per dictionary version (a cache key bumped on every change), taught to the segmenter, and turned
into two maps: a word → its group's other words, and pinyin / initials → words (dibao, db → 低保).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache

from . import text

VERSION_KEY = "portal:synonyms:version"

#: The seed the migration loads; the office edits the rows in the admin afterwards.
SEED: list[tuple[str, str]] = [
    ("低保 最低生活保障 城乡低保 城乡居民最低生活保障", "社会救助"),
    ("特困 特困供养 特困人员救助供养 五保 五保户 五保供养", "社会救助"),
    ("临时救助 急难救助", "社会救助"),
    ("公租房 公共租赁住房", "保障性住房"),
    ("廉租房 廉租住房", "保障性住房"),
    ("保障房 保障性住房 保障性安居工程", "保障性住房"),
    ("拆迁 房屋征收 征收 拆迁安置", "国有土地上房屋征收与补偿"),
    ("拆迁补偿 征收补偿 房屋征收补偿", "国有土地上房屋征收与补偿"),
    ("征地 征收土地 土地征收", "征地补偿"),
    ("医保 医疗保险 基本医疗保险", "社会保险"),
    ("社保 社会保险", "社会保险"),
    ("养老金 养老保险 基本养老保险", "社会保险"),
    ("残疾人两项补贴 两项补贴 困难残疾人生活补贴 重度残疾人护理补贴", "社会救助"),
    ("危房改造 农村危房改造 危改", "农村危房改造"),
    ("义务教育 九年义务教育", "义务教育"),
    ("招生 入学 招生入学", "义务教育"),
    ("政府采购 采购", "公共资源交易"),
    ("招投标 招标 投标 招标投标", "公共资源交易"),
    ("预决算 预算 决算 财政预决算", "财政预决算"),
    ("三公经费 三公", "财政预决算"),
    ("依申请公开 政府信息公开申请 申请公开", "政务公开"),
]


@dataclass
class Dictionary:
    groups: list[list[str]] = field(default_factory=list)
    by_word: dict[str, list[str]] = field(default_factory=dict)
    by_pinyin: dict[str, list[str]] = field(default_factory=dict)

    def alternatives(self, word: str) -> list[str]:
        """``word`` and every word of its groups, ``word`` first."""
        return [word] + [w for w in self.by_word.get(word, []) if w != word]

    def from_pinyin(self, latin: str) -> list[str]:
        return self.by_pinyin.get(latin.lower(), [])


def seed_if_empty(model=None) -> int:
    """Load SEED when the dictionary is empty (the migration; tests after a flush). Returns rows added."""
    if model is None:
        from ..models import SynonymGroup as model
    if model.objects.exists():
        return 0
    model.objects.bulk_create(model(terms=terms, note=note) for terms, note in SEED)
    bump()
    return len(SEED)


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump() -> None:
    """The dictionary changed: every worker reloads it (signal receiver; takes any arguments)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


_loaded: tuple[int, Dictionary] | None = None


def build(groups: list[list[str]], extra_words=()) -> Dictionary:
    d = Dictionary(groups=[[text.normalize(w) for w in g] for g in groups])
    for group in d.groups:
        for word in group:
            d.by_word.setdefault(word, [])
            d.by_word[word] += [w for w in group if w not in d.by_word[word]]
    for word in [w for g in d.groups for w in g] + [text.normalize(w) for w in extra_words]:
        if text.is_latin(word) or len(word) < 2:
            continue
        for key in text.pinyin_keys(word):
            bucket = d.by_pinyin.setdefault(key, [])
            if word not in bucket:
                bucket.append(word)
    text.teach(w for g in d.groups for w in g)
    return d


def current() -> Dictionary:
    """The dictionary in force (active groups), with the active fields' names for pinyin too."""
    global _loaded
    v = version()
    if _loaded is not None and _loaded[0] == v:
        return _loaded[1]
    from domains.models import Domain

    from ..models import SynonymGroup

    groups = [g.words for g in SynonymGroup.objects.filter(is_active=True)]
    names = list(Domain.objects.active().values_list("name", flat=True))
    dictionary = build(groups, names)
    _loaded = (v, dictionary)
    return dictionary
