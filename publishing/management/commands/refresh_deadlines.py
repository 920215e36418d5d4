"""Recompute the stored deadline summary (``next_due``) of every active obligation; the nightly task does the
same. Run it once after upgrading an existing database."""

import time

from django.core.management.base import BaseCommand

from publishing import services


class Command(BaseCommand):
    help = "重新计算全部有效公开义务的最近应公开日期（供按期限筛选）。"

    def handle(self, *args, **options):
        started = time.perf_counter()
        changed = services.refresh_deadlines()
        self.stdout.write(f"已更新 {changed} 条公开义务，用时 {time.perf_counter() - started:.1f} 秒。")
