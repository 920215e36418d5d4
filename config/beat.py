"""Every periodic task, in one table (Celery beat; the DatabaseScheduler copies it into its tables).

Imported by config/settings.py as ``CELERY_BEAT_SCHEDULE``; no app adds to it at start-up.
tests/architecture/test_beat_schedule.py checks that each name here is a registered task and that every
task meant to run by the clock is here.
"""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # core: work kept in the database while the broker was down, and mail whose delivery task was lost
    "core-dispatch-pending": {"task": "core.tasks.dispatch_pending", "schedule": 60.0},
    "core-deliver-pending-mail": {"task": "core.tasks.deliver_pending_mail", "schedule": 300.0},
    # the public forms' run-once claims (core/once.py), kept two days
    "core-forget-old-submissions": {"task": "core.tasks.forget_old_submissions", "schedule": 86400.0},
    # publishing: scheduled records, reminders, deadlines, the officers' notices, column monitoring
    "publishing-publish-due": {"task": "publishing.tasks.publish_due", "schedule": crontab(minute="*/5")},
    "publishing-send-reminders": {
        "task": "publishing.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "publishing-refresh-deadlines": {
        "task": "publishing.tasks.refresh_deadlines",
        "schedule": crontab(hour=0, minute=20),
    },
    "publishing-due-notices": {
        "task": "publishing.tasks.due_notices",
        "schedule": crontab(hour=8, minute=15),
    },
    "publishing-notice-digests": {
        "task": "publishing.tasks.email_notice_digests",
        "schedule": crontab(hour=8, minute=30),
    },
    "publishing-notice-sms": {"task": "publishing.tasks.text_notices", "schedule": crontab(minute="*/5")},
    "publishing-check-columns": {
        "task": "publishing.tasks.check_columns",
        "schedule": crontab(hour=1, minute=30),
    },
    # participation: contacts past the office's retention period removed nightly
    "participation-remove-expired-contacts": {
        "task": "participation.tasks.remove_expired_contacts",
        "schedule": crontab(hour=3, minute=30),
    },
    # foi: reminders; personal data past the office's retention period, anonymised nightly (foi/retention.py)
    "foi-send-reminders": {"task": "foi.tasks.send_reminders", "schedule": crontab(hour=8, minute=10)},
    "foi-anonymise-expired": {"task": "foi.tasks.anonymise_expired", "schedule": crontab(hour=3, minute=20)},
    # opinion: the 舆情 hour clocks' warnings and escalations, each once (opinion/clocks.py)
    "opinion-check-clocks": {"task": "opinion.tasks.check_clocks", "schedule": crontab(minute="*/10")},
    # interaction: 互动交流 messages due on the next working day or overdue, each person reminded once
    "interaction-send-reminders": {
        "task": "interaction.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=20),
    },
    # consultation: a period ended — the drafting unit's officers told once (征求意见截止)
    "consultation-closing-notices": {
        "task": "consultation.tasks.send_closing_notices",
        "schedule": crontab(hour=8, minute=35),
    },
    # pilot: tasks and milestones due within a week or overdue, each person reminded once per step
    "pilot-send-reminders": {"task": "pilot.tasks.send_reminders", "schedule": crontab(hour=8, minute=25)},
    # assessment: recompute the computed indicators of every open round
    "assessment-compute-open-rounds": {
        "task": "assessment.tasks.compute_open_rounds",
        "schedule": crontab(hour=2, minute=30),
    },
    # opendata: the nightly open-data dump
    "opendata-nightly-dump": {
        "task": "opendata.tasks.dump_open_data",
        "schedule": crontab(hour=2, minute=30),
    },
}
