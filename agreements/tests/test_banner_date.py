"""The agreement page writes the day of a signature the same way in its banner and in its Signatures list."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from agreements.tests.conftest import sign

pytestmark = pytest.mark.django_db


def test_the_banner_writes_the_signing_day_as_the_signatures_list_does(client, mentee, agreement):
    sign(agreement, mentee)
    client.force_login(mentee)
    html = client.get(reverse("agreements:agreement", args=[agreement.pairing.pk])).content.decode()
    banner = re.search(r'id="signing-state">\s*<p class="mb-0"><strong>You signed on ([^;]+);', html)
    listed = re.search(r'<time datetime="[^"]+">([^<]+), \d+:\d\d [AP]M</time>', html)
    assert banner and listed, html
    assert banner.group(1) == listed.group(1)
    assert re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", banner.group(1))
