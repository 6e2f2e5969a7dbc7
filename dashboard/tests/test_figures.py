"""The dashboard's numbers against the hand-built program of conftest.py, whose every figure is known."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Program
from dashboard.figures import Adherence
from dashboard.selectors import adherence_of, program_dashboard
from dashboard.tests.conftest import END_REASON, table_rows
from pairings import schedule
from pairings.factories import CheckInFactory, PairingFactory

pytestmark = pytest.mark.django_db


def test_applications_are_counted_by_status_and_role(known):
    statuses = {row.status: (row.mentors, row.mentees) for row in program_dashboard(known.program).intake.statuses}
    assert statuses == {
        "draft": (0, 1),
        "submitted": (1, 0),
        "under_review": (0, 0),
        "approved": (3, 5),
        "declined": (1, 0),
        "waitlisted": (0, 2),
        "withdrawn": (0, 1),
    }


def test_submissions_are_counted_by_day_from_the_opening_to_today(known):
    days = program_dashboard(known.program).intake.days
    assert days[0].day == known.today - dt.timedelta(days=10)
    assert days[-1].day == known.today  # the deadline is still 30 days away
    by_day = {row.day: (row.mentors, row.mentees) for row in days}
    assert by_day[known.today - dt.timedelta(days=9)] == (2, 3)
    assert by_day[known.today - dt.timedelta(days=8)] == (0, 2)
    assert (days[-1].total_mentors, days[-1].total_mentees) == (5, 8)  # the draft was never submitted


def test_fees_of_live_non_members_are_counted_with_their_amounts(known):
    fees = {row.status: (row.count, row.amount) for row in program_dashboard(known.program).intake.fees}
    # The declined mentor's fee is due too, but a declined application owes nothing the chair chases.
    assert fees == {"due": (1, Decimal("50.00")), "paid": (1, Decimal("50.00")), "waived": (1, Decimal("50.00"))}


def test_expertise_supply_and_demand_count_live_applications_and_show_the_shortfall(known):
    areas = {
        area.value: (area.mentors, area.mentees, area.shortfall)
        for area in program_dashboard(known.program).intake.areas
    }
    assert areas["finance"] == (2, 4, 2)
    assert areas["information_technology"] == (0, 2, 2)
    assert areas["police"] == (2, 1, 0)
    assert areas["management"] == (2, 1, 0)
    assert areas["engineering"] == (2, 0, 0)
    assert areas["strategic_planning"] == (1, 1, 0)
    assert areas["work_life_balance"] == (0, 0, 0)
    assert [a.value for a in program_dashboard(known.program).intake.short_areas] == [
        "finance",
        "information_technology",
    ]


def test_matching_figures_count_matched_unmatched_and_waiting_mentees(known):
    matching = program_dashboard(known.program).matching
    assert matching.approved_mentees == 5
    assert matching.matched == 3  # the mentee whose pairing ended early needs a new match
    assert matching.unmatched == 2
    assert matching.waitlisted == 2
    assert matching.awaiting_decision == 0


def test_scores_of_published_pairs_fall_into_tenths(known):
    matching = program_dashboard(known.program).matching
    assert {b.label: b.count for b in matching.score_bins if b.count} == {
        "0.3 to 0.4": 1,
        "0.5 to 0.6": 1,
        "0.8 to 0.9": 1,
        "0.9 to 1.0": 1,
    }
    assert matching.scored_pairs == 4
    assert matching.mean_score == pytest.approx((0.82 + 0.55 + 0.35 + 0.91) / 4)


def test_only_mentors_with_room_under_their_capacity_and_the_programs_are_listed(known):
    matching = program_dashboard(known.program).matching
    assert [(m.application_id, m.room) for m in matching.mentors_with_room.shown] == [(known.mentors[2].pk, 1)]
    assert matching.mentors_with_room.count == 1
    assert matching.spare_places == 1


def test_past_the_first_mentors_by_name_the_rest_are_counted_with_their_places(program):
    """Places follow program.mentor_places: none or 0 offered is one, more than the program allows is capped."""
    Program.objects.filter(pk=program.pk).update(mentor_max_mentees=2)
    program.refresh_from_db()
    offered = [None, 0, 1, 2, 5] * 5  # places 1, 1, 1, 2, 2: 35 in all
    mentors = [
        MentorApplicationFactory(program=program, status="approved", capacity=capacity, applicant__full_name=f"M{i:02}")
        for i, capacity in enumerate(offered)
    ]
    PairingFactory(program=program, mentor_application=mentors[3])  # one place of M03's two is taken
    PairingFactory(program=program, mentor_application=mentors[0])  # M00 is full: not listed
    MentorApplicationFactory(program=program, status="submitted", capacity=3)  # not approved: not counted

    room = program_dashboard(program).matching.mentors_with_room

    assert (room.count, room.spare_places, room.hidden) == (24, 33, 4)
    assert [(m.name, m.capacity, m.active, m.room) for m in room.shown[:4]] == [
        ("M01", 1, 0, 1),
        ("M02", 1, 0, 1),
        ("M03", 2, 1, 1),
        ("M04", 2, 0, 2),
    ]
    assert [m.name for m in room.shown] == [f"M{i:02}" for i in range(1, 21)]


def test_relationship_figures_count_agreements_adherence_events_and_early_endings(known):
    relationships = program_dashboard(known.program).relationships
    assert (relationships.active, relationships.completed, relationships.ended_count) == (3, 0, 1)
    assert (relationships.executed, relationships.one_signature, relationships.unsigned) == (2, 1, 0)
    assert {key: count for key, _, count in relationships.adherence} == {
        "on_track": 2,
        "due": 0,
        "overdue": 0,
        "quiet": 1,
        "not_started": 0,
    }
    assert relationships.kept_pace == 2  # the quiet quarterly pair logged 1 check-in in 2 periods
    assert (relationships.events_met, relationships.events_awaiting_confirmation, relationships.events_missing) == (
        1,
        1,
        1,
    )
    assert [(e.ended_by, e.reason) for e in relationships.ended] == [("mentee", END_REASON)]


def test_what_needs_the_chair_lists_each_item_with_its_age(known):
    actions = {
        group.key: [(item.title, item.age_days) for item in group.items]
        for group in program_dashboard(known.program).actions
    }
    p1, p2, p3, _ = known.pairs
    e = [m.applicant.full_name for m in known.mentees]
    assert actions == {
        "unsigned": [(f"{p2.mentor.full_name} and {p2.mentee.full_name}", 22)],
        "gallery": [(e[3], 2)],
        "first_checkin": [(f"{p2.mentor.full_name} and {p2.mentee.full_name}", 22)],
        "quiet": [(f"{p3.mentor.full_name} and {p3.mentee.full_name}", 190)],
        "pulse": [(f"{p1.mentor.full_name} and {p1.mentee.full_name}", 3)],
        "waitlisted": [(e[6], 6), (e[5], 5)],
        "fees": [(e[5], 8)],
        "emails": [],
    }
    assert program_dashboard(known.program).actions_total == 8


@pytest.mark.parametrize(
    ("frequency", "last_checkin_days_ago", "expected"),
    [
        ("monthly", 5, Adherence.ON_TRACK),
        ("monthly", 29, Adherence.DUE),
        ("monthly", 40, Adherence.OVERDUE),
        ("monthly", 62, Adherence.QUIET),
        ("quarterly", 100, Adherence.OVERDUE),
        ("quarterly", 185, Adherence.QUIET),
    ],
)
def test_adherence_follows_the_pairs_agreed_frequency(frequency, last_checkin_days_ago, expected):
    today = dt.date(2025, 6, 30)
    adherence, _, _ = adherence_of(
        started_on=dt.date(2024, 9, 1),
        last_checkin=today - dt.timedelta(days=last_checkin_days_ago),
        frequency=frequency,
        today=today,
    )
    assert adherence == expected


def test_a_pair_whose_term_has_not_started_is_not_judged():
    adherence, _, missed = adherence_of(
        started_on=dt.date(2025, 7, 1), last_checkin=None, frequency="monthly", today=dt.date(2025, 6, 30)
    )
    assert (adherence, missed) == (Adherence.NOT_STARTED, 0)


def test_the_page_shows_the_known_figures(client, chair, known):
    client.force_login(chair)
    response = client.get(reverse("dashboard:program", args=[known.program.slug]))
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    assert rows[("data-status", "approved")] == ["Approved", "3", "5", "8"]
    assert rows[("data-status", "waitlisted")] == ["Waitlisted", "0", "2", "2"]
    assert rows[("data-fee", "due")] == ["Due", "1", "50.00"]
    assert rows[("data-area", "finance")] == ["Finance", "2", "4", "2"]
    assert rows[("data-area", "police")] == ["Police", "2", "1", "—"]
    assert rows[("data-figure", "matched")][1] == "3"
    assert rows[("data-figure", "unmatched")][1] == "2"
    assert rows[("data-figure", "executed")][1] == "2"
    assert rows[("data-figure", "one-signature")][1] == "1"
    assert rows[("data-adherence", "quiet")][1] == "1"
    assert rows[("data-adherence", "on_track")][1] == "2"
    assert rows[("data-figure", "events-met")][1] == "1"
    assert rows[("data-figure", "events-awaiting")][1] == "1"


def test_the_chair_sees_why_pairs_ended_early(client, chair, known):
    client.force_login(chair)
    response = client.get(reverse("dashboard:program", args=[known.program.slug]))
    assert END_REASON in response.content.decode()


def test_applications_without_an_online_submission_are_counted_beside_the_daily_chart(known):
    ApplicationFactory(program=known.program, status="approved", submitted_at=None)  # e.g. imported
    intake = program_dashboard(known.program).intake
    assert intake.undated == 1  # the draft has no submission date either, but it is not live
    assert (intake.days[-1].total_mentors, intake.days[-1].total_mentees) == (5, 8)


def test_with_no_scored_pair_the_page_says_so_instead_of_empty_bars(client, chair, program):
    PairingFactory.create_batch(2, program=program, score=None)  # made by hand: no score
    client.force_login(chair)
    html = client.get(reverse("dashboard:program", args=[program.slug])).content.decode()
    assert "No pair has a match score yet: pairs made by hand or from the gallery have none." in html
    assert 'id="scores"' not in html and 'id="chart-scores-title"' not in html


def test_with_some_scored_pairs_the_chart_stays_and_says_how_many_have_no_score(client, chair, program):
    PairingFactory(program=program, score=0.62)
    PairingFactory.create_batch(2, program=program, score=None)
    client.force_login(chair)
    html = client.get(reverse("dashboard:program", args=[program.slug])).content.decode()
    assert 'id="scores"' in html and "Match scores of 1 published pair," in html
    assert "2 other pairs have no match score: made by hand or from the gallery." in html
    assert "No pair has a match score yet" not in html


def _monthly_pair(program: Program, *, periods: int, checkins: list[int]):
    """An active monthly pair with `periods` whole months gone by, a check-in on the first day of each period listed."""
    today = timezone.localdate()
    started = schedule.plus_months(today, -periods) - dt.timedelta(days=3)
    pairing = PairingFactory(program=program, started_on=started, mentee_application__frequency="monthly")
    for period in checkins:
        day = schedule.plus_months(started, period)
        CheckInFactory(pairing=pairing, date=day)
        CheckInFactory(pairing=pairing, logged_by=pairing.mentor, date=day + dt.timedelta(days=1))
    return pairing


def test_a_pair_keeps_pace_only_with_a_check_in_in_every_agreed_period(program):
    """Two check-ins in the last period do not make up for a month without any: counting them against the number of
    periods would."""
    crammed = _monthly_pair(program, periods=2, checkins=[1])  # two check-ins, both in the second month
    steady = _monthly_pair(program, periods=2, checkins=[0, 1])
    dashboard = program_dashboard(program)
    rows = {p.pk: p for p in dashboard.all_pairs}
    assert (rows[crammed.pk].periods, rows[crammed.pk].checkins, rows[crammed.pk].kept_pace) == (2, 2, False)
    assert (rows[steady.pk].periods, rows[steady.pk].checkins, rows[steady.pk].kept_pace) == (2, 4, True)
    assert dashboard.relationships.kept_pace == 1
