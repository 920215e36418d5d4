"""Demo 公开栏 (idempotent), written through boards.services: a board in each community of 湖墅街道 and 米市巷街道
(卖鱼桥社区's kept by its officer), and the life of one posting on 卖鱼桥社区's board — a published record of the
community posted three days ago with a photo, an objection the next day, handled as founded, and the re-posting
that supersedes the first sheet today. The 张贴 sheets carry the QR code to the record's page."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from boards import services
from boards.models import Board, Channel, Posting, Result
from organizations.models import Unit, UnitKind
from publishing.models import Publication

from .opinion import screenshot_png

STREETS = ("GS-HS", "GS-MSX")
STORY_UNIT, STORY_OFFICER = "GS-HS-01", "officer_community"
#: (latitude, longitude) of the demo boards: around 湖墅 and 米市巷, a few hundred metres apart
ORIGIN = (30.2920, 120.1560)


def _boards(office) -> int:
    made = 0
    units = Unit.objects.filter(parent__code__in=STREETS, kind=UnitKind.COMMUNITY, is_active=True).order_by(
        "code"
    )
    keeper = get_user_model().objects.filter(username=STORY_OFFICER).first()
    for i, unit in enumerate(units):
        name = f"{unit.short_name or unit.name.removesuffix('居民委员会')}居务公开栏"
        if Board.objects.filter(unit=unit, name=name).exists():
            continue
        services.save_board(
            user=office,
            unit=unit,
            name=name,
            location=f"{unit.name}党群服务中心门口",
            latitude=f"{ORIGIN[0] + 0.003 * i:.6f}",
            longitude=f"{ORIGIN[1] - 0.002 * i:.6f}",
            keeper=keeper if unit.code == STORY_UNIT else None,
        )
        made += 1
    return made


def _story(officer) -> int:
    board = Board.objects.filter(unit__code=STORY_UNIT, is_active=True).first()
    if board is None or Posting.objects.filter(board=board).exists():
        return 0
    today = timezone.localdate()
    photo = SimpleUploadedFile("张贴.png", screenshot_png(16, 12), content_type="image/png")
    for record in Publication.objects.published().filter(unit=board.unit).order_by("-published_at")[:20]:
        try:
            first = services.post(
                user=officer, publication=record, board=board, posted_on=today - timedelta(days=3),
                days=None if services.rule_for(record) else 7, workdays=False, photo=photo, photo_confirmed=True,
            )  # fmt: skip
        except ValidationError:  # a record the privacy check keeps off the board: try the next one
            continue
        objection = services.record_objection(
            user=officer, posting=first, received_on=today - timedelta(days=2), channel=Channel.VISIT,
            content="公示中一户家庭人口数与实际不符，请核实。",
        )  # fmt: skip
        services.handle_objection(
            user=officer, objection=objection, handling="社区入户核实，情况属实，已更正网上信息并重新张贴。",
            result=Result.CORRECTED, handled_on=today - timedelta(days=1),
        )  # fmt: skip
        services.repost(user=officer, posting=first, posted_on=today)
        return 2
    return 0


def load(data: dict) -> dict:
    users = get_user_model().objects
    office, officer = users.filter(username="office").first(), users.filter(username=STORY_OFFICER).first()
    if office is None or officer is None:
        return {"boards": 0, "postings": 0}
    return {"boards": _boards(office), "postings": _story(officer)}
