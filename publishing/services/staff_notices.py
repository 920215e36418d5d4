"""Notices the apps above publishing raise in the staff bell (a new 依申请公开 request for a unit's officers).

publishing may not import those apps; they call this service with what to say and where to act. The notice
goes to the bell and, as each person chose, by e-mail or SMS (:func:`publishing.notices.notify`), in the
caller's transaction. It is an effect of the caller's own write (a citizen's request, an officer's transfer),
which that app's service has already permitted, so no permission is asked here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Notice, NoticeKind


def notify_staff(
    *, kind: str, user_ids: Iterable[int], text: str, url: str, exclude: Iterable[int | None] = ()
) -> int:
    """One notice per person about ``url`` (the page to act on): a person who already has a notice of this
    ``kind`` for this ``url`` gets no second one (a retried task, a repeated call). Returns how many were
    written."""
    from ..notices import notify

    if kind not in NoticeKind.values:
        raise ValueError(f"unknown notice kind {kind!r}")
    wanted = [uid for uid in dict.fromkeys(user_ids) if uid not in set(exclude)]
    if not wanted:
        return 0
    already = set(
        Notice.objects.filter(kind=kind, url=url, recipient_id__in=wanted).values_list(
            "recipient_id", flat=True
        )
    )
    made = notify(kind=kind, user_ids=[uid for uid in wanted if uid not in already], text=text, url=url)
    return len(made)
