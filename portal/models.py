"""The public site's own data: the search index, the office's synonym dictionary and the zero-result log."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DocumentKind(models.TextChoices):
    ITEM = "item", _("公开事项")
    GUIDE = "guide", _("办事指南")
    PUBLICATION = "publication", _("公开信息")
    REPLY = "reply", _("依申请公开答复")
    MESSAGE = "message", _("互动交流答复")


class SearchDocument(models.Model):
    """One public record as the search index sees it (公开事项, 办事指南, 公开信息, 答复).

    Built by ``portal.search.documents`` from the apps' selectors; the ``*_seg`` columns hold the segmented
    text the backends index: on PostgreSQL a generated ``tsvector`` column with a GIN index, on SQLite an
    FTS5 table kept in step by triggers (both made by migration 0001).
    """

    kind = models.CharField(_("类型"), max_length=20, choices=DocumentKind.choices)
    key = models.CharField(_("编码"), max_length=120)
    url = models.CharField(_("地址"), max_length=300)
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    items = models.CharField(_("对应事项"), max_length=500, blank=True)
    summary = models.TextField(_("正文摘录"), blank=True)
    title_seg = models.TextField(blank=True)
    docno_seg = models.TextField(blank=True)
    item_seg = models.TextField(blank=True)
    body_seg = models.TextField(blank=True)
    field_code = models.CharField(_("领域"), max_length=40, blank=True, db_index=True)
    field_name = models.CharField(_("领域名称"), max_length=100, blank=True)
    unit_code = models.CharField(_("单位"), max_length=32, blank=True, db_index=True)
    unit_name = models.CharField(_("单位名称"), max_length=200, blank=True)
    tiers = models.CharField(_("层级"), max_length=40, blank=True, help_text=_("空格分隔，前后各一个空格"))
    year = models.PositiveIntegerField(_("年份"), null=True, blank=True, db_index=True)
    genre = models.CharField(_("体裁"), max_length=20, blank=True, db_index=True)
    validity = models.CharField(_("有效性"), max_length=10, blank=True, db_index=True)
    date = models.DateTimeField(_("日期"), null=True, blank=True, db_index=True)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("搜索文档")
        verbose_name_plural = _("搜索文档")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="portal_searchdoc_kind_key")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.title}"

    @property
    def genre_label(self) -> str:
        from .search.genres import label

        return label(self.genre)


SPLIT = re.compile(r"[\s,，、;；/|]+")


class SynonymGroup(models.Model):
    """A set of words that mean the same to a citizen (低保 ↔ 最低生活保障), kept by the district office."""

    terms = models.CharField(
        _("同义词和简称"),
        max_length=300,
        help_text=_("用空格或顿号分隔，如：低保 最低生活保障 城乡低保。第一个词作为推荐词。"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("同义词和简称")
        verbose_name_plural = _("同义词和简称词典")
        ordering = ["id"]

    def __str__(self):
        return " ↔ ".join(self.words)

    @property
    def words(self) -> list[str]:
        return [w for w in dict.fromkeys(SPLIT.split(self.terms or "")) if w]


class ZeroResultQuery(models.Model):
    """A query that found nothing, counted, for the office to add synonyms or content."""

    query = models.CharField(_("搜索词"), max_length=100, unique=True)
    count = models.PositiveIntegerField(_("次数"), default=1)
    first_seen = models.DateTimeField(_("首次"), auto_now_add=True)
    last_seen = models.DateTimeField(_("最近"), auto_now=True, db_index=True)
    resolved = models.BooleanField(_("已处理"), default=False)

    class Meta:
        verbose_name = _("无结果搜索")
        verbose_name_plural = _("无结果搜索记录")
        ordering = ["-count", "-last_seen"]

    def __str__(self):
        return f"{self.query}（{self.count}）"
