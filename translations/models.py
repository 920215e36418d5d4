"""Reviewed translations of public records into Tibetan and Yi (藏汉 / 彝汉 service in the ethnic townships).

One :class:`Translation` per record and language: a service guide, a catalog item or a notice on a board
(a publication), named generically by content type and primary key. Chinese stays the authoritative text
(国家通用语言文字法 art. 9): a translation keeps the Chinese it was made from, and the public sees it only once
reviewed (:meth:`TranslationQuerySet.reviewed`) — never a draft, never machine output that nobody checked.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

AREA = "translations"


class Language(models.TextChoices):
    TIBETAN = "bo", _("藏文")
    YI = "ii", _("彝文")


class Status(models.TextChoices):
    UNTRANSLATED = "untranslated", _("未译")
    PENDING = "pending", _("待审")
    REVIEWED = "reviewed", _("已审")


class TranslationQuerySet(models.QuerySet):
    def reviewed(self):
        """What the public may see: reviewed translations only."""
        return self.filter(status=Status.REVIEWED)

    def of(self, record: models.Model):
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk))


class Translation(models.Model):
    """A record's text in Tibetan or Yi, with its translator, its reviewer and its status (未译/待审/已审)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("记录类型"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("记录编号"), max_length=64)
    language = models.CharField(_("语种"), max_length=8, choices=Language.choices)
    source_text = models.TextField(
        _("中文原文"), blank=True, help_text=_("译文所依据的中文（段落之间空一行），公开页左右对照显示。")
    )
    title = models.CharField(_("译文标题"), max_length=300, blank=True)
    body = models.TextField(_("译文"), blank=True, help_text=_("段落之间空一行，与中文原文逐段对应。"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.UNTRANSLATED)
    translator = models.CharField(_("译者"), max_length=100, blank=True)
    translated_on = models.DateField(_("翻译日期"), null=True, blank=True)
    reviewer = models.CharField(_("审校人"), max_length=100, blank=True)
    reviewed_on = models.DateField(_("审校日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()
    objects = TranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("民族语文译文")
        verbose_name_plural = _("民族语文译文")
        ordering = ["content_type_id", "object_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="translation_one_per_record_language"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model}:{self.object_id} [{self.language}] {self.get_status_display()}"

    def source_paragraphs(self) -> list[str]:
        return split_paragraphs(self.source_text)

    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)

    def pairs(self) -> list[tuple[str, str]]:
        """The Chinese and the translation paragraph by paragraph (side by side on the page)."""
        zh, tr = self.source_paragraphs(), self.paragraphs()
        length = max(len(zh), len(tr))
        return [(zh[i] if i < len(zh) else "", tr[i] if i < len(tr) else "") for i in range(length)]


def split_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
