"""``manage.py foi_ledger_import FILE.xlsx --unit CODE [--dry-run] [--user NAME]``: all or nothing; the last
line is ``imported N requests``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from foi import ledger
from organizations.models import Unit


class Command(BaseCommand):
    help = "导入依申请公开登记台账（xlsx）：全部成功或全部不写入，按受理编号幂等。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", required=True, help="办理单位代码")
        parser.add_argument("--dry-run", action="store_true", help="只检查不写入")
        parser.add_argument("--user", help="以该用户身份导入（默认：第一个启用的超级用户）")

    def handle(self, *args, **opts):
        unit = Unit.objects.filter(code=opts["unit"]).first()
        if unit is None:
            raise CommandError(_("没有代码为 {value} 的单位。").format(value=opts["unit"]))
        users = get_user_model().objects.filter(is_active=True)
        user = (
            users.filter(username=opts["user"]).first()
            if opts["user"]
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError(_("没有可用的导入用户（--user，或先创建超级用户）。"))
        try:
            with open(opts["file"], "rb") as fh:
                result = ledger.import_ledger(user=user, unit=unit, fileobj=fh, dry_run=opts["dry_run"])
        except FileNotFoundError as exc:
            raise CommandError(_("找不到文件：{value}").format(value=opts["file"])) from exc
        except ledger.LedgerError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}"
            + ("（试运行，未写入）" if opts["dry_run"] else "")
        )
        self.stdout.write(f"imported {0 if opts['dry_run'] else result.created + result.updated} requests")
