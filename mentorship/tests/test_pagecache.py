"""The per-person page cache: served again only to the same person, and never after a write."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from applications.models import Application
from applications.tests.factories import ApplicationFactory
from mentorship import pagecache
from notifications.models import Notice

pytestmark = pytest.mark.django_db

MINE = reverse("applications:mine")


def _triggers() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'mentorship_version_%%'"
        )
        return set(cursor.fetchall())


def test_every_table_of_the_data_has_both_triggers_and_the_busy_ledgers_none():
    found = _triggers()
    for table in ["applications_application", "accounts_user", "accounts_profile", "matching_pairing"]:
        assert {(table, "mentorship_version_statement"), (table, "mentorship_version_commit")} <= found
    assert {table for table, _ in found} == set(pagecache.versioned_tables())
    assert not {"django_session", "notifications_notice", "django_admin_log"} & {table for table, _ in found}


def test_installing_twice_changes_nothing():
    before = _triggers()
    pagecache.install_triggers()
    assert _triggers() == before


def test_every_kind_of_write_moves_the_version(mentee, program):
    application = ApplicationFactory(program=program, applicant=mentee)
    seen = [pagecache.data_version()]

    def moved() -> bool:
        seen.append(pagecache.data_version())
        return seen[-1] > seen[-2]

    application.save()
    assert moved()
    Application.objects.filter(pk=application.pk).update(status=Application.Status.APPROVED)  # no signal
    assert moved()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_profile SET city = 'Tustin'")
    assert moved()
    Application.objects.filter(pk=application.pk).delete()
    assert moved()


def test_sessions_and_the_email_ledger_do_not_move_it(mentee):
    before = pagecache.data_version()
    SessionStore().create()  # (logging in is a write: it records last_login on the user)
    Notice.objects.create(key="test:1:1", kind="test", to=mentee.email, template="test")
    assert Session.objects.exists()
    assert pagecache.data_version() == before


def test_a_second_visit_is_served_from_the_cache_until_something_is_written(client, mentee, program):
    application = ApplicationFactory(program=program, applicant=mentee, status=Application.Status.SUBMITTED)
    client.force_login(mentee)
    first = client.get(MINE)
    again = client.get(MINE)
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert _without_tokens(again) == _without_tokens(first)

    Application.objects.filter(pk=application.pk).update(status=Application.Status.APPROVED)
    after = client.get(MINE)
    assert after["X-Page-Cache"] == "miss"
    assert "Approved" in after.text and "Approved" not in first.text


def test_nobody_is_served_another_persons_page(client, mentee, outsider, program):
    ApplicationFactory(program=program, applicant=mentee)
    client.force_login(mentee)
    client.get(MINE)
    client.force_login(outsider)
    response = client.get(MINE)
    assert response["X-Page-Cache"] == "miss"
    assert program.name not in response.text


def test_a_cached_page_carries_a_working_csrf_token(mentee, program):
    application = ApplicationFactory(program=program, applicant=mentee, status=Application.Status.SUBMITTED)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(mentee)
    url = reverse("applications:detail", args=[application.pk])
    browser.get(MINE)
    cached = browser.get(MINE)
    assert cached["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', cached.text).group(1)
    assert pagecache._PLACEHOLDER not in cached.text
    response = browser.post(
        reverse("applications:withdraw", args=[application.pk]), {"csrfmiddlewaretoken": token}, HTTP_REFERER=url
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_a_page_with_a_message_waiting_is_never_cached(client, mentee, program):
    application = ApplicationFactory(program=program, applicant=mentee, status=Application.Status.SUBMITTED)
    client.force_login(mentee)
    client.get(MINE)
    client.post(reverse("applications:withdraw", args=[application.pk]))  # leaves "withdrawn" to show
    shown = client.get(MINE)
    assert "X-Page-Cache" not in shown
    assert "withdrawn" in shown.text.lower()


def test_wording_that_depends_on_the_clock_is_at_most_a_minute_old(client, mentee, program):
    ApplicationFactory(program=program, applicant=mentee)
    client.force_login(mentee)
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, 5, tzinfo=dt.UTC), tick=False) as clock:
        assert client.get(MINE)["X-Page-Cache"] == "miss"
        clock.shift(dt.timedelta(seconds=44))
        assert client.get(MINE)["X-Page-Cache"] == "hit"
        clock.shift(dt.timedelta(seconds=17))
        assert client.get(MINE)["X-Page-Cache"] == "miss"


def test_past_its_freshness_one_request_rebuilds_while_the_others_keep_the_copy(client, mentee, program):
    ApplicationFactory(program=program, applicant=mentee)
    client.force_login(mentee)
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, 5, tzinfo=dt.UTC), tick=False) as clock:
        first = client.get(MINE)
        clock.shift(dt.timedelta(seconds=61))
        key = next(k for k in _cache_keys() if k.startswith("page:"))
        cache.add(f"{key}:rebuild", 1, 10)  # another worker is rebuilding it right now
        stale = client.get(MINE)
        assert stale["X-Page-Cache"] == "stale"
        assert _without_tokens(stale) == _without_tokens(first)
        cache.delete(f"{key}:rebuild")  # that worker has finished (it deletes the mark)
        assert client.get(MINE)["X-Page-Cache"] == "miss"
        clock.shift(dt.timedelta(seconds=130))  # kept two minutes at most, rebuilding or not
        cache.add(f"{key}:rebuild", 1, 10)
        assert client.get(MINE)["X-Page-Cache"] == "miss"


def _cache_keys() -> list[str]:
    return [k.split(":", 2)[-1] for k in cache._cache]  # locmem: "<prefix>:<version>:<key>"


def test_page_cache_off_renders_every_time(client, mentee, settings):
    settings.PAGE_CACHE = False
    client.force_login(mentee)
    client.get(MINE)
    assert "X-Page-Cache" not in client.get(MINE)


def test_the_chairs_application_list_shows_a_decision_at_once(client, chair, program):
    application = ApplicationFactory(program=program, status=Application.Status.SUBMITTED)
    client.force_login(chair)
    url = reverse("admin:applications_application_changelist")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.post(url, {"action": "approve", "_selected_action": [application.pk]})
    client.get(url)  # shows the action's message: rendered fresh, not kept
    listed = client.get(url)
    assert listed["X-Page-Cache"] == "miss"
    assert 'class="field-status">Approved<' in listed.text


def _without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
