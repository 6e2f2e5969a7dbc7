"""State changes of a speed coaching session: coaches sign up and learners register (with their wishes); the chair
plans the seating and, at the door, adds walk-ins, marks no-shows and re-plans the rounds left (coaching/scheduler.py
decides, this writes the Seat rows in one transaction, the session's row locked); afterwards learners give feedback
and may ask a coach they met to go on coaching them, through the association's gallery (matching.gallery)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from applications.access import CHANGE, chaired_associations, holds_permission
from applications.models import Application, Program
from coaching import scheduler
from coaching.models import MAX_WISHES, CoachSignup, Feedback, LearnerRegistration, Seat, Session, Wish, new_link_token
from matching.gallery import gallery_request_create
from matching.models import GalleryRequest
from matching.services import MatchingError
from notifications.services import Spec, notify_many


class CoachingError(Exception):
    """A refusal to show the person as it is: the form or the page says it."""


def session_problem(session: Session) -> scheduler.Problem:
    """The session as the scheduler reads it: coaches by sign-up id, learners by registration id."""
    coaches = tuple(
        scheduler.Coach(id=signup.pk, areas=frozenset(signup.areas), rounds=frozenset(signup.rounds))
        for signup in CoachSignup.objects.filter(session=session).order_by("pk")
    )
    registrations = LearnerRegistration.objects.filter(session=session).prefetch_related("wishes").order_by("pk")
    learners = tuple(
        scheduler.Learner(
            id=registration.pk,
            areas=frozenset(registration.areas),
            wishes=tuple(wish.coach_id for wish in registration.wishes.all()),  # ordered by rank
        )
        for registration in registrations
    )
    return scheduler.Problem(coaches=coaches, learners=learners, rounds=session.rounds, group_size=session.group_size)


def seat_tables(session: Session, schedule: scheduler.Schedule, rounds: Sequence[int] | None = None) -> list[Seat]:
    """The schedule's seats with tables (of `rounds`, default all): in each round the seated coaches take tables
    1, 2, … in sign-up order. Refused when a round needs more tables than the room has."""
    seats = []
    for round_ in session.round_numbers() if rounds is None else rounds:
        in_round = schedule.by_round(round_)
        tables = {coach: table for table, coach in enumerate(sorted({s.coach for s in in_round}), start=1)}
        if len(tables) > session.tables:
            raise ValidationError(
                f"Round {round_} seats {len(tables)} coaches but the room has {session.tables} tables: "
                "add tables or take coaches out of that round."
            )
        seats += [
            Seat(session=session, round=round_, table=tables[s.coach], coach_id=s.coach, learner_id=s.learner)
            for s in in_round
        ]
    return seats


def may_run(user: User, session: Session) -> bool:
    """A chair of the session's association, holding the change permission on sessions: plans and runs the door."""
    return (
        holds_permission(user, Session, CHANGE)
        and chaired_associations(user).filter(pk=session.association_id).exists()
    )


def _require_chair(by: User, session: Session) -> None:
    if not may_run(by, session):
        raise PermissionDenied("Only a chair of the session's association may plan its seating.")


def session_plan_seating(*, session: Session, by: User) -> int:
    """Plan every round of the session again and replace its seats; returns how many seats were written."""
    _require_chair(by, session)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        seats = seat_tables(session, scheduler.plan(session_problem(session)))
        Seat.objects.filter(session=session).delete()
        Seat.objects.bulk_create(seats)
    return len(seats)


# Sign-up and registration ----------------------------------------------------------------------------------------


def _open_for_changes(session: Session) -> None:
    if session.has_started(timezone.now()):
        raise CoachingError(
            "The session has started: sign-ups and registrations are closed. See the chair at the door."
        )


def _check_rounds(session: Session, rounds: Sequence[int]) -> list[int]:
    chosen = sorted(set(rounds))
    if not chosen:
        raise CoachingError("Choose at least one round you can do.")
    if any(not 1 <= r <= session.rounds for r in chosen):
        raise CoachingError(f"Rounds run from 1 to {session.rounds}.")
    return chosen


