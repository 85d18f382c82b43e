"""Celery application.

Without a broker URL the project uses kombu's filesystem transport: tasks still run in a separate
worker process (never eager mode), but no external service is needed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmm.settings.base")

app = Celery("pmm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
