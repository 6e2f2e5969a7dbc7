"""Resume uploads in a real browser, at a desktop's and a phone's width: a hostile file is refused on the field
with every answer kept; a valid resume sent with another answer missing is kept, and the fixed form submits."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from applications.models import Application
from applications.resumes import hostile
from conftest import PASSWORD
from e2e import steps
from e2e.checks import assert_errors_tied_to_fields, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOALS = "Learn how a city budget is built."


def snapshot(page: Page, name: str) -> None:
    """Screenshots for a person to look at, when E2E_SCREENSHOTS names a folder."""
    if folder := os.environ.get("E2E_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def fill_mentee_answers(page: Page, *, goals: str) -> None:
    steps.fill_contact(page, organization="City of Irvine", title="Management Analyst", city="Irvine", region="Orange")
    page.get_by_role("radio", name=re.compile("Yes, I work at a public agency")).check()
    page.get_by_label("Career stage").select_option(label="Early career")
    page.get_by_label("What do you hope to gain from the program?").fill(goals)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_hostile_file_is_refused_and_a_valid_resume_is_kept_until_the_form_is_fixed(
    new_page, program, mentee, tmp_path, phone
):
    width = "375" if phone else "1280"
    page = new_page(phone=phone)
    apply = reverse("applications:apply", args=[program.slug, "mentee"])
    page.goto(f"{reverse('account_login')}?next={apply}")
    steps.log_in(page, email=mentee.email, password=PASSWORD, phone=phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentee application")

    # A PDF that runs JavaScript when opened: refused on the field, every answer still there.
    fill_mentee_answers(page, goals=GOALS)
    attack = tmp_path / "resume.pdf"
    attack.write_bytes(hostile.hostile_samples(5 * 1024 * 1024)["js-open-action"]().data)
    steps.fill_common(page, expertise=["Finance"], resume=attack)
    page.get_by_role("button", name="Submit application").click()
    resume = page.get_by_label(steps.exactly("Resume (PDF)"))
    expect(resume).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("main")).to_contain_text("This PDF contains JavaScript, which resumes may not carry.")
    expect(page.get_by_label("What do you hope to gain from the program?")).to_have_value(GOALS)
    expect(page.get_by_label(steps.exactly("Organization"))).to_have_value("City of Irvine")
    assert_errors_tied_to_fields(page)
    check_page(page, phone=phone)
    snapshot(page, f"resume-hostile-{width}")
    assert not Application.objects.exists()

    # A valid resume, but the goals left empty: the resume is kept and named, no file needs choosing again.
    page.get_by_label("What do you hope to gain from the program?").fill("")
    resume.set_input_files(steps.resume_file(tmp_path, "my-resume.pdf"))
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator(".alert-danger").first).to_contain_text("Please correct the errors below")
    expect(page.get_by_role("main")).to_contain_text("my-resume.pdf (kept) — choose a file only to replace it.")
    expect(resume).not_to_have_attribute("aria-invalid", "true")
    check_page(page, phone=phone)
    snapshot(page, f"resume-kept-{width}")

    page.get_by_label("What do you hope to gain from the program?").fill(GOALS)
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator(".alert-success")).to_contain_text("Your application was submitted")
    check_page(page, phone=phone)
    snapshot(page, f"resume-submitted-{width}")
    application = Application.objects.get()
    with application.resume.open("rb") as file:
        assert file.read() == steps.resume_file(tmp_path, "again.pdf").read_bytes()