@transaction.atomic
def coach_signup_save(*, session: Session, user: User, areas: Sequence[str], rounds: Sequence[int]) -> CoachSignup:
    """Sign a coach up, or change their areas and rounds: a coach's wishes and seats stay theirs."""
    _open_for_changes(session)
    if LearnerRegistration.objects.filter(session=session, user=user).exists():
        raise CoachingError("You registered as a learner for this session; one person is a coach or a learner.")
    signup, _ = CoachSignup.objects.update_or_create(
        session=session, user=user, defaults={"areas": list(areas), "rounds": _check_rounds(session, rounds)}
    )
    return signup


def wishable_coaches(session: Session, *, learner: User | None = None) -> QuerySet[CoachSignup]:
    """The coaches a learner may wish for: signed up for this session, not marked absent, never the learner."""
    coaches = (
        CoachSignup.objects.filter(session=session, no_show=False).select_related("user").order_by("user__full_name")
    )
    return coaches.exclude(user=learner) if learner is not None else coaches


def _check_wishes(session: Session, user: User, wishes: Sequence[CoachSignup]) -> list[CoachSignup]:
    if len(wishes) > MAX_WISHES:
        raise CoachingError(f"Name at most {MAX_WISHES} coaches.")
    if len({coach.pk for coach in wishes}) != len(wishes):
        raise CoachingError("Name each coach once.")
    allowed = set(
        wishable_coaches(session, learner=user).filter(pk__in=[c.pk for c in wishes]).values_list("pk", flat=True)
    )
    if stray := [coach for coach in wishes if coach.pk not in allowed]:
        raise CoachingError(f"{stray[0].name} is not a coach signed up for this session.")
    return list(wishes)


@transaction.atomic
def learner_register(
    *, session: Session, user: User, areas: Sequence[str], wishes: Sequence[CoachSignup]
) -> LearnerRegistration:
    """Register a learner (or change their areas and wishes), the wishes ranked in the order given. The first
    registration emails the learner their schedule's short link."""
    _open_for_changes(session)
    if CoachSignup.objects.filter(session=session, user=user).exists():
        raise CoachingError("You signed up as a coach for this session; one person is a coach or a learner.")
    wishes = _check_wishes(session, user, wishes)
    registration, created = LearnerRegistration.objects.update_or_create(
        session=session, user=user, defaults={"areas": list(areas)}
    )
    Wish.objects.filter(registration=registration).delete()
    Wish.objects.bulk_create(
        [Wish(registration=registration, coach=coach, rank=rank) for rank, coach in enumerate(wishes, start=1)]
    )
    if created:
        notify_many(
            [
                Spec(
                    kind="coaching_registered",
                    subject=f"coaching_registration:{registration.pk}",
                    period="registered",
                    to=user.email,
                    user=user,
                    association=session.association,
                    context={"registration": registration, "session": session},
                )
            ]
        )
    return registration


def learner_link_renew(*, registration: LearnerRegistration) -> str:
    """A new short link: the old one stops working at once (a link shared too widely is revoked this way)."""
    registration.link_token = new_link_token()
    registration.save(update_fields=["link_token"])
    return registration.link_token


# The door --------------------------------------------------------------------------------------------------------


def _locked(session: Session, by: User) -> Session:
    """The session's row locked for the rest of the transaction: two chairs at the door act one after the other."""
    _require_chair(by, session)
    return Session.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def door_walk_in(*, session: Session, by: User, name: str, areas: Sequence[str]) -> LearnerRegistration:
    """A learner who turned up without registering: seated from the next re-plan on."""
    _locked(session, by)
    if not name.strip():
        raise CoachingError("Give the walk-in's name.")
    return LearnerRegistration.objects.create(session=session, walk_in_name=name.strip(), areas=list(areas))


@transaction.atomic
def door_no_show(
    *,
    session: Session,
    by: User,
    absent: bool,
    learner: LearnerRegistration | None = None,
    coach: CoachSignup | None = None,
) -> None:
    """A learner or coach who is not there (`absent`), or arrived after all: left out of, or back in, the rounds the
    next re-plan seats (their seats in rounds under way or done stay, as they happened). Setting, not toggling: two
    chairs marking the same person at once agree."""
    _locked(session, by)
    person = learner or coach
    if person is None or person.session_id != session.pk:
        raise CoachingError("That person is not in this session.")
    type(person).objects.filter(pk=person.pk).update(no_show=absent)
    person.no_show = absent


