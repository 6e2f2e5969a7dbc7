"""Program kinds: a yearly cohort keeps its deadline; an always-open program and an advisor roster have none."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.jobs import deadline_notices
from applications.models import Application, Program
from applications.tests.test_apply import apply_url, mentee_data
from notifications.models import Notice

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def coaching(association) -> Program:
    """An always-open coaching network, CoachConnect style: open since 2024, no deadline, gallery only."""
    return Program.objects.create(
        name="Coaching network",
        slug="coaching",
        host=association,
        kind=Program.Kind.ALWAYS_OPEN,
        opens_on=dt.date(2024, 1, 1),
        deadline=None,
        pairing_mode=Program.PairingMode.GALLERY,
        mentee_max_mentors=2,
        chair_email="coach@example.org",
    )


def test_a_new_program_is_a_yearly_cohort_that_needs_a_deadline(association):
    program = Program(name="2025", slug="2025", host=association, chair_email="c@example.org")
    assert program.kind == Program.Kind.COHORT
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "A yearly cohort needs a deadline." in error.value.message_dict["deadline"]


def test_an_always_open_program_is_open_from_its_opening_day_with_no_end(coaching):
    assert not coaching.is_open(dt.datetime(2023, 12, 31, 23, 59, tzinfo=LA))
    assert coaching.is_open(dt.datetime(2024, 1, 1, 0, 0, tzinfo=LA))
    assert coaching.is_open(dt.datetime(2031, 6, 1, tzinfo=LA))
    assert coaching.closes_at is None


def test_an_always_open_program_refuses_a_deadline_and_chair_only_matching(coaching):
    coaching.deadline = dt.date(2030, 1, 1)
    coaching.pairing_mode = Program.PairingMode.CHAIR
    with pytest.raises(ValidationError) as error:
        coaching.full_clean()
    assert "leave the deadline blank" in error.value.message_dict["deadline"][0]
    coaching.deadline = None
    with pytest.raises(ValidationError) as error:
        coaching.full_clean()
    assert "pairs through the gallery" in error.value.message_dict["pairing_mode"][0]


def test_an_advisor_roster_pairs_only_by_asking_an_advisor(association):
    roster = Program(
        name="Senior Advisors",
        slug="advisors",
        host=association,
        kind=Program.Kind.ADVISORS,
        pairing_mode=Program.PairingMode.BOTH,
        chair_email="c@example.org",
    )
    with pytest.raises(ValidationError) as error:
        roster.full_clean()
    assert "members ask an advisor" in error.value.message_dict["pairing_mode"][0]
    roster.pairing_mode = Program.PairingMode.GALLERY
    roster.full_clean()
    assert (roster.mentor_word, roster.mentee_word) == ("advisor", "member")


def test_programs_without_a_deadline_come_first_then_the_latest_deadline(program, coaching, association):
    older = Program.objects.create(
        name="2023", slug="2023", host=association, deadline=dt.date(2023, 1, 1), chair_email="c@example.org"
    )
    assert list(Program.objects.all()) == [coaching, program, older]


def test_the_home_page_lists_an_always_open_program_and_says_it_is_open_all_year(client, program, coaching):
    response = client.get(reverse("home"))
    assert coaching in response.context["programs"]
    assert program in response.context["programs"]
    assert "Always open: applications are taken all year" in response.content.decode()


def test_the_program_page_of_an_always_open_program_says_open_all_year_and_offers_both_roles(client, mentee, coaching):
    client.force_login(mentee)
    page = client.get(coaching.get_absolute_url()).content.decode()
    assert "Always open: applications are taken all year and reviewed as they come." in page
    assert "Apply as a mentor" in page and "Apply as a mentee" in page
    assert "with up to 2 at once" in page


def test_a_mentee_applies_to_an_always_open_program_any_day(committing_client, mentee, coaching, mailoutbox):
    committing_client.force_login(mentee)
    page = committing_client.get(apply_url(coaching, "mentee")).content.decode()
    assert "Always open: applications are taken all year" in page
    response = committing_client.post(apply_url(coaching, "mentee"), mentee_data())
    application = Application.objects.get(program=coaching, applicant=mentee)
    assert response.status_code == 302
    assert application.status == Application.Status.SUBMITTED
    assert application.is_editable
    body = mailoutbox[-1].body
    assert "until the chair reviews it" in body and "11:59 PM on ." not in body


def test_an_always_open_program_not_yet_open_says_when_it_opens(client, mentee, coaching):
    coaching.opens_on = dt.date.today() + dt.timedelta(days=10)
    coaching.save()
    client.force_login(mentee)
    response = client.get(apply_url(coaching, "mentee"), follow=True)
    assert f"open on {coaching.opens_on:%B %-d, %Y}" in response.content.decode()


def test_no_deadline_notice_is_sent_for_an_always_open_program(coaching, program, mentee):
    Application.objects.create(program=coaching, applicant=mentee, role=Application.Role.MENTEE)
    deadline_notices(dt.datetime.now(tz=dt.UTC))
    assert not Notice.objects.filter(program=coaching).exists()


def test_a_yearly_cohort_still_warns_its_drafts_a_day_before_the_deadline(program, mentee):
    Application.objects.create(program=program, applicant=mentee, role=Application.Role.MENTEE)
    day_before = dt.datetime.combine(program.deadline - dt.timedelta(days=1), dt.time(8), tzinfo=LA)
    assert deadline_notices(day_before) == 1
    assert Notice.objects.get(program=program).kind == "deadline_warning"


def test_the_program_admin_offers_the_kind_and_the_agreement_switch(client, chair, coaching):
    client.force_login(chair)
    page = client.get(reverse("admin:applications_program_change", args=[coaching.pk])).content.decode()
    assert 'name="kind"' in page and 'name="requires_agreement"' in page
    assert "Duplicate for next year" not in page
