"""The 公开栏 (村务/居务公开栏, 公示栏, 电子屏; 条例 art. 25) and the proof that a record was posted on one.

A :class:`Board` is a place a unit keeps. A :class:`Posting` is one publication on one board: the printed sheet
(PDF and its SHA-256), the day it went up, the period of its item's 公示 rule (:class:`PostingPeriod`: N 日 or N
工作日, the posting day not counted) and the computed last day, who posted it, a photo at posting and one at the
end (optional, counted), the day it was taken down. An :class:`Objection` raised during the period is recorded
with its channel, handling and result; when it changes the content, a re-posting supersedes the posting.
Nothing is deleted: boards retire, postings are taken down or superseded, and every step is appended to
:class:`PostingEvent`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyModel
from organizations import permissions as perms

AREA = (
    "publishing"  # posting on a board is a publishing channel: the unit's officers post, the office oversees
)


def photo_path(instance, filename: str) -> str:
    """A server-made name for a checked photo (core.uploads verified its type matches its extension)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    ext = {"jpeg": "jpg"}.get(ext, ext)
    return f"boards/photos/{uuid.uuid4().hex}.{ext if ext in ('jpg', 'png') else 'jpg'}"


def sheet_path(instance, filename: str) -> str:
    return f"boards/sheets/{uuid.uuid4().hex}.pdf"


class BoardKind(models.TextChoices):
    BOARD = "board", _("公开栏")
    SCREEN = "screen", _("电子屏")


class BoardQuerySet(models.QuerySet):
    def visible_to(self, user) -> BoardQuerySet:
        return self.filter(perms.unit_filter(user, perms.VIEW, AREA, "unit__"))

    def active(self) -> BoardQuerySet:
        return self.filter(is_active=True)


class Board(models.Model):
    """A notice board (公开栏) or screen (电子屏) a unit keeps: a place, retired rather than deleted."""

    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=100)
    location = models.CharField(_("位置"), max_length=200, help_text=_("如：社区服务中心一楼大厅东侧"))
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=BoardKind.choices, default=BoardKind.BOARD)
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("管理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("在用"), default=True)
    retired_on = models.DateField(_("停用日期"), null=True, blank=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开栏")
        verbose_name_plural = _("公开栏")
        ordering = ("unit_id", "name", "id")

    def __str__(self) -> str:
        return self.name


class PostingPeriod(models.Model):
    """The 公示 period of one catalog item: N 日 (natural days) or N 工作日, derived from the item's wording where
    it says so, else set by the office."""

    item = models.OneToOneField(
        "catalog.DisclosureItem", verbose_name=_("公开事项"), on_delete=models.PROTECT, related_name="+"
    )
    days = models.PositiveSmallIntegerField(_("公示期"))
    workdays = models.BooleanField(_("按工作日计算"), default=False)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    derived = models.BooleanField(_("从事项文字读出"), default=False)

    class Meta:
        verbose_name = _("公示期规则")
        verbose_name_plural = _("公示期规则")

    def __str__(self) -> str:
        return f"{self.item} · {self.days}{'个工作日' if self.workdays else '日'}"


class PostingQuerySet(models.QuerySet):
    def visible_to(self, user) -> PostingQuerySet:
        return self.filter(perms.unit_filter(user, perms.VIEW, AREA, "board__unit__"))

    def current(self) -> PostingQuerySet:
        """Postings on the board now: not taken down, not superseded."""
        return self.filter(taken_down_on__isnull=True, superseded_by__isnull=True)


class Posting(models.Model):
    """One publication posted on one board, with the sheet printed, the period and the proof."""

    publication = models.ForeignKey(
        "publishing.Publication", verbose_name=_("公开信息"), on_delete=models.PROTECT, related_name="+"
    )
    board = models.ForeignKey(
        Board, verbose_name=_("公开栏"), on_delete=models.PROTECT, related_name="postings"
    )
    sheet = models.FileField(_("张贴页（PDF）"), upload_to=sheet_path)
    sheet_sha256 = models.CharField(_("张贴页 SHA-256"), max_length=64)
    content_hash = models.CharField(
        _("张贴时的线上内容指纹"), max_length=64, help_text=_("打印时线上记录内容的 SHA-256，印在张贴页上")
    )
    objection_channel = models.CharField(_("异议渠道"), max_length=300)
    posted_on = models.DateField(_("张贴日期"))
    days = models.PositiveSmallIntegerField(_("公示期"))
    workdays = models.BooleanField(_("按工作日计算"), default=False)
    ends_on = models.DateField(_("公示期至"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("张贴人"), on_delete=models.PROTECT, related_name="+"
    )
    photo_posted = models.FileField(_("张贴照片"), upload_to=photo_path, blank=True)
    photo_end = models.FileField(_("期满照片"), upload_to=photo_path, blank=True)
    taken_down_on = models.DateField(_("撤下日期"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("重新张贴，替代"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("张贴记录")
        verbose_name_plural = _("张贴记录")
        ordering = ("-posted_on", "-id")
        indexes = [models.Index(fields=["board", "posted_on"], name="posting_board_day")]

    def __str__(self) -> str:
        return f"{self.board} · {self.posted_on}"

    @property
    def period_label(self) -> str:
        return f"{self.days} {'个工作日' if self.workdays else '日'}"


class Channel(models.TextChoices):
    PHONE = "phone", _("电话")
    VISIT = "visit", _("来访")
    LETTER = "letter", _("书面")
    ONLINE = "online", _("网上")


class Result(models.TextChoices):
    PENDING = "pending", _("待处理")
    UNFOUNDED = "unfounded", _("异议不成立")
    CORRECTED = "corrected", _("异议成立，已更正并重新公示")
    FOUNDED = "founded", _("异议成立，无需更正公示内容")


class Objection(models.Model):
    """An objection raised during a posting's period: channel, content, handling and result."""

    posting = models.ForeignKey(
        Posting, verbose_name=_("张贴记录"), on_delete=models.PROTECT, related_name="objections"
    )
    received_on = models.DateField(_("收到日期"))
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    content = models.TextField(_("异议内容"), max_length=2000)
    handling = models.TextField(_("处理情况"), max_length=2000, blank=True)
    result = models.CharField(_("处理结果"), max_length=10, choices=Result.choices, default=Result.PENDING)
    handled_on = models.DateField(_("处理日期"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ("received_on", "id")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.received_on}"


class PostingEvent(AppendOnlyModel):
    """One step of a board or a posting (设置, 张贴, 照片, 异议, 处理, 重新张贴, 撤下, 停用): the append-only history."""

    record_name = _("公开栏记录")

    board = models.ForeignKey(
        Board, verbose_name=_("公开栏"), on_delete=models.PROTECT, related_name="events"
    )
    posting = models.ForeignKey(
        Posting,
        verbose_name=_("张贴记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    action = models.CharField(_("操作"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.CharField(_("内容"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("公开栏记录")
        verbose_name_plural = _("公开栏记录")
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.action} {self.note[:30]}"