@transaction.atomic
def session_replan(*, session: Session, by: User, kept_through: int) -> int:
    """Seat rounds `kept_through + 1` onwards again with the walk-ins in and the no-shows out; rounds up to
    `kept_through` (the one under way and those done) keep every seat and table. Returns the seats written."""
    session = _locked(session, by)
    if not 0 <= kept_through < session.rounds:
        raise CoachingError(
            f"Every round is under way or done: there is no round after round {session.rounds} to re-plan."
        )
    problem = session_problem(session)
    seats = Seat.objects.filter(session=session, round__lte=kept_through)
    kept = tuple(scheduler.Seat(round=s.round, coach=s.coach_id, learner=s.learner_id) for s in seats)
    absent_learners = set(
        LearnerRegistration.objects.filter(session=session, no_show=True).values_list("pk", flat=True)
    )
    absent_coaches = set(CoachSignup.objects.filter(session=session, no_show=True).values_list("pk", flat=True))
    no_shows = [c for c in problem.coaches if c.id in absent_coaches] + [
        learner for learner in problem.learners if learner.id in absent_learners
    ]
    schedule = scheduler.replan(scheduler.Schedule(problem=problem, seats=kept), kept_through + 1, no_shows=no_shows)
    rounds = range(kept_through + 1, session.rounds + 1)
    written = seat_tables(session, schedule, rounds)
    Seat.objects.filter(session=session, round__gt=kept_through).delete()
    Seat.objects.bulk_create(written)
    return len(written)


# After the session -----------------------------------------------------------------------------------------------


def coaches_met(registration: LearnerRegistration) -> list[CoachSignup]:
    seats = Seat.objects.filter(learner=registration).select_related("coach__user").order_by("round")
    return [seat.coach for seat in seats]


@transaction.atomic
def feedback_give(*, registration: LearnerRegistration, answers: dict[int, tuple[bool, str]]) -> int:
    """The learner's word on the coaches they met (by sign-up id: useful, comment); given again, it replaces."""
    if not registration.session.has_started(timezone.now()):
        raise CoachingError("Feedback opens when the session starts.")
    met = {coach.pk for coach in coaches_met(registration)}
    if stray := set(answers) - met:
        raise CoachingError(f"You did not meet coach {sorted(stray)[0]} in this session.")
    for coach_id, (useful, comment) in answers.items():
        Feedback.objects.update_or_create(
            registration=registration, coach_id=coach_id, defaults={"useful": useful, "comment": comment.strip()}
        )
    return len(answers)


def ongoing_program(session: Session) -> Program | None:
    """Where a learner may ask a coach to go on coaching them: the association's always-open program if it has
    one, else its latest gallery cohort still taking part (open, or with approved people in it)."""
    hosted = Program.objects.filter(
        host_id=session.association_id, pairing_mode__in=[Program.PairingMode.GALLERY, Program.PairingMode.BOTH]
    ).exclude(kind=Program.Kind.ADVISORS)
    always_open = hosted.filter(kind=Program.Kind.ALWAYS_OPEN).order_by("pk").first()
    if always_open is not None:
        return always_open
    cohorts = hosted.filter(kind=Program.Kind.COHORT).order_by("-deadline", "-pk")
    return next((p for p in cohorts if p.is_open() or p.applications.approved().exists()), None)


def ongoing_coach_request(*, registration: LearnerRegistration, coach: CoachSignup, message: str) -> GalleryRequest:
    """Ask a coach the learner met to become their ongoing coach: a gallery request in `ongoing_program`, made by
    matching.gallery's own service (its rules: both approved there, room left, not asked twice)."""
    if coach.pk not in {c.pk for c in coaches_met(registration)}:
        raise CoachingError("You can ask only a coach you met in this session.")
    program = ongoing_program(registration.session)
    if program is None:
        raise CoachingError("Your association has no gallery or always-open program to ask a coach into.")
    mentee = Application.objects.approved().mentees().filter(program=program, applicant=registration.user).first()
    if mentee is None:
        raise CoachingError(f"First apply as a {program.mentee_word} to the {program.name}; then ask again here.")
    mentor = Application.objects.approved().mentors().filter(program=program, applicant=coach.user).first()
    if mentor is None:
        raise CoachingError(f"{coach.name} is not a {program.mentor_word} in the {program.name} yet.")
    try:
        return gallery_request_create(mentee_application=mentee, mentor_application=mentor, message=message)
    except MatchingError as refused:
        raise CoachingError(str(refused)) from None
