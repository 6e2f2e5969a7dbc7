import pytest

from accounts.models import Profile
from applications.models import Application
from applications.tests.factories import ApplicationFactory, MentorApplicationFactory, ProfileFactory


def _profile(user, organization):
    if user is not None and Profile.objects.filter(user=user).exists():
        return user.profile
    return ProfileFactory(
        **({"user": user} if user else {}), **({"organization": organization} if organization else {})
    )


def approved_mentor(program, *, organization=None, capacity=1, user=None, **kwargs) -> Application:
    profile = _profile(user, organization)
    return MentorApplicationFactory(
        program=program, applicant=profile.user, status=Application.Status.APPROVED, capacity=capacity, **kwargs
    )


def approved_mentee(program, *, organization=None, user=None, **kwargs) -> Application:
    profile = _profile(user, organization)
    return ApplicationFactory(program=program, applicant=profile.user, status=Application.Status.APPROVED, **kwargs)


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
