"""On a phone "My pairings" and "My applications" are stacks of cards (static/css/stacked-lists.css): each cell
names its column, so the card reads without the table's head. The browser walk checks the width at 375 px."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from applications.factories import ApplicationFactory
from pairings.factories import PairingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "columns"),
    [
        ("pairings:mine", ["Partner", "Program", "Status", "Term", "Agreement"]),
        ("applications:mine", ["Program", "Role", "Status", "Since", "Fee"]),
    ],
)
def test_each_cell_names_its_column_for_the_stacked_cards(client, mentee, url, columns):
    PairingFactory(mentee_application=ApplicationFactory(applicant=mentee, approved=True))
    client.force_login(mentee)
    page = client.get(reverse(url)).content.decode()
    assert "/static/css/stacked-lists.css" in page
    assert 'class="table align-middle table-stacked"' in page
    assert "table-responsive" not in page  # a table scrolling inside the page is what a phone showed before
    head = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert head == columns
    assert re.findall(r'<td data-label="([^"]+)">', page) == columns
