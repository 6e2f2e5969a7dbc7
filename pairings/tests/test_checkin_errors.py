"""A refused check-in says why once, on its date field, and in the error summary that links there: on the pair's
page and on the group's (one form partial, templates/pairings/_checkin_form.html)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from pairings.factories import MentoringGroupFactory
from pairings.models import CheckIn

pytestmark = pytest.mark.django_db


def _post(client, url: str, date: dt.date):
    return client.post(url, {"date": date.isoformat(), "form": "video", "minutes": 45, "note": "Kept note"})


def _said_once_on_the_date_field(response, message: str) -> None:
    assert response.status_code == 400
    form = response.context["checkin_form"]
    assert form.errors == {"date": [message]}  # on the date field, nowhere else
    content = response.content.decode()
    assert content.count(escape(message)) == 2  # once by the field, once in the summary's link to it
    assert 'href="#id_date"' in content
    assert "Kept note" in content
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("when", ["future", "before"])
def test_a_pairs_check_in_on_a_refused_date(client, pairing, mentee, when):
    client.force_login(mentee)
    if when == "future":
        date, message = timezone.localdate() + dt.timedelta(days=1), "A check-in cannot be in the future."
    else:
        date = pairing.started_on - dt.timedelta(days=1)
        message = f"A check-in cannot be before the pairing started ({pairing.started_on:%B %-d, %Y})."
    response = _post(client, reverse("pairings:checkin", args=[pairing.pk]), date)
    _said_once_on_the_date_field(response, message)


def test_a_groups_check_in_before_the_group_started(client):
    group = MentoringGroupFactory(members=2)
    member = group.pairings.order_by("pk").first()
    started_on = min(p.started_on for p in group.pairings.all())
    client.force_login(member.mentee)
    response = _post(client, reverse("pairings:group_checkin", args=[group.pk]), started_on - dt.timedelta(days=3))
    message = f"A check-in cannot be before the group's pairings started ({started_on:%B %-d, %Y})."
    _said_once_on_the_date_field(response, message)
