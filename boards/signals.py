"""When a posted record changes online (edited, withdrawn, superseded), the people who posted it and the board's
keeper are told in the staff bell (and by e-mail or SMS as each chose) that the sheet on the board no longer
matches: "线上已变更，需重新张贴". Connected in BoardsConfig.ready() (publishing cannot import us)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _


def publication_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if created or raw:
        return
    pk = instance.pk
    transaction.on_commit(lambda: notify_changed(pk))


def notify_changed(publication_id: int) -> int:
    """One notice per current posting of the record whose sheet no longer matches it (once per posting)."""
    from publishing.models import NoticeKind
    from publishing.services import notify_staff

    from .models import Posting
    from .selectors import CHANGED_ONLINE, changed_online

    made = 0
    postings = (
        Posting.objects.current().filter(publication_id=publication_id).select_related("publication", "board")
    )
    for posting in postings:
        if not changed_online(posting):
            continue
        made += notify_staff(
            kind=NoticeKind.DUE,
            user_ids=[uid for uid in (posting.posted_by_id, posting.board.keeper_id) if uid],
            text=_("「%(title)s」%(flag)s（%(board)s）")
            % {"title": posting.publication.title[:60], "flag": CHANGED_ONLINE, "board": posting.board.name},
            url=reverse("admin:boards_posting_change", args=[posting.pk]),
        )
    return made
