"""A draft's text as numbered paragraphs (条/段), so a citizen can say which one a comment is about.

The rule, kept simple so that an officer can predict it: the draft is read line by line (blank lines
dropped). Where the draft is written in articles (a line begins "第X条"), each article is one paragraph and
the lines after it — its 款 and 项, "（一）……" — belong to it; a chapter or section heading ("第一章 总则",
"第二节 …") and any line before the first article stand alone. Otherwise every line is one paragraph (段).
A paragraph is labelled by its article's heading ("第三条") or by its place ("第4段"). Its number is its
place in the draft, 1 … n: a comment keeps that number, and a draft is not edited after it is opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

ARTICLE = re.compile(r"^第[一二三四五六七八九十百千零〇两\d]+条")
HEADING = re.compile(r"^第[一二三四五六七八九十百千零〇两\d]+[章节编]")
#: How much of a paragraph a choice list shows.
EXCERPT = 24


@dataclass(frozen=True)
class Paragraph:
    number: int
    label: str
    text: str

    @property
    def rest(self) -> str:
        """The text without the article's heading (the label shows it)."""
        if self.text.startswith(self.label):
            return self.text[len(self.label) :].lstrip()
        return self.text

    @property
    def excerpt(self) -> str:
        rest = self.rest.replace("\n", " ")
        return rest if len(rest) <= EXCERPT else rest[:EXCERPT] + "…"


def split(draft: str) -> list[Paragraph]:
    """The numbered paragraphs of ``draft`` (see the module's rule)."""
    lines = [line.strip() for line in (draft or "").splitlines() if line.strip()]
    articles = any(ARTICLE.match(line) for line in lines)
    chunks: list[list[str]] = []
    open_article = False
    for line in lines:
        starts = ARTICLE.match(line)
        if not articles or starts or HEADING.match(line) or not open_article:
            chunks.append([line])
            open_article = bool(starts)
        else:
            chunks[-1].append(line)
    out = []
    for number, chunk in enumerate(chunks, start=1):
        head = ARTICLE.match(chunk[0])
        label = head.group(0) if head else _("第%(n)d段") % {"n": number}
        out.append(Paragraph(number=number, label=label, text="\n".join(chunk)))
    return out


def label_of(paragraphs: list[Paragraph], number: int | None) -> str:
    """The label of paragraph ``number`` ("整体意见" for a comment on the whole draft)."""
    if number is None:
        return _("整体意见")
    for p in paragraphs:
        if p.number == number:
            return p.label
    return _("第%(n)d段") % {"n": number}
