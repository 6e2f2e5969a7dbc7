"""The chair plans a session's seating from the admin and reads the room board; other associations' chairs can do
neither."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.vocabulary import Expertise
from coaching.factories import CoachSignupFactory, LearnerRegistrationFactory, SeatFactory, SessionFactory, WishFactory
from coaching.models import Seat
from coaching.services import session_plan_seating

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(association):
    """Two coaches for three rounds, three learners: Lee wishes for the police coach."""
    session = SessionFactory(association=association, title="Conference speed coaching", rounds=3, tables=2)
    finance = CoachSignupFactory(session=session, user__full_name="Casey Finance", areas=[Expertise.FINANCE])
    police = CoachSignupFactory(session=session, user__full_name="Pat Police", areas=[Expertise.POLICE])
    lee = LearnerRegistrationFactory(session=session, user__full_name="Lee Learner", areas=[Expertise.FINANCE])
    WishFactory(registration=lee, coach=police)
    for name in ("Morgan Mentee", "Robin Rookie"):
        LearnerRegistrationFactory(session=session, user__full_name=name, areas=[Expertise.FINANCE])
    session.finance, session.police, session.lee = finance, police, lee
    return session


def test_planning_writes_every_round_with_tables_and_keeps_the_rules(session, host_chair):
    SeatFactory(session=session, coach=session.finance, learner=session.lee, round=3, table=2)  # an old plan
    assert session_plan_seating(session=session, by=host_chair) == 6
    seats = list(Seat.objects.filter(session=session))
    assert {(s.round, s.table) for s in seats} == {(r, t) for r in (1, 2, 3) for t in (1, 2)}
    assert len({(s.coach_id, s.learner_id) for s in seats}) == 6  # nobody meets a coach twice
    assert len({(s.round, s.learner_id) for s in seats}) == 6
    assert Seat.objects.filter(learner=session.lee, coach=session.police).exists()
    # Two seats a round for three learners: each sits out exactly one round.
    assert sorted(Counter(s.learner_id for s in seats).values()) == [2, 2, 2]


def test_a_round_needing_more_tables_than_the_room_has_is_refused_and_nothing_changes(session, host_chair):
    old = SeatFactory(session=session, coach=session.finance, learner=session.lee)
    session.tables = 1
    session.save()
    with pytest.raises(ValidationError, match="Round 1 seats 2 coaches but the room has 1 tables"):
        session_plan_seating(session=session, by=host_chair)
    assert list(Seat.objects.filter(session=session)) == [old]


def test_another_associations_chair_may_not_plan_the_seating(session, other_chair):
    with pytest.raises(PermissionDenied):
        session_plan_seating(session=session, by=other_chair)
    assert not Seat.objects.filter(session=session).exists()


def test_the_chair_plans_from_the_admin_and_reads_the_room_board(client, session, host_chair):
    client.force_login(host_chair)
    response = client.post(
        reverse("admin:coaching_session_changelist"),
        {"action": "plan_seating", "_selected_action": [session.pk]},
        follow=True,
    )
    assert "Conference speed coaching: 6 seats planned." in response.content.decode()
    page = client.get(reverse("admin:coaching_session_change", args=[session.pk])).content.decode()
    for round_ in (1, 2, 3):
        assert f"<caption>Round {round_}</caption>" in page
    seat = Seat.objects.filter(session=session, round=1, table=1).select_related("coach__user", "learner__user").get()
    assert f"<tr><td>1</td><td>{seat.coach.user}</td><td>{seat.learner.user}</td></tr>" in page


def test_the_room_board_says_how_to_plan_before_there_are_seats(client, session, host_chair):
    client.force_login(host_chair)
    page = client.get(reverse("admin:coaching_session_change", args=[session.pk])).content.decode()
    assert "No seats yet: choose “Plan the seating” on the sessions list." in page


def test_another_associations_chair_finds_no_session_in_the_admin(client, session, other_chair):
    client.force_login(other_chair)
    assert client.get(reverse("admin:coaching_session_change", args=[session.pk])).status_code == 404
    listing = client.get(reverse("admin:coaching_session_changelist")).content.decode()
    assert "Conference speed coaching" not in listing


def test_a_chairs_forms_offer_only_their_own_associations_sessions_and_coaches(client, session, host_chair):
    elsewhere = SessionFactory(title="Another association's session")
    CoachSignupFactory(session=elsewhere, user__full_name="Quinn Elsewhere")
    client.force_login(host_chair)
    signup_form = client.get(reverse("admin:coaching_coachsignup_add")).content.decode()
    assert "Conference speed coaching" in signup_form
    assert "Another association&#x27;s session" not in signup_form
    registration = client.get(reverse("admin:coaching_learnerregistration_change", args=[session.lee.pk]))
    page = registration.content.decode()
    assert "Pat Police" in page
    assert "Quinn Elsewhere" not in page
