"""The officers' workspace: what is due, overdue and recently done for my units."""
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from organizations import permissions as perms

from .deadlines import obligation_status
from .models import Obligation, Reminder


def start_link(entry) -> str:
    """The admin add form, prefilled with the unit and the obligation."""
    query = urlencode({"unit": entry.obligation.unit_id, "obligation_choices": entry.obligation.pk})
    return f"{reverse('admin:publishing_publication_add')}?{query}"


@login_required
def workspace(request):
    today = timezone.localdate()
    units = perms.units_for(request.user, perms.VIEW, "publishing").filter(is_active=True)
    board = obligation_status(Obligation.objects.filter(unit__in=units), today)
    may_add = perms.can(request.user, perms.ADD, "publishing")
    sections = []
    for key, title, entries in (
        ("overdue", "已逾期", board.overdue),
        ("due_soon", "即将到期", board.due_soon),
        ("pending", "待公开（无固定时限）", board.pending),
        ("done", "近期已公开", board.done),
    ):
        rows = [
            {"entry": e, "start": start_link(e) if may_add and key != "done" and e.publication is None else ""}
            for e in entries[:200]
        ]
        sections.append({"key": key, "title": title, "rows": rows, "count": len(entries)})
    reminders = Reminder.objects.filter(recipient=request.user).select_related(
        "obligation__unit", "obligation__item"
    )[:20]
    return render(request, "publishing/workspace.html",
                  {"sections": sections, "today": today, "reminders": reminders, "unit_count": units.count()})
