"""``manage.py consultation_period``: explains the rule and prints the earliest lawful closing date last; a
shorter period without a reason is refused with a Chinese message and a non-zero exit."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.consultation.test_periods import natural, working

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> list[str]:
    out = StringIO()
    call_command("consultation_period", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_major_over_national_day():
    lines = run("--kind", "major", "--opens", "2025-09-01")
    assert lines[-1] == natural(date(2025, 9, 1), 30).isoformat()
    assert "第713号" in lines[0] and any("国庆节" in line for line in lines)


def test_normative_over_spring_festival():
    lines = run("--kind", "normative", "--opens", "2026-02-12")
    assert lines[-1] == working(date(2026, 2, 12), 7).isoformat()
    assert any("春节调休上班" in line for line in lines)


def test_shorter_with_a_reason_prints_the_shorter_date():
    lines = run("--kind", "enterprise", "--opens", "2026-03-02", "--days", "15", "--reason", "政策窗口期")
    assert lines[-1] == natural(date(2026, 3, 2), 15).isoformat()
    assert any("政策窗口期" in line for line in lines)


def test_shorter_without_a_reason_is_refused():
    with pytest.raises(CommandError, match="须说明理由"):
        run("--kind", "normative", "--opens", "2026-02-12", "--days", "3")


def test_the_refusal_exits_non_zero(capsys):
    """As an operator types it: the command line's entry point exits with a non-zero code and the reason on
    stderr (run in this process, on the test database; a subprocess would read the settings' own database)."""
    from django.core.management import ManagementUtility

    argv = ["manage.py", "consultation_period", "--kind", "major", "--opens", "2026-03-02", "--days", "5"]
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(argv).execute()
    assert exited.value.code != 0
    assert "须说明理由" in capsys.readouterr().err
