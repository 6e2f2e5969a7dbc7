"""At 1280 px and on a 375 px phone: a manager finds the student chapters from the public directory and from a
program's page (no entry in the navigation), opens one association's list and reaches their own offers."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from applications.factories import ProgramFactory
from associations.factories import AssociationFactory
from chapters.factories import StudentChapterFactory
from e2e.checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Page, name: str) -> None:
    """Kept for a person to look at: the temporary folder's chapter-links-<name>.png."""
    page.screenshot(path=Path(tempfile.gettempdir()) / f"chapter-links-{name}.png", full_page=True)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_manager_finds_the_student_chapters_from_the_directory_and_the_program_page(new_page, phone) -> None:
    host = AssociationFactory(name="Municipal Management Association of Southern California", short_name="MMASC")
    quiet = AssociationFactory(name="Iowa Managers", short_name="IaCMA")  # lists no chapter: no link
    program = ProgramFactory(name="MMASC 2025 Mentorship", host=host)
    ProgramFactory(name="IaCMA 2025 Mentorship", host=quiet)
    StudentChapterFactory(association=host, university="California State University, Long Beach")
    page = new_page(phone=phone)
    size = "phone" if phone else "desktop"

    page.goto("/programs/")
    chapters = page.locator("#student-chapters")
    expect(chapters).to_contain_text("Student chapters near MMASC")
    expect(chapters.get_by_role("link", name="IaCMA")).to_have_count(0)
    check_page(page, phone=phone)
    shot(page, f"directory-{size}")

    page.goto(program.get_absolute_url())
    page.locator("#student-chapters").get_by_role("link", name="student chapters near MMASC").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Student chapters near MMASC")
    expect(page.get_by_role("main")).to_contain_text("California State University, Long Beach")
    check_page(page, phone=phone)
    shot(page, f"list-{size}")
