"""The demo's 40 互动交流 messages, written through interaction.services: routed, most answered on time, some
late, some unanswered; loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from demo import interaction as demo_interaction
from interaction.models import Message, MessageEvent, Status
from organizations.models import Role, UnitKind
from publishing.models import Notice, NoticeKind
from tests.factories import UnitFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    gov = UnitFactory(name="区政府", code="GS", kind=UnitKind.GOVERNMENT)
    for code in demo_interaction.UNITS:
        UnitFactory(name=f"单位{code}", code=code, kind=UnitKind.DEPARTMENT, parent=gov)
    return member(Role.OFFICE, gov, "office")


def test_forty_messages_some_late_some_unanswered(district):
    assert demo_interaction.load({}) == {"messages": 40}
    today = timezone.localdate()
    messages = list(Message.objects.all())
    assert len(messages) == 40 and all(m.unit_id for m in messages)
    late = [m for m in messages if m.status == Status.ANSWERED and m.answered_on > m.due_on]
    unanswered = [m for m in messages if m.status != Status.ANSWERED]
    overdue = [m for m in unanswered if m.due_on < today]
    assert len(late) >= 5 and len(unanswered) >= 4 and len(overdue) >= 3
    assert (today - min(m.received_on for m in messages)).days > 300
    assert any(m.consent and m.status == Status.ANSWERED for m in messages)
    assert MessageEvent.objects.filter(action="reassign").count() == 1
    # the office's bell has each overdue message once, under its own kind (留言超期)
    late_notices = Notice.objects.filter(recipient=district, kind=NoticeKind.MESSAGE_LATE)
    assert sorted(n.url.split("/")[3] for n in late_notices) == sorted(str(m.pk) for m in overdue)
    assert demo_interaction.load({}) == {"messages": 0} and Message.objects.count() == 40
