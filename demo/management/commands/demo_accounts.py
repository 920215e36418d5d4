from django.core.management.base import BaseCommand

from demo.loader import read_demo_data
from organizations.models import Membership


class Command(BaseCommand):
    help = "列出演示账号及其角色。"

    def handle(self, *args, **options):
        data = read_demo_data()
        names = [row["username"] for row in data["users"]]
        memberships = {
            m.user.username: m
            for m in Membership.objects.select_related("user", "unit").filter(user__username__in=names)
        }
        self.stdout.write(
            f"演示账号（密码均为 {data['password']}）/ demo accounts (password {data['password']}):"
        )
        for name in names:
            m = memberships.get(name)
            if m:
                self.stdout.write(f"  {name:<18} {m.get_role_display()} · {m.unit.name}")
