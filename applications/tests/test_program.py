"""A Program's rules: the deadline is 11:59 PM on the day, in the program's own time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from applications.models import Program

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def mmasc_2024(association) -> Program:
    return Program.objects.create(
        name="2024 Mentorship Program",
        slug="mmasc-2024",
        host=association,
        time_zone="America/Los_Angeles",
        opens_on=dt.date(2023, 11, 1),
        deadline=dt.date(2024, 1, 12),
        chair_email="chair@example.org",
    )


def test_still_open_at_1159_pm_on_the_deadline_day(mmasc_2024):
    assert mmasc_2024.is_open(dt.datetime(2024, 1, 12, 23, 59, tzinfo=LA))
    assert mmasc_2024.is_open(dt.datetime(2024, 1, 12, 23, 59, 59, tzinfo=LA))


def test_closed_one_minute_later(mmasc_2024):
    assert not mmasc_2024.is_open(dt.datetime(2024, 1, 13, 0, 0, tzinfo=LA))
    assert not mmasc_2024.is_open(dt.datetime(2024, 1, 13, 0, 1, tzinfo=LA))


def test_the_deadline_is_in_the_programs_time_zone_not_utc(mmasc_2024):
    # 11:30 PM in Los Angeles is 07:30 UTC the next day: still open.
    assert mmasc_2024.is_open(dt.datetime(2024, 1, 13, 7, 30, tzinfo=dt.UTC))
    assert not mmasc_2024.is_open(dt.datetime(2024, 1, 13, 8, 0, tzinfo=dt.UTC))


def test_the_same_deadline_in_new_york_closes_three_hours_earlier(mmasc_2024):
    mmasc_2024.time_zone = ZoneInfo("America/New_York")
    assert not mmasc_2024.is_open(dt.datetime(2024, 1, 12, 21, 30, tzinfo=LA))
    assert mmasc_2024.is_open(dt.datetime(2024, 1, 12, 20, 30, tzinfo=LA))


def test_not_open_before_the_window_opens(mmasc_2024):
    assert not mmasc_2024.is_open(dt.datetime(2023, 10, 31, 23, 59, tzinfo=LA))
    assert mmasc_2024.is_open(dt.datetime(2023, 11, 1, 0, 0, tzinfo=LA))


def test_defaults_follow_the_seed_program(mmasc_2024):
    assert mmasc_2024.mentor_min_years == 3
    assert str(mmasc_2024.host.nonmember_fee) == "50.00"
    assert mmasc_2024.mentor_requires_full_membership
    assert mmasc_2024.term_months == 12
    assert mmasc_2024.recommended_frequency == "monthly"


def test_home_lists_open_programs_only(client, program, mmasc_2024):
    response = client.get(reverse("home"))
    assert program.name.encode() in response.content
    assert b"mmasc-2024" not in response.content


def test_program_page_says_when_applications_are_closed(client, mmasc_2024):
    response = client.get(mmasc_2024.get_absolute_url())
    assert response.status_code == 200
    assert b"Applications for this program are closed" in response.content


class TestProgramAdmin:
    def test_anonymous_is_sent_to_the_admin_login(self, client, program):
        response = client.get(reverse("admin:applications_program_change", args=[program.pk]))
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    def test_a_member_who_is_not_staff_is_sent_to_the_admin_login(self, client, outsider, program):
        client.force_login(outsider)
        response = client.get(reverse("admin:applications_program_change", args=[program.pk]))
        assert response.status_code == 302

    def test_the_chair_edits_every_rule(self, client, chair, program):
        client.force_login(chair)
        url = reverse("admin:applications_program_change", args=[program.pk])
        page = client.get(url)
        assert page.status_code == 200
        for field in [
            "deadline",
            "time_zone",
            "mentor_min_years",
            "pairing_mode",
            "term_months",
            "recommended_frequency",
            "mentor_max_mentees",
            "mentee_max_mentors",
            "chair_email",
            "required_regional_events",
            "required_signature_events",
            "exclude_same_organization",
        ]:
            assert f'name="{field}"'.encode() in page.content, field


def test_the_navigations_programs_link_opens_the_directory_of_every_association(client, db):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("applications:directory")}">Programs</a>' in page
