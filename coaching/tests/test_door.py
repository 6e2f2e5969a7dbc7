"""The chair at the door: walk-ins added and seated, no-shows taken out, the rounds left re-planned without moving
anyone in the round under way or before; then the learners' feedback and asking a coach to go on."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from applications.models import Program
from applications.vocabulary import Expertise
from coaching import services
from coaching.factories import CoachSignupFactory, LearnerRegistrationFactory, SessionFactory
from coaching.models import CoachSignup, Feedback, LearnerRegistration, Seat, Session
from matching.models import GalleryRequest
from notifications.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(association, host_chair):
    """Three coaches, four learners, four rounds, planned."""
    session = SessionFactory(association=association, title="Conference speed coaching", rounds=4, tables=3)
    for name in ("Casey Finance", "Pat Police", "Jo Works"):
        CoachSignupFactory(session=session, user__full_name=name)
    for name in ("Lee", "Morgan", "Robin", "Sam"):
        LearnerRegistrationFactory(session=session, user__full_name=name)
    services.session_plan_seating(session=session, by=host_chair)
    return session


def seats_through(session, round_: int) -> set[tuple]:
    return set(
        Seat.objects.filter(session=session, round__lte=round_).values_list("round", "table", "coach", "learner")
    )


def door(client, session, **data):
    return client.post(reverse("coaching:door", args=[session.pk]), data, follow=True)


def test_a_walk_in_is_added_and_seated_in_the_rounds_left_and_nobody_seated_before_moves(client, session, host_chair):
    before = seats_through(session, 2)
    client.force_login(host_chair)
    response = door(client, session, action="walk_in", **{"walk_in-name": "Wanda Walk-in", "walk_in-areas": ["police"]})
    assert "Wanda Walk-in added." in response.content.decode()
    walk_in = LearnerRegistration.objects.get(walk_in_name="Wanda Walk-in")
    assert walk_in.user is None and walk_in.areas == [Expertise.POLICE]
    response = door(client, session, action="replan", **{"replan-kept_through": "2", "replan-confirm": "on"})
    assert "Rounds 3 to 4 re-planned" in response.content.decode()
    assert seats_through(session, 2) == before
    assert Seat.objects.filter(learner=walk_in, round__gt=2).exists()
    assert not Seat.objects.filter(learner=walk_in, round__lte=2).exists()


def test_a_replan_needs_the_chairs_confirmation(client, session, host_chair):
    LearnerRegistrationFactory(session=session, walk_in_name="Wanda", user=None)
    client.force_login(host_chair)
    response = door(client, session, action="replan", **{"replan-kept_through": "1"})
    assert "Tick the box to confirm the re-plan." in response.content.decode()
    assert not Seat.objects.filter(learner__walk_in_name="Wanda").exists()


def test_no_shows_leave_the_rounds_left_and_keep_the_seats_they_had(client, session, host_chair):
    lee = LearnerRegistration.objects.get(user__full_name="Lee")
    pat = CoachSignup.objects.get(user__full_name="Pat Police")
    before = seats_through(session, 1)
    client.force_login(host_chair)
    door(client, session, action="no_show", learner=lee.pk, absent="yes")
    door(client, session, action="no_show", learner=lee.pk, absent="yes")  # a second chair, the same moment
    door(client, session, action="no_show", coach=pat.pk, absent="yes")
    lee.refresh_from_db()
    pat.refresh_from_db()
    assert lee.no_show and pat.no_show
    door(client, session, action="replan", **{"replan-kept_through": "1", "replan-confirm": "on"})
    assert seats_through(session, 1) == before
    assert not Seat.objects.filter(session=session, round__gt=1, learner=lee).exists()
    assert not Seat.objects.filter(session=session, round__gt=1, coach=pat).exists()
    # The two coaches left still see the three learners left, each pair once (the table constraint holds it).
    later = Seat.objects.filter(session=session, round__gt=1)
    assert set(later.values_list("coach", flat=True)) <= set(
        CoachSignup.objects.exclude(pk=pat.pk).values_list("pk", flat=True)
    )
    assert later.count() >= 3
    # They arrived late after all.
    door(client, session, action="no_show", learner=lee.pk, absent="no")
    lee.refresh_from_db()
    assert not lee.no_show


def test_every_round_kept_leaves_nothing_to_replan(session, host_chair):
    with pytest.raises(services.CoachingError, match="no round after round 4"):
        services.session_replan(session=session, by=host_chair, kept_through=4)


def test_the_door_locks_the_sessions_row_so_two_chairs_act_one_after_the_other(session, host_chair):
    with CaptureQueriesContext(connection) as queries:
        services.session_replan(session=session, by=host_chair, kept_through=1)
        services.door_walk_in(session=session, by=host_chair, name="Wanda", areas=[])
    locks = [q["sql"] for q in queries if q["sql"].endswith("FOR UPDATE") and '"coaching_session"' in q["sql"]]
    assert len(locks) == 2


def test_another_associations_chair_finds_no_door_and_nobody_else_gets_in(
    client, session, other_chair, outsider, staff_without_permissions
):
    url = reverse("coaching:door", args=[session.pk])
    client.force_login(other_chair)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "walk_in", "walk_in-name": "X"}).status_code == 404
    client.force_login(staff_without_permissions)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).url.startswith(reverse("admin:login"))
    with pytest.raises(Exception, match="Only a chair"):
        services.door_walk_in(session=session, by=other_chair, name="X", areas=[])
    assert not LearnerRegistration.objects.filter(walk_in_name="X").exists()


def test_the_room_board_prints_each_round_on_its_own_page(client, session, host_chair):
    client.force_login(host_chair)
    page = client.get(reverse("coaching:board", args=[session.pk])).content.decode()
    assert page.count('class="room-board-round') == 4
    assert "css/coaching.css" in page and "Print the room board" in page
    seat = Seat.objects.select_related("coach__user", "learner__user").get(session=session, round=1, table=1)
    assert f"<td>1</td><td>{seat.coach.name}</td><td>{seat.learner.name}</td>" in page


# After the session ------------------------------------------------------------------------------------------------


@pytest.fixture
def after(session):
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    session.refresh_from_db()
    return session


def test_a_learner_gives_a_minutes_feedback_on_each_coach_they_met(client, after):
    lee = LearnerRegistration.objects.select_related("user").get(user__full_name="Lee")
    met = services.coaches_met(lee)
    client.force_login(lee.user)
    data = {f"useful_{coach.pk}": "yes" for coach in met} | {f"comment_{met[0].pk}": "Sharp on budgets"}
    response = client.post(reverse("coaching:feedback", args=[after.pk]), data, follow=True)
    assert "Thank you: your feedback was saved." in response.content.decode()
    assert Feedback.objects.filter(registration=lee, useful=True).count() == len(met)
    assert Feedback.objects.get(registration=lee, coach=met[0]).comment == "Sharp on budgets"
    stranger = CoachSignupFactory(session=after)
    with pytest.raises(services.CoachingError, match="did not meet"):
        services.feedback_give(registration=lee, answers={stranger.pk: (True, "")})


def test_without_a_gallery_program_the_learner_is_told_there_is_none(client, after):
    lee = LearnerRegistration.objects.select_related("user").get(user__full_name="Lee")
    client.force_login(lee.user)
    page = client.get(reverse("coaching:feedback", args=[after.pk])).content.decode()
    assert "has no gallery or always-open coaching program" in page


def test_a_learner_asks_a_coach_they_met_into_the_always_open_program(client, after, association):
    program = ProgramFactory(
        host=association,
        slug="coachconnect",
        kind=Program.Kind.ALWAYS_OPEN,
        pairing_mode=Program.PairingMode.GALLERY,
        deadline=None,
    )
    lee = LearnerRegistration.objects.select_related("user").get(user__full_name="Lee")
    coach = services.coaches_met(lee)[0]
    url = reverse("coaching:ongoing", args=[after.pk, coach.pk])
    client.force_login(lee.user)
    response = client.post(url, {"message": "Would you coach me?"})
    assert "First apply as a mentee to the" in response.content.decode()
    ApplicationFactory(program=program, applicant=lee.user, approved=True)
    MentorApplicationFactory(program=program, applicant=coach.user, approved=True)
    response = client.post(url, {"message": "Would you coach me?"})
    assert response.status_code == 302
    request = GalleryRequest.objects.get(mentee_application__applicant=lee.user)
    assert request.program == program and request.mentor_application.applicant == coach.user
    assert Notice.objects.filter(kind="gallery_request_new", user=coach.user).exists()


def test_a_coach_the_learner_did_not_meet_cannot_be_asked(client, after):
    lee = LearnerRegistration.objects.select_related("user").get(user__full_name="Lee")
    stranger = CoachSignupFactory(session=after)
    client.force_login(lee.user)
    assert client.get(reverse("coaching:ongoing", args=[after.pk, stranger.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_second_chair_at_the_door_waits_for_the_first_to_finish(association, host_chair):
    """A real second connection holds the session's row as a re-plan would; the walk-in waits until it commits,
    then sees what it wrote."""
    session = SessionFactory(association=association, rounds=2)
    holding, release = threading.Event(), threading.Event()

    def first_chair() -> None:
        try:
            with transaction.atomic():
                Session.objects.select_for_update().get(pk=session.pk)
                holding.set()
                release.wait(timeout=10)
                LearnerRegistrationFactory(session=session, walk_in_name="First", user=None)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_chair)
    thread.start()
    assert holding.wait(timeout=10)
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    services.door_walk_in(session=session, by=host_chair, name="Second", areas=[])
    waited = time.monotonic() - started
    thread.join(timeout=10)
    assert waited >= 0.4  # blocked on the row lock until the first chair's transaction ended
    assert list(
        LearnerRegistration.objects.filter(session=session).order_by("pk").values_list("walk_in_name", flat=True)
    ) == ["First", "Second"]


def test_the_chair_reads_the_feedback_on_the_sessions_admin_page_escaped(client, after, host_chair):
    lee = LearnerRegistration.objects.get(user__full_name="Lee")
    coach = services.coaches_met(lee)[0]
    services.feedback_give(registration=lee, answers={coach.pk: (True, "<b>Sharp</b> on budgets")})
    client.force_login(host_chair)
    page = client.get(reverse("admin:coaching_session_change", args=[after.pk])).content.decode()
    assert f"{coach.name}: useful to 1 of 1<br>“&lt;b&gt;Sharp&lt;/b&gt; on budgets”" in page


def test_a_hostile_walk_in_name_is_escaped_on_the_door_and_the_board(client, session, host_chair):
    hostile = '<img src=x onerror=alert(1)> "Wanda"'
    client.force_login(host_chair)
    door(client, session, action="walk_in", **{"walk_in-name": hostile})
    door(client, session, action="replan", **{"replan-kept_through": "0", "replan-confirm": "on"})
    for name in ("coaching:door", "coaching:board"):
        page = client.get(reverse(name, args=[session.pk])).content.decode()
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; &quot;Wanda&quot;" in page, name


def test_the_door_and_the_board_cost_the_same_queries_however_many_learners(client, session, host_chair):
    client.force_login(host_chair)

    def queries(name: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name, args=[session.pk])).status_code == 200
        return len(captured)

    before = {name: queries(name) for name in ("coaching:door", "coaching:board")}
    for index in range(6):
        LearnerRegistrationFactory(session=session, user__full_name=f"More {index}")
    services.session_plan_seating(session=session, by=host_chair)
    assert {name: queries(name) for name in before} == before
