"""Coaches sign up and learners register with ranked wishes; each reads their schedule on a page, as a PDF and (a
learner) through a short link that shows that one schedule to anyone holding it, rate-limited and replaceable."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications.vocabulary import Expertise
from coaching import services
from coaching.factories import CoachSignupFactory, LearnerRegistrationFactory, SessionFactory, WishFactory
from coaching.models import CoachSignup, LearnerRegistration, Seat, Wish
from coaching.views import LINK_MISSES
from notifications.models import Notice
from resources.factories import ResourceFactory
from resources.models import Resource

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & 'Bobby' {{ x }}"


@pytest.fixture
def session(association):
    return SessionFactory(association=association, title="Conference speed coaching", rounds=3, tables=3)


@pytest.fixture
def coaches(session):
    return [
        CoachSignupFactory(session=session, user__full_name=name, areas=[area])
        for name, area in (("Casey Finance", Expertise.FINANCE), ("Pat Police", Expertise.POLICE))
    ]


def planned(session, host_chair) -> None:
    services.session_plan_seating(session=session, by=host_chair)


# Sign-up and registration -------------------------------------------------------------------------------------


def test_a_coach_signs_up_with_areas_and_rounds_and_changes_them(client, session, mentor):
    client.force_login(mentor)
    url = reverse("coaching:coach", args=[session.pk])
    response = client.post(url, {"areas": [Expertise.FINANCE, Expertise.POLICE], "rounds": ["1", "3"]})
    assert response.status_code == 302
    signup = CoachSignup.objects.get(session=session, user=mentor)
    assert (signup.areas, signup.rounds) == ([Expertise.FINANCE, Expertise.POLICE], [1, 3])
    client.post(url, {"areas": [Expertise.FINANCE], "rounds": ["2"]})
    signup.refresh_from_db()
    assert signup.rounds == [2]


def test_a_coach_who_chooses_no_round_is_told_and_keeps_what_they_typed(client, session, mentor):
    client.force_login(mentor)
    response = client.post(reverse("coaching:coach", args=[session.pk]), {"areas": [Expertise.POLICE]})
    page = response.content.decode()
    assert "Choose at least one round you can do." in page
    assert re.search(r'value="police"\s+id="id_areas_\d+" checked', page)
    assert not CoachSignup.objects.exists()


def test_a_learner_registers_with_ranked_wishes_and_is_emailed_their_short_link(client, session, coaches, mentee):
    client.force_login(mentee)
    casey, pat = coaches
    response = client.post(
        reverse("coaching:register", args=[session.pk]),
        {"areas": [Expertise.FINANCE], "wish_1": pat.pk, "wish_2": casey.pk},
    )
    assert response.status_code == 302
    registration = LearnerRegistration.objects.get(session=session, user=mentee)
    assert [(w.rank, w.coach) for w in registration.wishes.all()] == [(1, pat), (2, casey)]
    notice = Notice.objects.get(kind="coaching_registered", user=mentee)
    assert notice.association_id == session.association_id
    # Registering again changes the wishes, and sends nothing twice.
    client.post(reverse("coaching:register", args=[session.pk]), {"areas": [], "wish_1": casey.pk})
    assert [w.coach for w in registration.wishes.all()] == [casey]
    assert Notice.objects.filter(kind="coaching_registered").count() == 1


def test_a_coach_not_signed_up_for_the_session_cannot_be_wished_for(client, session, coaches, mentee):
    elsewhere = CoachSignupFactory(session=SessionFactory(association=session.association), user__full_name="Quinn")
    client.force_login(mentee)
    page = client.get(reverse("coaching:register", args=[session.pk])).content.decode()
    assert "Casey Finance" in page and "Quinn" not in page
    response = client.post(reverse("coaching:register", args=[session.pk]), {"wish_1": elsewhere.pk})
    assert "Choose a coach signed up for this session." in response.content.decode()
    assert not LearnerRegistration.objects.exists()
    with pytest.raises(services.CoachingError, match="Quinn is not a coach signed up for this session"):
        services.learner_register(session=session, user=mentee, areas=[], wishes=[elsewhere])


def test_the_service_refuses_a_coach_marked_absent_a_repeated_wish_and_oneself(session, coaches, mentee, mentor):
    casey, pat = coaches
    CoachSignup.objects.filter(pk=pat.pk).update(no_show=True)
    with pytest.raises(services.CoachingError, match="Pat Police is not a coach signed up"):
        services.learner_register(session=session, user=mentee, areas=[], wishes=[pat])
    with pytest.raises(services.CoachingError, match="Name each coach once"):
        services.learner_register(session=session, user=mentee, areas=[], wishes=[casey, casey])
    me = CoachSignupFactory(session=session, user=mentee)
    with pytest.raises(services.CoachingError, match="signed up as a coach"):
        services.learner_register(session=session, user=mentee, areas=[], wishes=[])
    me.delete()
    assert not Wish.objects.exists()


def test_a_repeated_wish_in_the_form_is_put_on_its_field(client, session, coaches, mentee):
    client.force_login(mentee)
    casey = coaches[0]
    response = client.post(reverse("coaching:register", args=[session.pk]), {"wish_1": casey.pk, "wish_2": casey.pk})
    assert "You named this coach already" in response.content.decode()


def test_registrations_close_when_the_session_starts(client, session, mentee):
    session.starts_at = timezone.now() - dt.timedelta(minutes=1)
    session.save()
    client.force_login(mentee)
    response = client.post(reverse("coaching:register", args=[session.pk]), {"areas": []})
    assert "sign-ups and registrations are closed" in response.content.decode()
    assert not LearnerRegistration.objects.exists()


# Schedules --------------------------------------------------------------------------------------------------------


def test_a_learner_reads_their_rounds_tables_and_coaches_and_a_coach_their_learners(
    client, session, coaches, mentee, host_chair
):
    registration = LearnerRegistrationFactory(session=session, user=mentee)
    WishFactory(registration=registration, coach=coaches[1])
    planned(session, host_chair)
    client.force_login(mentee)
    page = client.get(reverse("coaching:schedule", args=[session.pk])).content.decode()
    for seat in Seat.objects.filter(learner=registration).select_related("coach__user"):
        assert f"Table {seat.table} · {seat.coach.name}" in page
    assert "Before your first round" in page
    assert re.search(r"\d:\d\d [AP]M P[SD]T", page)  # in the session's time zone, named
    assert f"/c/{registration.link_token}/" in page
    client.force_login(coaches[1].user)
    page = client.get(reverse("coaching:schedule", args=[session.pk])).content.decode()
    assert "Before your first round" not in page
    assert mentee.full_name in page


def test_a_learner_reads_the_associations_speed_coaching_tips_before_the_first_round(
    client, session, coaches, mentee, host_chair
):
    ResourceFactory(association=session.association, kind=Resource.Kind.SPEED_COACHING_TIPS, title="Three questions")
    ResourceFactory(association=session.association, kind=Resource.Kind.ARTICLE, title="Career Compass")
    ResourceFactory(kind=Resource.Kind.SPEED_COACHING_TIPS, title="Another association's tips")
    LearnerRegistrationFactory(session=session, user=mentee)
    planned(session, host_chair)
    client.force_login(mentee)
    page = client.get(reverse("coaching:schedule", args=[session.pk])).content.decode()
    assert "Tips before your round" in page and "Three questions" in page
    assert "Career Compass" not in page and "Another association" not in page
    client.force_login(coaches[1].user)
    assert "Three questions" not in client.get(reverse("coaching:schedule", args=[session.pk])).content.decode()


def test_nobody_else_finds_a_schedule(client, session, coaches, outsider):
    client.force_login(outsider)
    assert client.get(reverse("coaching:schedule", args=[session.pk])).status_code == 404
    assert client.get(reverse("coaching:schedule_pdf", args=[session.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("coaching:schedule", args=[session.pk])).status_code == 302


def test_hostile_names_are_escaped_on_the_pages_and_print_in_the_pdf(client, session, mentee, host_chair):
    CoachSignupFactory(session=session, user__full_name=HOSTILE)
    LearnerRegistrationFactory(session=session, user=mentee)
    session.title = HOSTILE
    session.save()
    planned(session, host_chair)
    client.force_login(mentee)
    page = client.get(reverse("coaching:schedule", args=[session.pk])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Bobby&#x27; {{ x }}" in page
    response = client.get(reverse("coaching:schedule_pdf", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    client.force_login(host_chair)
    board = client.get(reverse("coaching:board", args=[session.pk])).content.decode()
    assert "<script>alert" not in board and "&lt;script&gt;" in board


def test_the_pdf_holds_the_schedule(client, session, coaches, mentee, host_chair):
    LearnerRegistrationFactory(session=session, user=mentee)
    planned(session, host_chair)
    client.force_login(mentee)
    response = client.get(reverse("coaching:schedule_pdf", args=[session.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    seat = Seat.objects.filter(learner__user=mentee).select_related("coach__user").first()
    assert "Conference speed coaching" in text and seat.coach.name in text


# The short link ---------------------------------------------------------------------------------------------------


def test_the_short_link_shows_that_learners_schedule_to_anyone_and_nothing_private(
    client, session, coaches, mentee, host_chair
):
    registration = LearnerRegistrationFactory(session=session, user=mentee, areas=[Expertise.WORK_LIFE_BALANCE])
    WishFactory(registration=registration, coach=coaches[1])
    planned(session, host_chair)
    response = client.get(reverse("coaching:short", args=[registration.link_token]))
    page = response.content.decode()
    assert response.status_code == 200 and response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    seat = Seat.objects.filter(learner=registration).select_related("coach__user").first()
    assert f"Table {seat.table} · {seat.coach.name}" in page
    for private in (mentee.email, "Work/Life Balance", "Before your first round"):
        assert private not in page


def test_a_replaced_link_stops_working_and_a_forged_one_is_not_found(client, session, mentee):
    registration = LearnerRegistrationFactory(session=session, user=mentee)
    old = registration.link_token
    client.force_login(mentee)
    assert client.get(reverse("coaching:link_renew", args=[session.pk])).status_code == 405  # no write on GET
    client.post(reverse("coaching:link_renew", args=[session.pk]))
    registration.refresh_from_db()
    assert registration.link_token != old and len(registration.link_token) >= 12
    client.logout()
    assert client.get(reverse("coaching:short", args=[old])).status_code == 404
    assert client.get(reverse("coaching:short", args=[registration.link_token])).status_code == 200


def test_the_short_link_refuses_an_address_that_keeps_guessing_and_only_that_one(client, session, mentee):
    registration = LearnerRegistrationFactory(session=session, user=mentee)
    own = reverse("coaching:short", args=[registration.link_token])
    for _ in range(LINK_MISSES + 5):  # learners behind one venue address open their own links freely
        assert client.get(own).status_code == 200
    for _ in range(LINK_MISSES):
        assert client.get(reverse("coaching:short", args=["guess"])).status_code == 404
    assert client.get(own).status_code == 429
    assert "Too many tries" in client.get(reverse("coaching:short", args=["guess"])).content.decode()
    assert client.get(own, REMOTE_ADDR="198.51.100.7").status_code == 200
