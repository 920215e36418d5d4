"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The Chinese segmenter's dictionary loads in seconds: load it with the worker, not in a citizen's first search.
from portal.search.text import warm  # noqa: E402 - needs the apps loaded above

warm()

# Everything loaded so far (apps, URLconf, templates' code) lives as long as the worker: move it out of the
# collector's reach, so a full collection no longer walks ~370,000 long-lived objects in the middle of a request
# (measured in-process: uncached home 440 → 242 ms per request at demo scale).
gc.freeze()
