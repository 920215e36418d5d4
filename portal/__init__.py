"""The Django project of the disclosure portal: settings, urls, the Celery app and the public site."""
from .celery import app as celery_app

__all__ = ("celery_app",)
