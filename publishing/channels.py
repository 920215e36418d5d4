"""Channels beyond the website: the bulletin-board print sheet (公示栏), the service-hall screen feed,
and ready-to-post text for 两微一端. Reads only; each function runs a fixed number of queries.

Targeted push to subscribers (精准推送) is in :mod:`publishing.subscriptions`.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from organizations.models import Unit
from translations import selectors as translation_selectors

from .models import Fulfilment, Publication, Validity

BOARD_LIMIT = 40
SCREEN_LIMIT = 20
WEIBO_LIMIT = 140
OTHER_FIELD = "其他信息"


# -- links ----------------------------------------------------------------------------------------------
def unit_path(unit: Unit) -> str:
    try:
        return reverse("unit", args=[unit.code])
    except NoReverseMatch:  # the portal is not routed (a bare test URLconf)
        return f"/units/{unit.code}/"


def publication_path(publication: Publication) -> str:
    try:
        return reverse("publication", args=[publication.index_number])
    except NoReverseMatch:
        return f"/publications/{publication.index_number}/"


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def excerpt(publication: Publication, length: int = 60) -> str:
    """The body as plain text, whitespace collapsed, cut to ``length`` characters with an ellipsis."""
    text = re.sub(r"\s+", " ", strip_tags(publication.body or "")).strip()
    return Truncator(text).chars(length, truncate="…")


# -- the bulletin board sheet ------------------------------------------------------------------------------
@dataclass
class BoardGroup:
    name: str
    order: int
    publications: list[Publication] = field(default_factory=list)


def board_publications(unit: Unit, limit: int = BOARD_LIMIT) -> list[Publication]:
    """The unit's current disclosures: published, valid, its own or fulfilling its obligations."""
    ids = (
        Publication.objects.published()
        .filter(validity=Validity.VALID)
        .filter(Q(unit=unit) | Q(fulfilments__obligation__unit=unit))
        .values("pk")
    )
    return list(
        Publication.objects.filter(pk__in=ids).select_related("unit").order_by("-published_at", "-id")[:limit]
    )


def board_groups(unit: Unit, publications: list[Publication]) -> list[BoardGroup]:
    """The publications grouped by field (the unit's own obligations first decide the field). One query."""
    rows = Fulfilment.objects.filter(publication__in=[p.pk for p in publications]).values_list(
        "publication_id",
        "obligation__unit_id",
        "obligation__item__domain__name",
        "obligation__item__domain__order",
    )
    field_of: dict[int, tuple[str, int]] = {}
    for pub_id, _unit_id, name, order in sorted(rows, key=lambda r: (r[1] != unit.pk, r[3], r[2])):
        field_of.setdefault(pub_id, (name, order))
    groups: dict[str, BoardGroup] = {}
    for pub in publications:
        name, order = field_of.get(pub.pk, (OTHER_FIELD, 10**6))
        groups.setdefault(name, BoardGroup(name, order)).publications.append(pub)
    return sorted(groups.values(), key=lambda g: (g.order, g.name))


def qr_data_uri(url: str) -> str:
    """An SVG QR code for ``url`` as a data URI (medium error correction: a worn print still scans)."""
    import qrcode
    import qrcode.image.svg

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=10)
    code.add_data(url)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def board_html(unit: Unit, base_url: str, today: date | None = None) -> str:
    publications = board_publications(unit)
    # 藏汉 / 彝汉 boards: a notice's reviewed Tibetan or Yi text goes under its Chinese (one query)
    translated = translation_selectors.reviewed_by_record(Publication, [p.pk for p in publications])
    for p in publications:
        p.board_excerpt = excerpt(p)
        p.board_translations = translated.get(str(p.pk), [])
    portal_url = absolute(base_url, unit_path(unit))
    return render_to_string(
        "publishing/channels/board_sheet.html",
        {
            "unit": unit,
            "title": f"{unit.name}政务公开栏",
            "today": today or timezone.localdate(),
            "groups": board_groups(unit, publications),
            "portal_url": portal_url,
            "qr": qr_data_uri(portal_url),
            "count": len(publications),
            "fonts": translation_selectors.font_files(),
        },
    )


def board_pdf(unit: Unit, base_url: str, today: date | None = None) -> bytes:
    """The A4 print sheet of the unit's current disclosures for its bulletin board (公示栏), as PDF."""
    from weasyprint import HTML

    return HTML(string=board_html(unit, base_url, today), base_url=base_url).write_pdf()


# -- the service-hall screen --------------------------------------------------------------------------------
def screen_feed(unit: Unit, base_url: str, limit: int = SCREEN_LIMIT) -> dict:
    """The latest publications of the unit and the units below it, small enough for a screen to poll."""
    subtree = Unit.objects.filter(
        tree_id=unit.tree_id, lft__gte=unit.lft, rght__lte=unit.rght, is_active=True
    ).values("pk")
    publications = (
        Publication.objects.published()
        .filter(unit__in=subtree)
        .select_related("unit")
        .order_by("-published_at", "-id")[:limit]
    )
    return {
        "unit": {"code": unit.code, "name": unit.name, "url": absolute(base_url, unit_path(unit))},
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "items": [
            {
                "title": p.title,
                "date": timezone.localdate(p.published_at).isoformat()
                if p.published_at
                else p.formed_on.isoformat(),
                "unit": p.unit.display_name,
                "index_number": p.index_number,
                "url": absolute(base_url, publication_path(p)),
            }
            for p in publications
        ],
    }


# -- 两微一端 ----------------------------------------------------------------------------------------------
def social_post(publication: Publication, base_url: str, limit: int = WEIBO_LIMIT) -> str:
    """Ready-to-post text: 【标题】摘要 link — at most ``limit`` characters (Weibo's 140) with the link."""
    link = absolute(base_url, publication_path(publication))
    title = publication.title.strip()
    room_for_title = limit - len(link) - 3  # 【】 and the space before the link
    if len(title) > room_for_title:
        title = Truncator(title).chars(max(room_for_title, 1), truncate="…")
    head = f"【{title}】"
    room = limit - len(head) - len(link) - 1
    summary = excerpt(publication, room) if room > 1 else ""
    if not summary and room > 1:
        summary = Truncator(f"{publication.unit.name}发布公开信息。").chars(room, truncate="…")
    return f"{head}{summary} {link}"
