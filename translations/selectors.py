"""Reads of translations. The public reads reviewed ones only (``Translation.objects.reviewed()``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .languages import MINORITY
from .models import Language, Status, Translation

#: The OFL fonts under static/portal/fonts (OFL.txt beside them).
FONTS = {
    "tibetan": "NotoSerifTibetan-Regular.ttf",
    "tibetan_bold": "NotoSerifTibetan-Bold.ttf",
    "yi": "NotoSansYi-Regular.ttf",
}


@dataclass
class LanguageOffer:
    """One minority language on a record's public page: its reviewed translation, or None (none yet)."""

    code: str
    name: str
    name_local: str
    translation: Translation | None


def public_translations(model: type[models.Model], pk) -> list[LanguageOffer]:
    """For each minority language, the reviewed translation of ``model`` record ``pk``, or None. One query."""
    found = {
        t.language: t
        for t in Translation.objects.reviewed().filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
        )
    }
    return [
        LanguageOffer(code, MINORITY[code][0], MINORITY[code][1], found.get(code)) for code in Language.values
    ]


def reviewed_for(model: type[models.Model], ids, language: str) -> dict[str, Translation]:
    """Reviewed ``language`` translations of many records of ``model`` by their pk as text. One query."""
    return {
        t.object_id: t
        for t in Translation.objects.reviewed().filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(i) for i in ids],
            language=language,
        )
    }


def reviewed_by_record(model: type[models.Model], ids) -> dict[str, list[Translation]]:
    """Reviewed translations (every language, 藏 before 彝) of many records by pk as text. One query."""
    out: dict[str, list[Translation]] = {}
    rows = Translation.objects.reviewed().filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[str(i) for i in ids]
    )
    for t in rows.order_by("object_id", "language"):
        out.setdefault(t.object_id, []).append(t)
    return out


def font_files() -> dict[str, str]:
    """The self-hosted Tibetan and Yi fonts as file URIs, for PDFs (WeasyPrint's @font-face)."""
    from django.contrib.staticfiles import finders

    found = {}
    for key, name in FONTS.items():
        path = finders.find(f"portal/fonts/{name}")
        if path:
            found[key] = Path(path).as_uri()
    return found


def reviewed_texts(model: type[models.Model]) -> dict[str, list[str]]:
    """All reviewed translation texts of ``model``'s records by pk as text (the search document adds them)."""
    out: dict[str, list[str]] = {}
    rows = Translation.objects.reviewed().filter(content_type=ContentType.objects.get_for_model(model))
    for t in rows.only("object_id", "title", "body"):
        out.setdefault(t.object_id, []).extend([t.title, t.body])
    return out


def status_counts() -> dict[str, int]:
    """How many translations stand at each status (for the office's overview)."""
    counts = dict.fromkeys(Status.values, 0)
    for row in Translation.objects.values("status").annotate(n=models.Count("id")):
        counts[row["status"]] = row["n"]
    return counts
