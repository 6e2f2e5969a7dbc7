"""The project's own apps, found in the app registry rather than listed, so a new app is covered by the tests that
walk them (factories, collected tests, untouched tables). A virtualenv inside the checkout is not ours."""

from __future__ import annotations

from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings


def project_apps() -> list[AppConfig]:
    base = Path(settings.BASE_DIR)
    return [
        app
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base) and "site-packages" not in Path(app.path).relative_to(base).parts
    ]
