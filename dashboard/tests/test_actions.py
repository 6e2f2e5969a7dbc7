"""Each item of "what needs you now" has one button, and the button resolves it in the admin."""

import datetime as dt
import re
from contextlib import contextmanager
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application
from dashboard.figures import ActionItem
from dashboard.selectors import actions, program_dashboard
from matching.factories import GalleryRequestFactory

pytestmark = pytest.mark.django_db


def page(client, known) -> str:
    response = client.get(reverse("dashboard:program", args=[known.program.slug]))
    assert response.status_code == 200
    return response.content.decode()


def action_form(html: str, button: str) -> tuple[str, dict[str, str]]:
    """The URL and fields of the form whose button is labelled `button`."""
    for form in re.findall(r"<form method=\"post\" action=\"([^\"]+)\">(.*?)</form>", html, re.S):
        url, body = form
        if f'aria-label="{button}"' in unescape(body).replace("&#x27;", "'"):
            fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
            return unescape(url), fields
    raise AssertionError(f"no form for {button!r}")


def test_the_fee_button_records_the_fee_paid_through_the_admin_action(client, chair, known):
    client.force_login(chair)
    due = known.mentees[5]
    url, fields = action_form(page(client, known), f"Mark the fee paid: {due.applicant.full_name}")
    assert url.startswith(reverse("admin:applications_application_changelist"))
    response = client.post(url, fields)
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.fee_status == Application.Fee.PAID
    assert due.fee_recorded_by == chair
    assert not any(group.key == "fees" and group.total for group in program_dashboard(known.program).actions)


def test_the_waitlist_button_approves_the_mentee_through_the_admin_action(committing_client, chair, known, mailoutbox):
    committing_client.force_login(chair)
    waiting = known.mentees[6]
    url, fields = action_form(page(committing_client, known), f"Approve (emails them): {waiting.applicant.full_name}")
    assert committing_client.post(url, fields).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.APPROVED
    assert waiting.decided_by == chair
    assert [message.to for message in mailoutbox] == [[waiting.applicant.email]]


def test_every_link_button_opens_an_admin_page_for_the_chair(client, chair, known):
    client.force_login(chair)
    links = {
        item.url for group in program_dashboard(known.program).actions for item in group.items if not item.admin_action
    }
    assert reverse("admin:pairings_pairing_change", args=[known.pairs[1].pk]) in links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_see_them_all_links_are_filters_the_admin_accepts(client, chair, known, monkeypatch):
    monkeypatch.setattr("dashboard.selectors.actions.ITEMS_PER_ACTION", 0)
    client.force_login(chair)
    more = [group.more_url for group in program_dashboard(known.program).actions if group.more_url]
    assert len(more) == 7
    for url in more:
        response = client.get(url)
        assert response.status_code == 200, url  # an unknown filter would redirect with ?e=1
        assert f"program__id__exact={known.program.pk}" in url


def test_a_program_with_nothing_pending_says_so(client, chair, program):
    client.force_login(chair)
    response = client.get(reverse("dashboard:program", args=[program.slug]))
    assert "Nothing: every pair is signed" in response.content.decode()


def test_the_page_has_no_inline_style_or_script_for_the_csp(client, chair, known):
    client.force_login(chair)
    html = page(client, known)
    assert "style=" not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert html.count("<svg") == 6
    assert "Content-Security-Policy" in client.get(reverse("dashboard:program", args=[known.program.slug])).headers


def test_a_group_builds_only_the_items_it_shows_the_longest_waiting_first_and_counts_them_all():
    built = []

    def build(title: str, since: dt.date, age: int) -> ActionItem:
        built.append(title)
        return ActionItem(title=title, detail="", since=since, age_days=age, url="/", button="Open")

    today = dt.date(2026, 3, 1)
    drafts = [actions._draft(f"Pair {n}", today - dt.timedelta(days=n % 7), today, build) for n in range(40)]
    group = actions._group("quiet", "Quiet pairs", drafts, "/admin/pairs/")

    shown = ["Pair 13", "Pair 20", "Pair 27", "Pair 34", "Pair 6"]  # waiting 6 days, the longest; then by title
    assert [item.title for item in group.items] == shown and {item.age_days for item in group.items} == {6}
    assert built == shown  # the other 35 were never built
    assert (group.total, group.hidden, group.more_url) == (40, 35, "/admin/pairs/")


def test_the_lapsed_requests_shown_are_each_mentees_latest_longest_waiting_then_by_name_as_python_orders_them(
    program,
):
    """The database picks the five shown and counts them all (dashboard.selectors.actions._lapsed_query): in the
    order Python's sort gave when every request was read, names compared by code point whatever the collation (the
    names given a language's collation here, as a database made with one would have them; undone with the test)."""
    with names_collated("und-x-icu"):
        group = _lapsed_group(program)
    shown = ["Bob", "Zed", "ann", "bob", "zoë"]  # of six waiting 3 days, by code point: "Émile" after "zoë"
    assert [item.title for item in group.items] == shown and {item.age_days for item in group.items} == {3}
    assert (group.total, group.hidden) == (8, 3)
    assert all("Asked " in item.detail and item.url.startswith("/admin/matching/") for item in group.items)


@contextmanager
def names_collated(collation: str):
    """People's names ordered by `collation` (undone at the end, and by the test's rollback). The connection's
    prepared statements that read them are dropped each time: PostgreSQL refuses to run one whose result changed."""

    def collate(name: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE accounts_user ALTER COLUMN full_name TYPE varchar(150) COLLATE "{name}"')
            cursor.execute("DEALLOCATE ALL")
        connection.prepared_names = set()  # mentorship.prepared PREPAREs them again

    collate(collation)
    try:
        yield
    finally:
        collate("default")


def _lapsed_group(program):
    now = timezone.now()
    waiting = [("bob", 3), ("Zed", 3), ("Émile", 3), ("ann", 3), ("Ω", 2), ("Ann", 2), ("Bob", 3), ("zoë", 3)]
    for name, days in waiting:
        mentee = ApplicationFactory(program=program, approved=True, applicant__full_name=name)
        for ago in (days, days + 7):  # an older request of each mentee: only the latest counts
            GalleryRequestFactory(
                program=program, mentee_application=mentee, status="expired", expires_at=now - dt.timedelta(days=ago)
            )
    answered = ApplicationFactory(program=program, approved=True, applicant__full_name="Asking again")
    GalleryRequestFactory(program=program, mentee_application=answered, status="expired", expires_at=now)
    GalleryRequestFactory(program=program, mentee_application=answered, expires_at=now + dt.timedelta(days=3))

    [group] = [g for g in program_dashboard(program, now=now).actions if g.key == "gallery"]
    return group
