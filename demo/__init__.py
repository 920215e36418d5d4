"""The demo district (拱墅区) and its living year: development, tests and trials only, never the product.

``manage.py load_demo`` runs the loaders of :data:`demo.loader.LOADERS` in order over the demo file
(``demo/fixtures/demo_district.json``); ``manage.py demo_accounts`` lists the demo accounts. Each loader writes
through its app's services (``user=None`` is the system actor where a service offers it), so the demo exercises
the product's write paths instead of going around them; the few historical dates of the story are set after
creation with queryset updates, which leave ``auto_now`` fields alone.

The app is installed outside production only (config/settings.py); no production module imports this package
(the import-linter contract "Production code never imports the demo or the bench", pyproject.toml).
"""
