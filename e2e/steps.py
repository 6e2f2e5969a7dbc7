"""What a person does in the browser, step by step. Every page reached is checked (`check_page`)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.core import mail
from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from accounts.factories import PASSWORD as FACTORIES_PASSWORD
from e2e.checks import check_page
from e2e.conftest import DESKTOP, PHONE

PASSWORD = "a long pass phrase for e2e"  # noqa: S105 -- test accounts only
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^\s/]+/")


def exactly(label: str) -> re.Pattern[str]:
    """A field's whole label, allowing the asterisk crispy-forms adds to required fields."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def open_menu(page: Page) -> None:
    """At a phone's width the navigation is folded behind the toggler (Bootstrap's JavaScript opens it)."""
    toggler = page.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        # Bootstrap adds "show" once the sliding is over: clicking a link that still moves may miss it.
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))


def sign_up(page: Page, *, full_name: str, email: str, phone: bool) -> None:
    check_page(page, phone=phone)
    page.get_by_label(exactly("Full name")).fill(full_name)
    page.get_by_label(exactly("Email")).fill(email)
    page.get_by_label(exactly("Password")).fill(PASSWORD)
    page.get_by_label(exactly("Password (again)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Verify Your Email Address", re.I))
    check_page(page, phone=phone)


def confirmation_link(email: str) -> str:
    """The link in the verification email, read from Django's in-memory outbox."""
    sent = [message for message in mail.outbox if message.to == [email] and CONFIRM_LINK.search(message.body)]
    assert len(sent) == 1, f"expected one verification email to {email}, got {[m.subject for m in mail.outbox]}"
    return CONFIRM_LINK.search(sent[0].body).group(0)


def confirm_email(page: Page, *, email: str, phone: bool) -> None:
    page.goto(confirmation_link(email))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Confirm Email Address", re.I))
    expect(page.get_by_role("main")).to_contain_text(email)
    check_page(page, phone=phone)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("main")).to_contain_text(f"You have confirmed {email}")


def log_in(page: Page, *, email: str, password: str = PASSWORD, phone: bool = False) -> None:
    """On the log-in page: fill it and sign in; both pages are checked."""
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sign In", re.I))
    check_page(page, phone=phone)
    page.get_by_label(exactly("Email")).fill(email)
    page.get_by_label(exactly("Password")).fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("main")).not_to_contain_text("Sign In")
    check_page(page, phone=phone)  # where the log-in led


def log_out(page: Page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    open_menu(page)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()


def resume_file(tmp_path: Path, name: str) -> Path:
    """A real one-page PDF, as an applicant would upload."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.add_metadata({"/Title": "Resume"})
    path = tmp_path / name
    with path.open("wb") as file:
        writer.write(file)
    return path


def fill_contact(page: Page, *, organization: str, title: str, city: str, region: str) -> None:
    contact = page.get_by_role("group", name="Contact information")
    contact.get_by_label(exactly("Organization")).fill(organization)
    contact.get_by_label(exactly("Title")).fill(title)
    contact.get_by_label(exactly("Address")).fill("1 Civic Center Plaza")
    contact.get_by_label(exactly("City")).fill(city)
    contact.get_by_label(exactly("State")).fill("CA")
    contact.get_by_label(exactly("ZIP code")).fill("92606")
    contact.get_by_label(exactly("Phone")).fill("555-0100")
    contact.get_by_label(exactly("Region")).fill(region)
    contact.get_by_label(exactly("Type of agency you work for")).select_option(label="City")
    contact.get_by_label(exactly("Size of the community it serves")).select_option(label="25,000 to 100,000 residents")


def fill_common(page: Page, *, expertise: list[str], resume: Path) -> None:
    """The answers both roles give: membership, expertise, frequency, contact, resume."""
    page.get_by_role("radio", name="Full member").check()
    for area in expertise:
        page.get_by_role("checkbox", name=area, exact=True).check()
    page.get_by_label(exactly("Desired frequency of mentoring activities")).select_option(label="Monthly")
    for contact in ("Video", "Email"):
        page.get_by_role("group", name="Forms of contact you accept").get_by_label(contact, exact=True).check()
    page.get_by_label(exactly("Resume (PDF)")).set_input_files(resume)


def submit_application(page: Page, *, phone: bool) -> None:
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator(".alert-success")).to_contain_text("Your application was submitted")
    check_page(page, phone=phone)


def admin_log_in(page: Page, user, password: str = FACTORIES_PASSWORD) -> None:
    """Sign in on the admin's own log-in page and land on the admin home (a factory's user by default)."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def snapshot(page: Page, name: str) -> None:
    """The page at a desktop's and a phone's width, for a person to look at, when E2E_SCREENSHOTS names a folder."""
    if not (folder := os.environ.get("E2E_SCREENSHOTS")):
        return
    viewport = page.viewport_size
    for label, size in (("1280", DESKTOP), ("375", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(Path(folder) / f"chair-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(viewport)
