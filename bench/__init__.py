"""The bench: measuring tools, not the product.

The scripts of this directory (``bench/*.py``) run from the command line; the Django app (:mod:`bench.apps`)
carries what needs the project loaded: the ``generate_scale_data`` command and the ``/bench/`` baseline URLs
(:mod:`bench.urls`). The app is installed outside production only (config/settings.py), and no production module
imports this package (the import-linter contract "Production code never imports the demo or the bench").
"""
