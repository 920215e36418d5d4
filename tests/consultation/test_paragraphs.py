"""A draft's numbered paragraphs (条/段): articles with their 款/项, headings standing alone, plain lines as 段."""

from __future__ import annotations

from consultation.paragraphs import label_of, split

ARTICLES = """第一章 总则
第一条 为了方便居民出行，制定本办法。
第二条 本办法适用于：
（一）四层以上住宅；
（二）未设电梯的住宅。

第二章 补助
第三条 区财政给予补助。"""


def test_articles_keep_their_items_and_headings_stand_alone():
    got = [(p.number, p.label, p.text) for p in split(ARTICLES)]
    assert got == [
        (1, "第1段", "第一章 总则"),
        (2, "第一条", "第一条 为了方便居民出行，制定本办法。"),
        (3, "第二条", "第二条 本办法适用于：\n（一）四层以上住宅；\n（二）未设电梯的住宅。"),
        (4, "第4段", "第二章 补助"),
        (5, "第三条", "第三条 区财政给予补助。"),
    ]


def test_a_draft_without_articles_is_numbered_by_line():
    lines = ["一、压缩企业开办时间。", "二、实行告知承诺制。", "三、建立政企沟通例会。"]
    draft = "\n\n".join(lines) + "\n"
    got = split(draft)
    assert [p.label for p in got] == [f"第{n}段" for n in range(1, len(lines) + 1)]
    assert [p.text for p in got] == lines


def test_labels_and_excerpts():
    paragraphs = split(ARTICLES)
    assert label_of(paragraphs, None) == "整体意见"
    assert label_of(paragraphs, 5) == "第三条"
    assert paragraphs[1].rest == "为了方便居民出行，制定本办法。"  # the heading is the label, shown once
    assert paragraphs[0].rest == "第一章 总则"  # a 段 keeps its text whole
    long = split("第一条 " + "很长的条文" * 20)[0]
    assert long.excerpt.endswith("…") and len(long.excerpt) < len(long.text)
    assert split("") == [] and split("\n \n") == []
