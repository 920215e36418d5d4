from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participation"
    verbose_name = _("公众参与（好差评与监督）")

    def ready(self):
        # The portal's page cache is cleared when what it shows changes (see portal.middleware).
        from portal import middleware

        middleware.connect_cache_signals()
