"""The demo district ends with a scored, closed 2025年第三季度 round on the 金东区 rubric (idempotent)."""

import inspect
from datetime import date

import pytest
from django.core.management import call_command

from assessment import demo, scoring, services
from assessment.models import Round, RoundStatus, UnitResult
from portal.demo import read_demo_data

pytestmark = pytest.mark.django_db


def test_demo_round_is_closed_scored_and_reproducible():
    call_command("load_demo", verbosity=0)
    round_ = Round.objects.get(name=demo.ROUND_NAME)
    assert round_.status == RoundStatus.CLOSED and round_.system.name == demo.SYSTEM_NAME
    jyj = UnitResult.objects.get(round=round_, unit__code="GS-JYJ")
    # 教育局: 主动公开 40 − 1 late item × 2 − 1 规范性文件 without interpretation × 4 = 34
    assert round_.scores.get(unit__code="GS-JYJ", indicator__code="1").score == 34
    assert jyj.rank is not None and round_.results.count() == round_.units.count()
    assert scoring.figures(services.recompute(round_)) == scoring.stored_figures(round_)
    # the replayed records carry their dates in the story (set after the services ran; the clock is never patched)
    from django.utils import timezone

    from publishing.models import Publication

    late = Publication.objects.get(title="拱墅区最低生活保障审核确认实施办法")
    assert timezone.localdate(late.published_at) == date(2025, 9, 26)
    assert {timezone.localdate(e.at) for e in late.events.all()} == {date(2025, 9, 26)}
    assert [f.on_time for f in late.fulfilments.all()] == [False]
    assert not hasattr(demo, "_at") and "mock" not in inspect.getsource(demo)
    again = demo.load(read_demo_data())
    assert again["publications"] == 0 and Round.objects.filter(name=demo.ROUND_NAME).count() == 1
