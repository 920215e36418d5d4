"""Rebuild the search index from the public records: ``manage.py rebuild_search_index [--kind publication]``.

Run after a change to the synonym dictionary (the segmentation learns its words) or after a bulk import
that bypassed the services' signals."""

from django.core.management.base import BaseCommand

from portal.search import documents


class Command(BaseCommand):
    help = "重建站内搜索索引（公开事项、办事指南、公开信息及其他已登记的来源）"

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=sorted(documents.SOURCES), help="只重建这一类")

    def handle(self, *args, **options):
        counts = documents.rebuild(options.get("kind"))
        for kind, n in counts.items():
            self.stdout.write(f"{kind}: {n}")
