"""The program page on a phone: every table scrolls in the site's `.table-responsive` box, and what names a table
stays on the screen (a caption is as wide as its table: a wide table's name goes outside the scrolling box)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_table_scrolls_in_its_box_and_the_wide_ones_name_stays_on_screen(client, chair, known):
    client.force_login(chair)
    html = client.get(reverse("dashboard:program", args=[known.program.slug])).content.decode()
    tables = re.findall(r"(<[^<]*>)\s*<table[^>]*>", html)
    assert len(tables) >= 10
    assert all('class="table-responsive"' in before for before in tables), tables
    pairs = re.search(r'<table[^>]*id="pairs"[^>]*>.*?</table>\s*</div>\s*(<p[^>]*>[^<]*</p>)', html, re.S)
    assert pairs and "<caption" not in pairs.group(0)
    assert 'aria-labelledby="pairs-caption"' in pairs.group(0)
    assert 'id="pairs-caption">Active pairs, their agreed frequency and last check-in</p>' in pairs.group(1)
    assert '<table class="table table-sm small" id="areas">' in html  # four columns in a phone's width


def test_each_scrolling_box_is_a_region_named_by_its_tables_caption(client, chair, known):
    """A box the keyboard can focus (to scroll it) says what it holds: a screen reader reads its table's name."""
    client.force_login(chair)
    html = client.get(reverse("dashboard:program", args=[known.program.slug])).content.decode()
    boxes = re.findall(r'<div class="table-responsive"([^>]*)>', html)
    assert len(boxes) >= 10
    for attributes in boxes:
        assert 'tabindex="0"' in attributes and 'role="region"' in attributes, attributes
        named_by = re.search(r'aria-labelledby="([^"]+)"', attributes).group(1)
        assert re.search(rf'id="{named_by}">[^<]+<', html), named_by
    named = re.findall(r'aria-labelledby="(table-caption-\d+)"', html)
    assert len(named) == len(set(named))
