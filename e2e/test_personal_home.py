"""A person's home in a real browser, at a desktop's and a phone's width: sign in, find the to-do list (a draft
to finish, an agreement to sign) with its count in the navigation, open the draft and send it with answers
missing (the summary counts the problems, takes the focus, and each link focuses its field), then "My pairings"
as cards that never scroll sideways at 375 px. Every page passes axe-core, the CSP and the phone's width."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from applications.factories import ApplicationFactory, ProgramFactory
from applications.models import Application
from conftest import PASSWORD
from e2e import steps
from e2e.checks import PHONE_WIDTH, assert_errors_tied_to_fields, assert_fits_phone, check_page
from pairings.factories import PairingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def snapshot(page: Page, name: str) -> None:
    """Screenshots for a person to look at, when E2E_SCREENSHOTS names a folder."""
    if folder := os.environ.get("E2E_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def contrast_on_white(page: Page, css_colour: str) -> float:
    """WCAG contrast of an `rgb(...)` colour the browser computed, against white."""
    red, green, blue = (int(n) for n in re.findall(r"\d+", css_colour)[:3])

    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_home_to_do_error_summary_and_my_pairings_on_a_phone(new_page, program, mentee, phone):
    width = PHONE_WIDTH if phone else 1280
    ApplicationFactory(
        program=program, applicant=mentee, status=Application.Status.DRAFT, career_stage="", goals="", expertise=[]
    )
    coaching = ProgramFactory(name="Cal-ICMA Coaching Program for Assistant City Managers and Department Heads 2025")
    PairingFactory(
        program=coaching,
        mentee_application=ApplicationFactory(program=coaching, applicant=mentee, approved=True),
        mentor_application__applicant__full_name="Rosalind Montgomery-Featherstonehaugh",
    )
    page = new_page(phone=phone)

    page.goto(reverse("account_login"))
    steps.log_in(page, email=mentee.email, password=PASSWORD, phone=phone)
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your home")
    todos = page.locator(".todo-list > li")
    expect(todos).to_have_count(2)
    expect(todos.nth(0)).to_contain_text("Sign your agreement with Rosalind Montgomery-Featherstonehaugh")
    expect(todos.nth(1)).to_contain_text("Finish and submit your mentee application")
    expect(page.locator("[data-todo-count]")).to_have_text(re.compile(r"^2"))
    expect(main).to_contain_text("Next step: Sign your agreement with Rosalind")
    check_page(page, phone=phone)
    snapshot(page, f"home-{width}")

    todos.nth(1).get_by_role("link", name=re.compile("^Finish application")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentee application")
    expect(page.get_by_label(steps.exactly("Career stage"))).to_have_attribute("aria-required", "true")
    border = page.get_by_label(steps.exactly("Career stage")).evaluate("e => getComputedStyle(e).borderTopColor")
    assert contrast_on_white(page, border) >= 3, f"a field's border is {border} on white"

    page.get_by_role("button", name="Submit application").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    count = int(re.match(r"(\d+) problems?", summary.get_by_role("heading").inner_text()).group(1))
    assert count == links.count() >= 3, f"the summary counts {count} and links {links.count()}"
    assert_errors_tied_to_fields(page)
    check_page(page, phone=phone)
    snapshot(page, f"apply-errors-{width}")

    career = summary.get_by_role("link", name=re.compile("^Career stage"))
    career.click()
    field = page.get_by_label(steps.exactly("Career stage"))
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()
    ring = field.evaluate("e => getComputedStyle(e).outlineColor + '|' + getComputedStyle(e).outlineWidth")
    colour, ring_width = ring.split("|")
    assert contrast_on_white(page, colour) >= 3 and float(ring_width.rstrip("px")) >= 2, f"focus ring {ring}"

    steps.open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My pairings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My pairings")
    expect(page.get_by_role("main")).to_contain_text("Rosalind Montgomery-Featherstonehaugh (your mentor)")
    check_page(page, phone=phone)
    assert_fits_phone(page)  # at the desktop's width too: the page is narrowed to 375 px and measured
    snapshot(page, f"my-pairings-{width}")

    page.goto(reverse("applications:mine"))
    assert_fits_phone(page)
    snapshot(page, f"my-applications-{width}")
