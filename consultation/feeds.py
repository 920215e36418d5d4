"""RSS and Atom feeds of 征求意见 (linked from the portal's 订阅 page and from the head of the 征求意见 list page):

* consultations open now, all or per kind (``/consultation/feed/major/`` … ``/consultation/feed/all/``),
  newest first, each with its period and, when shortened, the published reason;
* feedback reports (意见采纳情况说明) as they are published, with their figures.

Only what the public pages show: no comment, no commenter. Not cached: a consultation opens and closes by the
clock, not by a write, so a cached feed would show a closed form as open."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import selectors
from .models import Consultation, Kind, Verdict, Visibility

LIMIT = 30
ALL = "all"


def open_consultations(kind_code: str, now=None):
    now = now or timezone.now()
    found = Consultation.objects.public().filter(opens_at__lte=now, closes_at__gt=now)
    if kind_code != ALL:
        found = found.filter(kind__code=kind_code)
    return found.select_related("unit", "kind").order_by("-opens_at", "-id")[:LIMIT]


def published_reports():
    return (
        Consultation.objects.public()
        .filter(feedback_published_at__isnull=False)
        .select_related("unit", "kind")
        .annotate(
            n_total=Count("comments"),
            n_adopted=Count("comments", filter=Q(comments__verdict=Verdict.ADOPTED)),
            n_partly=Count("comments", filter=Q(comments__verdict=Verdict.PARTLY)),
            n_rejected=Count("comments", filter=Q(comments__verdict=Verdict.REJECTED)),
            n_withheld=Count("comments", filter=~Q(comments__visibility=Visibility.SHOWN)),
        )
        .order_by("-feedback_published_at", "-id")[:LIMIT]
    )


class OpenFeed(Feed):
    """Consultations open for comment now, all kinds or one."""

    def get_object(self, request, kind=ALL):
        if kind == ALL:
            return None
        found = Kind.objects.filter(code=kind[:20], is_active=True).first()
        if found is None:
            raise Http404
        return found

    def title(self, obj):
        what = obj.name if obj else _("全部")
        return _("正在征求意见（%(kind)s）") % {"kind": what}

    def link(self, obj):
        return reverse("consultation:index") + "?state=open"

    def description(self, obj):
        return _("正在公开征求意见的草案：期限、依据和提交意见的入口。")

    def items(self, obj):
        return open_consultations(obj.code if obj else ALL)

    def item_title(self, item):
        return f"[{item.kind.name}] {item.title}"

    def item_description(self, item):
        text = _("%(unit)s起草；征求意见期：%(period)s。") % {
            "unit": item.unit.name,
            "period": selectors.period_words(item),
        }
        if item.shortened_reason:
            text += _("缩短期限的理由：%(reason)s") % {"reason": item.shortened_reason}
        return text

    def item_link(self, item):
        return reverse("consultation:detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.opens_at

    def item_author_name(self, item):
        return item.unit.name


class OpenAtom(OpenFeed):
    feed_type = Atom1Feed
    subtitle = OpenFeed.description


class FeedbackFeed(Feed):
    """Feedback reports as they are published."""

    def title(self):
        return _("意见采纳情况说明")

    def link(self):
        return reverse("consultation:index") + "?state=closed"

    def description(self):
        return _("征求意见结束、会议决策后公开的意见采纳情况说明。")

    def items(self):
        return published_reports()

    def item_title(self, item):
        return _("%(title)s：意见采纳情况说明") % {"title": item.title}

    def item_description(self, item):
        figures = _("共收到意见 %(total)d 条：采纳 %(a)d 条，部分采纳 %(p)d 条，不予采纳 %(r)d 条。") % {
            "total": item.n_total,
            "a": item.n_adopted,
            "p": item.n_partly,
            "r": item.n_rejected,
        }
        return f"{figures}\n{item.feedback_summary}"

    def item_link(self, item):
        return reverse("consultation:detail", args=[item.pk]) + "#feedback"

    def item_pubdate(self, item):
        return item.feedback_published_at

    def item_author_name(self, item):
        return item.unit.name


class FeedbackAtom(FeedbackFeed):
    feed_type = Atom1Feed
    subtitle = FeedbackFeed.description
