"""RSS and Atom feeds of 互动交流's published answers, all or per kind (``/interaction/answers/feed/`` and
``…/feed/consult/`` …): only answers published with the asker's consent, scrubbed as on the portal
(:func:`interaction.selectors.public_messages`), never the asker's data."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import selectors
from .models import Kind

LIMIT = 30


class AnswersFeed(Feed):
    """The latest published answers, of every kind or of one (``kind``: a :class:`~interaction.models.Kind`)."""

    def get_object(self, request, kind=""):
        if kind and kind not in Kind.values:
            raise Http404
        return kind

    def title(self, obj):
        label = Kind(obj).label if obj else _("全部")
        return _("互动交流答复（%(kind)s）") % {"kind": label}

    def link(self, obj):
        return reverse("interaction:answers")

    def description(self, obj):
        return _("经留言人同意公开的留言答复（已去除个人信息）。")

    def items(self, obj):
        ids = selectors.published().filter(unit__isnull=False, answered_on__isnull=False)
        if obj:
            ids = ids.filter(kind=obj)
        wanted = list(ids.order_by("-answered_on", "-pk").values_list("pk", flat=True)[:LIMIT])
        return list(selectors.public_messages(wanted))

    def item_title(self, item):
        return f"[{item.kind}] {item.subject}"

    def item_description(self, item):
        return _("问：%(body)s\n答（%(unit)s，%(day)s）：%(answer)s") % {
            "body": item.body,
            "unit": item.unit_name,
            "day": item.answered_on,
            "answer": item.answer,
        }

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.answered_on, time(12)))

    def item_author_name(self, item):
        return item.unit_name


class AnswersAtom(AnswersFeed):
    feed_type = Atom1Feed
    subtitle = AnswersFeed.description
