"""On a 375 px phone: the public directory of programs, filtered to always-open programs taking applications now,
then the program's page (how pairs form, what it asks) and an application to it, with no deadline anywhere."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from applications.models import Application, Program
from associations.models import Association
from conftest import PASSWORD, make_user
from e2e import steps
from e2e.checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programs() -> dict[str, Program]:
    national = Association.objects.create(
        name="National Coaching Association", short_name="NCA", slug="nca", region="National"
    )
    iowa = Association.objects.create(name="Iowa Managers", short_name="IaCMA", slug="iacma", region="Iowa")
    network = Program.objects.create(
        name="Coaching Network",
        slug="coaching-network",
        host=national,
        kind=Program.Kind.ALWAYS_OPEN,
        pairing_mode=Program.PairingMode.GALLERY,
        mentee_max_mentors=2,
        term_description="Three to six months per coach",
        chair_email="coaching@example.org",
    )
    network.partners.add(iowa)
    cohort = Program.objects.create(
        name="IaCMA 2025 Mentorship",
        slug="iacma-2025",
        host=iowa,
        deadline=dt.date.today() + dt.timedelta(days=20),
        chair_email="chair@iowa.example.org",
    )
    return {"network": network, "cohort": cohort}


def shot(page: Page, name: str) -> None:
    """Kept for a person to look at: the temporary folder's kinds-<name>.png."""
    page.screenshot(path=Path(tempfile.gettempdir()) / f"kinds-{name}.png", full_page=True)


def test_a_phone_user_finds_an_always_open_program_in_the_directory_and_applies(new_page, programs, tmp_path) -> None:
    applicant = make_user("learner@example.org", "Lee Learner")
    page = new_page(phone=True)

    page.goto("/programs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentorship programs")
    expect(page.get_by_role("main")).to_contain_text("2 programs")
    check_page(page, phone=True)
    shot(page, "directory")

    page.get_by_label("Kind of program").select_option(label="Always open")
    page.get_by_label("Taking applications now").check()
    page.get_by_role("button", name="Show programs").click()
    expect(page).to_have_url(re.compile(r"/programs/\?.*kind=always_open.*open_now=on"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("1 program matches these filters")
    expect(main.get_by_role("link", name="IaCMA 2025 Mentorship")).to_have_count(0)
    expect(main).to_contain_text("Also open to members of IaCMA")
    check_page(page, phone=True)
    shot(page, "directory-filtered")

    main.get_by_role("link", name="Coaching Network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coaching Network")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Always open: applications are taken all year and reviewed as they come.")
    expect(main).to_contain_text("You choose: once approved, you browse the Mentors Gallery")
    expect(main).to_contain_text("with up to 2 at once")
    expect(main).to_contain_text("Term: Three to six months per coach.")
    expect(main).to_contain_text("An agreement: each pair fills in and signs")
    check_page(page, phone=True)
    shot(page, "program")

    main.get_by_role("link", name="log in").click()
    steps.log_in(page, email=applicant.email, password=PASSWORD, phone=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Coaching Network")
    page.get_by_role("link", name="Apply as a mentee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentee application")
    expect(page.get_by_role("main")).to_contain_text("Always open: applications are taken all year")
    check_page(page, phone=True)

    steps.fill_contact(page, organization="City of Ames", title="Management Analyst", city="Ames", region="Central")
    page.get_by_role("radio", name=re.compile("Yes, I work at a public agency")).check()
    page.get_by_label("Career stage").select_option(label="Early career")
    page.get_by_label("What do you hope to gain from the program?").fill("Coaching on my first budget season.")
    steps.fill_common(page, expertise=["Finance"], resume=steps.resume_file(tmp_path, "resume.pdf"))
    steps.submit_application(page, phone=True)
    shot(page, "applied")

    application = Application.objects.get(program=programs["network"], applicant=applicant)
    assert application.status == Application.Status.SUBMITTED
