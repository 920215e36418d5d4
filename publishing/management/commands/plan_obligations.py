"""``manage.py plan_obligations``: who would owe what, item by item, without writing anything."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog.models import CatalogEdition
from publishing import responsibility


class Command(BaseCommand):
    help = "按公开主体列出每个末级事项的责任单位及依据（不写入）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--edition",
            default="current",
            help="current（现行已批准版本，默认）、draft（目录现状，即待批准的草稿）或版本号",
        )
        parser.add_argument("--item", help="只看一个事项（事项编码）")
        parser.add_argument("--json", action="store_true", help="每个事项一行 JSON")
        parser.add_argument(
            "--changes",
            action="store_true",
            help="按单位列出现有义务与按此计划重新确定后的义务（增、关闭），并按领域分列",
        )

    def handle(self, *args, edition, item, json, changes, **options):
        directory = responsibility.UnitDirectory()
        if edition == "draft":
            plans = responsibility.plan_catalog(directory)
        else:
            found = (
                CatalogEdition.objects.current()
                if edition == "current"
                else CatalogEdition.objects.filter(number=edition).first()
                if edition.isdigit()
                else None
            )
            if found is None:
                raise CommandError(
                    _("没有找到目录版本：%(e)s（current、draft 或已有的版本号）") % {"e": edition}
                )
            plans = responsibility.plan_edition(found, directory)
        if item:
            plans = [p for p in plans if p.code == item]
            if not plans:
                raise CommandError(
                    _("没有找到事项：%(i)s（须为末级、主动公开、非负面清单的事项编码）") % {"i": item}
                )
        if changes:
            self._changes(plans, directory, json)
            return
        for p in plans:
            line = responsibility.describe(p, directory)
            if json:
                self.stdout.write(_dumps(line))
            else:
                mark = "【待确定责任单位】" if p.unassigned else ("【待确认】" if p.to_confirm else "")
                units = "、".join(directory.by_id[u]["name"] for u in p.unit_ids) or "—"
                self.stdout.write(f"{p.code} {p.name}{mark}\n  公开主体：{p.subject or '（未填写）'}")
                self.stdout.write(f"  责任单位（{len(p.unit_ids)}）：{units}\n  依据：{p.why}")
        unassigned = sum(1 for p in plans if p.unassigned)
        if not json:
            self.stdout.write(f"共 {len(plans)} 个末级事项，待确定责任单位 {unassigned} 个。")

    def _changes(self, plans, directory, as_json):
        from domains.models import Domain

        names = dict(Domain.objects.values_list("id", "name"))
        rows = responsibility.changes(plans, directory)
        for row in rows:
            fields = {names.get(d, d): pair for d, pair in sorted(row.by_field.items()) if pair != [0, 0]}
            if as_json:
                line = {
                    "unit": row.code,
                    "name": row.name,
                    "before": row.before,
                    "after": row.after,
                    "gained": row.gained,
                    "closed": row.closed,
                    "to_confirm": row.to_confirm,
                    "by_field": fields,
                }
                self.stdout.write(_dumps(line))
                continue
            detail = "，".join(f"{name} {b}→{a}" for name, (b, a) in fields.items())
            self.stdout.write(
                f"{row.code:<12} {row.name}：{row.before} → {row.after}（新增 {row.gained}，关闭 {row.closed}"
                f"，待确认 {row.to_confirm}）{detail}"
            )
        if not as_json:
            unassigned = [p for p in plans if p.unassigned]
            self.stdout.write(f"待确定责任单位的事项：{len(unassigned)} 个")
            for p in unassigned:
                self.stdout.write(f"  {p.code} {p.name}：{p.why}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
