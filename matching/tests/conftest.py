import threading
from collections.abc import Callable

import pytest
from django.db import close_old_connections

from accounts.models import Profile
from applications.factories import ApplicantFactory, ApplicationFactory, MentorApplicationFactory, ProfileFactory
from applications.models import Application, Program


def _applicant(user, organization):
    """`user` (given a profile if they have none) or a new applicant; working at `organization` if named."""
    at = {"organization": organization} if organization else {}
    if user is None:
        return ApplicantFactory(**{f"profile__{name}": value for name, value in at.items()})
    if not Profile.objects.filter(user=user).exists():
        ProfileFactory(user=user, **at)
    return user


def approved_mentor(program, *, organization=None, capacity=1, user=None, **kwargs) -> Application:
    applicant = _applicant(user, organization)
    return MentorApplicationFactory(program=program, applicant=applicant, approved=True, capacity=capacity, **kwargs)


def approved_mentee(program, *, organization=None, user=None, **kwargs) -> Application:
    return ApplicationFactory(program=program, applicant=_applicant(user, organization), approved=True, **kwargs)


@pytest.fixture
def gallery_program(program) -> Program:
    program.pairing_mode = Program.PairingMode.GALLERY
    program.save()
    return program


@pytest.fixture
def gallery_viewer(gallery_program, mentee) -> Application:
    """The mentee persona, approved in the gallery program, wanting help with finance and strategic planning (the
    gallery's tests name it `viewer` in their own modules: the root `viewer` is a view-only staff account)."""
    return approved_mentee(gallery_program, user=mentee, expertise=["finance", "strategic_planning"])


@pytest.fixture
def cohort(program):
    """Three mentors (one with room for two) and four mentees with clear best fits."""
    mentors = [
        approved_mentor(program, expertise=["finance", "management", "strategic_planning"], capacity=2),
        approved_mentor(program, expertise=["police", "fire_ems", "public_works"], frequency="quarterly"),
        approved_mentor(program, expertise=["human_resources", "work_life_balance", "engineering"]),
    ]
    mentees = [
        approved_mentee(program, expertise=["finance", "strategic_planning"]),
        approved_mentee(program, expertise=["police", "fire_ems"], frequency="quarterly"),
        approved_mentee(program, expertise=["human_resources", "work_life_balance"]),
        approved_mentee(program, expertise=["management"]),
    ]
    return mentors, mentees


def at_once(*calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread and database connection, released together by a barrier."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = calls[index]()
        except Exception as error:  # the test inspects what each side raised
            results[index] = error
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
