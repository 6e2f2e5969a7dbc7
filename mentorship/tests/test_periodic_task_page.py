"""The superuser's periodic-task page runs its crontab help from a file: the site's CSP blocks inline scripts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["add", "changelist"])
def test_no_inline_script_on_the_periodic_task_pages(client, page):
    client.force_login(User.objects.create_superuser(email="root@example.org", password=None, full_name="Root"))
    response = client.get(reverse(f"admin:django_celery_beat_periodictask_{page}"))
    assert response.status_code == 200
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    if page == "add":
        assert "admin-extra/periodic-task.js" in html
        assert 'id="readable-crontabs"' in html
