"""
WSGI config for mentorship project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")

application = get_wsgi_application()

# What the start-up built (modules, models, the URL patterns and the views they import: a few hundred thousand
# objects) lives as long as the process: moved out of the collector's reach, a full collection no longer walks it
# all again, a pause of tens of milliseconds in the middle of some request. Start-up garbage is collected first.
get_resolver().url_patterns  # noqa: B018 -- imports the URL configuration now rather than on the first request
gc.collect()
gc.freeze()
