"""The Django project: settings, urls, wsgi/asgi and the Celery app. It imports every app; nothing imports it."""

from .celery import app as celery_app

__all__ = ("celery_app",)
