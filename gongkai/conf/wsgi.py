"""WSGI entry point for page workers: ``gunicorn gongkai.conf.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
application = get_wsgi_application()
