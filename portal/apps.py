from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("公开门户")

    def ready(self):
        from core import query_terms

        from . import signals
        from .search import checks, documents, engine  # noqa: F401 - checks: registers the search-source check
        from .search import signals as search_signals

        signals.connect_cache_signals()
        documents.register_builtins()
        for path in getattr(settings, "PORTAL_SEARCH_SOURCES", ()):
            documents.register_module(path)
        search_signals.connect()
        # the lower apps' door to the query analysis (foi's "is it already public?" helper): core/query_terms.py
        query_terms.register(engine.alternatives)
