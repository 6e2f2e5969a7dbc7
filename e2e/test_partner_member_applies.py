"""A member of a partner association applies to a co-sponsored program, at a desktop's and a phone's width: the
program page names the host and the partner with each one's rule, the apply form narrows the memberships to the
chosen association's and shows its fee, and the application owes that association's fee, not the host's."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import Page, expect

from applications.models import Application
from associations.models import Association
from associations.tests.logos import png_bytes
from conftest import PASSWORD
from e2e import steps
from e2e.checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CMAO = "City Management Association of Oklahoma"


def snapshot(page: Page, name: str) -> None:
    """Screenshots for a person to look at, when E2E_SCREENSHOTS names a folder."""
    if folder := os.environ.get("E2E_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / f"members-{name}.png"), full_page=True)


@pytest.fixture
def co_sponsored(program, association):
    association.colour = "#7a1f5c"
    association.logo.save("mmasc.png", ContentFile(png_bytes((122, 31, 92))), save=True)
    partner = Association.objects.create(
        name=CMAO,
        short_name="CMAO",
        slug="cmao",
        membership_categories=["full", "affiliate"],
        nonmember_fee=Decimal("75.00"),
    )
    program.partners.set([partner])
    return program


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_partner_member_applies_under_their_associations_rules(new_page, co_sponsored, mentee, tmp_path, phone):
    width = "375" if phone else "1280"
    page = new_page(phone=phone)
    page.goto(co_sponsored.get_absolute_url())
    expect(page.locator("#sponsors")).to_have_text(
        f"Hosted by Municipal Management Association of Southern California, open to members of {CMAO}."
    )
    rules = page.locator("#membership-rules")
    expect(rules).to_contain_text("MMASC (host): Full member, Student member; eligible non-members pay a $50.00 fee")
    expect(rules).to_contain_text("CMAO: Full member, Affiliate member; eligible non-members pay a $75.00 fee")
    logo = page.get_by_role("img", name="Municipal Management Association of Southern California logo")
    expect(logo).to_be_visible()
    assert logo.evaluate("image => image.naturalWidth") == 120  # the stored file, served by associations:logo
    colour = page.locator("header.association-look").evaluate("e => getComputedStyle(e).borderLeftColor")
    assert colour == "rgb(122, 31, 92)"
    check_page(page, phone=phone)
    snapshot(page, f"program-{width}")

    apply = reverse("applications:apply", args=[co_sponsored.slug, "mentee"])
    page.goto(f"{reverse('account_login')}?next={apply}")
    steps.log_in(page, email=mentee.email, password=PASSWORD, phone=phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentee application")

    steps.fill_contact(page, organization="City of Tulsa", title="Management Analyst", city="Tulsa", region="Tulsa")
    page.get_by_role("radio", name=re.compile("Yes, I work at a public agency")).check()
    page.get_by_label("Career stage").select_option(label="Early career")
    page.get_by_label("What do you hope to gain from the program?").fill("Learn how a council agenda is built.")
    steps.fill_common(page, expertise=["Finance"], resume=steps.resume_file(tmp_path, "resume.pdf"))

    # The host's members choose among Full and Student; CMAO has affiliates instead, and its own fee.
    membership = page.get_by_role("group", name="Membership")
    expect(membership.get_by_role("radio", name="Student member")).to_be_visible()
    expect(membership.get_by_role("radio", name=re.compile(r"Not a member.*\(\$50\.00 fee\)"))).to_be_visible()
    page.get_by_role("radio", name=re.compile(f"^{CMAO}")).check()
    expect(membership.get_by_role("radio", name="Student member")).to_be_hidden()
    expect(membership.get_by_role("radio", name="Affiliate member")).to_be_visible()
    nonmember = membership.get_by_role("radio", name=re.compile(r"Not a member.*\(\$75\.00 fee\)"))
    expect(nonmember).to_be_visible()
    nonmember.check()
    check_page(page, phone=phone)
    snapshot(page, f"apply-{width}")

    steps.submit_application(page, phone=phone)
    expect(page.get_by_role("main")).to_contain_text("(fee $75.00: due)")
    snapshot(page, f"submitted-{width}")
    application = Application.objects.get(applicant=mentee)
    assert (application.association.short_name, application.membership) == ("CMAO", "nonmember")
    assert (application.fee_status, application.fee_amount) == ("due", Decimal("75.00"))
    sent = [message for message in mail.outbox if message.to == [mentee.email]]
    assert "through City Management Association of Oklahoma" in sent[-1].body
    assert "its $75.00 application fee is due" in sent[-1].body
