from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共组件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:

        from . import checks  # noqa: F401 - registers the deployment checks
