from __future__ import annotations

import pytest

from chapters.models import ChapterOffer, StudentChapter
from conftest import make_user


@pytest.fixture
def chapter(association) -> StudentChapter:
    """The MPA students' chapter at a university near MMASC; its advisor has no account."""
    return StudentChapter.objects.create(
        association=association,
        university="California State University, Long Beach",
        program_name="Master of Public Administration",
        city="Long Beach",
        state="CA",
        contact_name="Dana Advisor",
        contact_email="dana.advisor@csulb.example.edu",
    )


@pytest.fixture
def manager(db):
    """A city manager who offers their time to students."""
    return make_user("manager@example.org", "Robin Manager")


@pytest.fixture
def offer(chapter, manager) -> ChapterOffer:
    return ChapterOffer.objects.create(
        chapter=chapter,
        manager=manager,
        kind=ChapterOffer.Kind.PANEL,
        message="I could join your careers panel.",
        suggested_dates="Any Tuesday evening in March",
    )
