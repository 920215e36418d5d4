from django.core.management.base import BaseCommand

from assessment import services


class Command(BaseCommand):
    help = "Create the ready-made indicator systems (鲤城区2020、金东区2021、透明度指数五个维度) and the default assessor groups (idempotent)."

    def handle(self, *args, **options):
        result = services.load_templates()
        self.stdout.write(
            f"templates created: {result['templates']}, assessor groups created: {result['groups']}"
        )
