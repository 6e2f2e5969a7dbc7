"""A chair decides applications on their own pages and previews a match run's weights before saving it, in a real
browser: approve with a message, decline, the mistakes of deciding twice (a stale page) and of a double click, then a
preview that saves nothing, back to the weights, and a save that lands on the proposals. Every page passes axe-core,
the Content-Security-Policy and a phone's width; screenshots at 1280 and 375 px go to E2E_SCREENSHOTS when set."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application
from e2e.checks import check_page, watch_page
from e2e.steps import admin_log_in, snapshot
from matching.models import MatchRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WELCOME = "Welcome! Our kickoff is on March 3 at Irvine City Hall; bring your budget questions."
MENTOR_STATEMENT = (
    "I have been a city manager for twenty years. I know council relations and the city budget from both sides, and "
    "I led our affordable housing strategy."
)


@pytest.fixture
def season(program):
    """Two mentees waiting for a decision (one a non-member whose fee is due) and two approved mentors."""
    program.min_match_score = 0
    program.save()
    riley = ApplicationFactory(
        program=program,
        applicant__full_name="Riley Rivera",
        applicant__email="riley@example.org",
        applicant__profile__organization="City of Irvine",
        applicant__profile__title="Budget Analyst",
        applicant__profile__region="Orange County",
        expertise=["finance", "council_manager_relations"],
        contact_forms=["in_person", "video"],
        goals="I want someone candid who can help me prepare for council meetings and learn how the city budget "
        "is built, and how affordable housing projects get funded.",
    )
    riley.resume.save("riley.pdf", io.BytesIO(b"%PDF-1.4\n%%EOF\n"))
    jordan = ApplicationFactory(
        program=program, nonmember=True, applicant__full_name="Jordan Lee", applicant__email="jordan@example.org"
    )
    for name, organization in (("Morgan Manager", "City of Tustin"), ("Sam Sato", "City of Orange")):
        MentorApplicationFactory(
            program=program,
            approved=True,
            applicant__full_name=name,
            applicant__profile__organization=organization,
            expertise=["finance", "council_manager_relations", "strategic_planning"],
            statement=MENTOR_STATEMENT,
        )
    return riley, jordan


def open_application(page: Page, name: str) -> None:
    page.goto("/admin/applications/application/")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name="Decision", exact=True)).to_be_visible()


def decisions_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def chair_reads_and_approves_with_a_message(page: Page, stale: Page, riley: Application) -> None:
    open_application(page, "Riley Rivera")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Finance, Council-Manager Relations")
    expect(main).to_contain_text("In person, Video")
    expect(main).to_contain_text("Budget Analyst")
    expect(main).to_contain_text("Eligible under the program's rules.")
    expect(main.get_by_role("link", name="Open the resume (PDF)")).to_have_attribute(
        "href", f"/applications/{riley.pk}/resume/"
    )
    check_page(page, phone=True)
    snapshot(page, "application")

    stale.goto(page.url)  # the same page, opened in another tab before the decision
    expect(stale.get_by_role("button", name="Decline")).to_be_visible()

    page.get_by_label("Message to the applicant (optional)").fill(WELCOME)
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messagelist")).to_contain_text("Riley Rivera's application is approved")
    expect(page.get_by_role("main")).to_contain_text(f"Message: {WELCOME}")  # the history
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    check_page(page, phone=True)
    snapshot(page, "approved")
    [email] = decisions_to("riley@example.org")
    assert "approved" in email.subject and WELCOME in email.body

    # The mistake of deciding twice: the other tab still offers Decline; nothing changes and the chair is told.
    stale.get_by_role("button", name="Decline").click()
    expect(stale.locator(".messagelist")).to_contain_text("Nothing was changed. Already approved by Harper Host")
    check_page(stale, phone=True)
    riley.refresh_from_db()
    assert riley.status == Application.Status.APPROVED
    assert len(decisions_to("riley@example.org")) == 1


def chair_sees_the_fee_warning_and_declines_with_a_double_click(page: Page, jordan: Application) -> None:
    open_application(page, "Jordan Lee")
    warning = page.get_by_role("note", name="Check before deciding")
    expect(warning).to_contain_text(f"the non-member fee of ${jordan.fee_amount} is still due")
    check_page(page, phone=True)
    snapshot(page, "fee-due")
    page.get_by_role("button", name="Decline").dblclick()
    expect(page.get_by_role("main")).to_contain_text("Status: Declined")
    check_page(page, phone=True)
    jordan.refresh_from_db()
    assert jordan.status == Application.Status.DECLINED
    assert jordan.events.filter(status=Application.Status.DECLINED).count() == 1
    assert len(decisions_to("jordan@example.org")) == 1


def chair_previews_weights_before_saving(page: Page, program) -> None:
    page.goto("/admin/matching/matchrun/add/")
    expect(page.get_by_role("main")).to_contain_text("Press Preview to see the pairs these weights would make")
    expect(page.get_by_role("main")).to_contain_text("Pairs people whose words meet: what the mentee wants help with")
    check_page(page, phone=True)
    snapshot(page, "run-add")
    page.get_by_label("Program:").select_option(label=str(program))
    page.get_by_label("What they wrote:").fill("0.5")
    page.get_by_role("button", name="Preview these weights (saves nothing)").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Preview: a new match run")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Nothing has been saved.")
    expect(main.get_by_role("row", name=re.compile(r"^Pairs 1$"))).to_be_visible()
    expect(main).to_contain_text("Riley Rivera")
    expect(main).to_contain_text("Shared areas: Finance and Council-Manager Relations.")
    expect(main).not_to_contain_text("someone")
    check_page(page, phone=True)
    snapshot(page, "run-preview")
    assert MatchRun.objects.count() == 0

    page.get_by_role("link", name="Back: change the weights").click()
    expect(page.get_by_label("What they wrote:")).to_have_value("0.5")
    page.get_by_label("Fairness:").select_option(label="Lift the weakest pair")
    page.get_by_role("button", name="Preview these weights (saves nothing)").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Fairness: Lift the weakest pair.")
    expect(main.get_by_role("heading", name="What “Lift the weakest pair” costs")).to_be_visible()
    expect(main.get_by_role("row", name=re.compile(r"^Weakest pair \d+% \d+%$"))).to_be_visible()
    expect(main).to_contain_text("Nobody: every mentee gets the mentor the best total gives them.")
    check_page(page, phone=True)
    snapshot(page, "run-preview-fairness")
    page.get_by_role("button", name="Save and solve with these weights").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposed pairs")
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(".field-reasons_list")).to_contain_text("Both write about")
    check_page(page)
    snapshot(page, "proposals")
    run = MatchRun.objects.get()
    assert (run.weight_text, run.fairness, run.matched) == (0.5, "weakest", 1)


def test_a_chair_decides_on_the_application_page_and_previews_weights(
    new_page, live_server, program, season, host_chair
):
    riley, jordan = season
    page = new_page("chair")
    admin_log_in(page, host_chair)
    stale = page.context.new_page()  # a second tab of the same browser: signed in too
    watch_page(stale, live_server.url)
    chair_reads_and_approves_with_a_message(page, stale, riley)
    chair_sees_the_fee_warning_and_declines_with_a_double_click(page, jordan)
    chair_previews_weights_before_saving(page, program)
