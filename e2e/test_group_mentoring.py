"""Group mentoring in a real browser: a mentor and two students of one group each sign the group's one agreement
from their own pages, and a check-in one student logs on the group's page is what the others see there. At a
desktop's and a phone's width; screenshots of each page in /tmp/group-*.png."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from agreements.models import Agreement
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from conftest import PASSWORD, make_user
from e2e import steps
from e2e.checks import check_page
from pairings.factories import MentoringGroupFactory, PairingFactory
from pairings.models import CheckIn, MentoringGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTOR = ("tobias.q@example.org", "Tobias Quillfeather")
STUDENTS = (("noor.a@example.org", "Noor Abernathy"), ("eliseo.b@example.org", "Eliseo Brightwater"))
NOTE = "Toured the council chambers; each of us brings one question next time."


@pytest.fixture
def group() -> MentoringGroup:
    program = ProgramFactory(name="Chapter Mentoring 2025", slug="chapter-2025", allows_groups=True)
    mentor = MentorApplicationFactory(program=program, applicant=make_user(*MENTOR), approved=True)
    group = MentoringGroupFactory(program=program, mentor_application=mentor, members=0, name="State U MPA chapter")
    for email, full_name in STUDENTS:
        student = ApplicationFactory(program=program, applicant=make_user(email, full_name), approved=True)
        PairingFactory(program=program, mentor_application=mentor, mentee_application=student, group=group)
    return group


def _shot(page: Page, name: str, width: str) -> None:
    page.screenshot(path=f"/tmp/group-{name}-{width}.png", full_page=True)  # noqa: S108 -- asked for there


def _log_in(page: Page, email: str, phone: bool) -> None:
    page.goto("/accounts/login/?next=/pairings/")
    steps.log_in(page, email=email, password=PASSWORD, phone=phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("My pairings")


def _open_group(page: Page, group: MentoringGroup, phone: bool) -> None:
    page.get_by_role("link", name=group.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(group.name)
    check_page(page, phone=phone)


def _sign(page: Page, full_name: str, phone: bool) -> None:
    page.get_by_role("link", name="Fill in and sign the agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statement of Mutual Understanding")
    expect(page.get_by_role("main")).to_contain_text("One agreement for the whole group")
    check_page(page, phone=phone)
    signing = page.locator("form").filter(has=page.get_by_role("button", name="Save and sign"))
    signing.get_by_label(steps.exactly("Type your full name to sign")).fill(full_name)
    signing.get_by_role("checkbox", name=re.compile("^I agree to sign this Statement")).check()
    signing.get_by_role("button", name="Save and sign").click()


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
def test_a_mentor_and_two_students_sign_one_agreement_and_share_a_check_in(new_page, live_server, group, phone):
    width = "375" if phone else "1280"
    (mentor_email, mentor_name), (noor_email, noor_name), (eliseo_email, eliseo_name) = (MENTOR, *STUDENTS)

    mentor = new_page("mentor", phone=phone)
    _log_in(mentor, mentor_email, phone)
    _shot(mentor, "my-pairings", width)
    _open_group(mentor, group, phone)
    expect(mentor.get_by_role("region", name="Members")).to_contain_text(noor_name)
    expect(mentor.get_by_role("region", name="Members")).to_contain_text(eliseo_name)
    _shot(mentor, "group", width)
    _sign(mentor, mentor_name, phone)
    expect(mentor.locator(".alert-success")).to_contain_text("We will let the others in the group know")
    state = mentor.locator("#signing-state")  # every member's line: who signed, who has not yet
    expect(state).to_contain_text(
        re.compile(rf"You signed on \w+ \d+, \d{{4}}; waiting for {STUDENTS[0][1]} and {STUDENTS[1][1]}")
    )
    expect(state.get_by_role("listitem")).to_have_text(
        [re.compile(r"^Mentor: You, signed on"), *(f"Mentee: {name}, not signed yet" for _, name in STUDENTS)]
    )
    check_page(mentor, phone=phone)

    noor = new_page("noor", phone=phone)
    _log_in(noor, noor_email, phone)
    noor.get_by_role("link", name=f"{mentor_name} (your mentor)").click()
    expect(noor.get_by_role("main")).to_contain_text("You are mentored as a group")
    check_page(noor, phone=phone)
    _open_group(noor, group, phone)
    form = noor.get_by_role("group", name="Log a group check-in")
    form.get_by_label(steps.exactly("How you met")).select_option(label="In person")
    form.get_by_label(steps.exactly("Length (minutes)")).fill("90")
    form.get_by_label(re.compile("^Private note")).fill(NOTE)
    noor.get_by_role("button", name="Log check-in").click()
    expect(noor.locator(".alert-success")).to_contain_text("Check-in logged for the whole group.")
    expect(noor.get_by_role("table", name="Check-ins the group logged")).to_contain_text(NOTE)
    check_page(noor, phone=phone)
    _shot(noor, "checkin", width)
    _sign(noor, noor_name, phone)
    expect(noor.locator(".alert-success")).to_contain_text("We will let the others in the group know")
    check_page(noor, phone=phone)

    eliseo = new_page("eliseo", phone=phone)
    _log_in(eliseo, eliseo_email, phone)
    _open_group(eliseo, group, phone)
    expect(eliseo.get_by_role("table", name="Check-ins the group logged")).to_contain_text(NOTE)
    expect(eliseo.get_by_role("table", name="Check-ins the group logged")).to_contain_text(noor_name)
    _sign(eliseo, eliseo_name, phone)
    expect(eliseo.get_by_role("main")).to_contain_text("Everyone signed: the agreement is executed.")
    expect(eliseo.get_by_role("main")).to_contain_text("Signed by every member and executed on")
    signatures = eliseo.get_by_role("main").get_by_role("listitem").filter(has_text="signed version")
    expect(signatures).to_have_count(3)
    check_page(eliseo, phone=phone)
    _shot(eliseo, "executed", width)

    mentor.goto(group.get_absolute_url())
    expect(mentor.get_by_role("table", name="Check-ins the group logged")).to_contain_text(NOTE)
    expect(mentor.get_by_role("main")).to_contain_text("Signed by everyone")
    check_page(mentor, phone=phone)

    agreement = Agreement.objects.get(group=group)
    assert agreement.is_executed and agreement.signatures.valid().count() == 3
    assert CheckIn.objects.get().group == group
    executed_to = sorted(m.to[0] for m in mail.outbox if "executed" in m.subject)
    assert executed_to == sorted([mentor_email, noor_email, eliseo_email, group.program.chair_email])
