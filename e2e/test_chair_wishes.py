"""A chair's match run that listens to the mentees, in a real browser: a mentee's gallery favourite decides between
two equal mentors and the reasons say so, in the preview before saving and on the proposals after; then, in a
program that lets a mentee have two mentors, the form refuses dream teams with another fairness (saying why), and a
team run gives the mentee a second mentor for the area the first does not cover. Every page passes axe-core, the
Content-Security-Policy and a phone's width; screenshots at 1280 and 375 px go to E2E_SCREENSHOTS when set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from applications.factories import ApplicationFactory, MentorApplicationFactory
from e2e.checks import check_page
from e2e.steps import admin_log_in, snapshot
from matching.factories import FavouriteFactory
from matching.models import MatchRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAVOURITE = "The mentee marked this mentor as a favourite in the gallery."
ALIKE = {"frequency": "monthly", "contact_forms": ["video"], "statement": "I mentor new finance staff."}


@pytest.fixture
def pool(program):
    """Riley wants finance and HR; two finance mentors with the same answers, one HR mentor a step further off on
    how often to meet. Riley marked the second finance mentor as a favourite."""
    program.min_match_score = 0
    program.save()
    finance = [
        MentorApplicationFactory(
            program=program, approved=True, applicant__full_name=name, expertise=["finance"], **ALIKE
        )
        for name in ("Morgan Manager", "Sam Sato")
    ]
    hr = MentorApplicationFactory(
        program=program,
        approved=True,
        applicant__full_name="Hana Hughes",
        expertise=["human_resources"],
        **{**ALIKE, "frequency": "every_other_month"},
    )
    riley = ApplicationFactory(
        program=program,
        approved=True,
        applicant__full_name="Riley Rivera",
        expertise=["finance", "human_resources"],
        **{key: ALIKE[key] for key in ("frequency", "contact_forms")},
    )
    FavouriteFactory(mentee_application=riley, mentor_application=finance[1])
    return finance, hr, riley


def preview_new_run(page: Page, program, *, teams: bool = False, fairness: str | None = None) -> None:
    page.goto("/admin/matching/matchrun/add/")
    page.get_by_label("Program:").select_option(label=str(program))
    if teams:
        page.get_by_label("Several mentors per mentee (dream teams)").check()
    if fairness:
        page.get_by_label("Fairness:").select_option(label=fairness)
    page.get_by_role("button", name="Preview these weights (saves nothing)").click()


def chair_sees_the_wish_decide_between_equals(page: Page, program) -> None:
    page.goto("/admin/matching/matchrun/add/")
    expect(page.get_by_role("main")).to_contain_text("Favours a mentor the mentee marked as a favourite")
    expect(page.get_by_label("Wishes from the gallery:")).to_have_value("0.05")
    check_page(page, phone=True)
    snapshot(page, "wishes-add")
    preview_new_run(page, program)
    main = page.get_by_role("main")
    expect(main.get_by_role("row", name=re.compile(r"^Pairs a mentee wished for 1$"))).to_be_visible()
    expect(main.get_by_role("row", name=re.compile(r"^Riley Rivera Sam Sato \d+%"))).to_contain_text(FAVOURITE)
    check_page(page, phone=True)
    snapshot(page, "wishes-preview")
    assert MatchRun.objects.count() == 0
    page.get_by_role("button", name="Save and solve with these weights").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposed pairs")
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Sam Sato")
    expect(row.locator(".field-reasons_list")).to_contain_text(FAVOURITE)
    check_page(page)
    snapshot(page, "wishes-proposals")


def chair_forms_a_dream_team(page: Page, program) -> None:
    program.mentee_max_mentors = 2
    program.save()
    preview_new_run(page, program, teams=True, fairness="No pair would rather swap")
    expect(page.locator(".messagelist")).to_contain_text(
        "“No pair would rather swap” cannot be combined with several mentors per mentee"
    )
    expect(page.get_by_label("Several mentors per mentee (dream teams)")).to_be_checked()  # kept as typed
    expect(page.get_by_label("Program:")).to_have_value(str(program.pk))
    check_page(page, phone=True)
    snapshot(page, "teams-refused")
    preview_new_run(page, program, teams=True)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Several mentors per mentee, covering different areas.")
    expect(main.get_by_role("row", name=re.compile(r"^Riley Rivera Hana Hughes"))).to_contain_text(
        "Covers Human Resources, which their other mentor does not."
    )
    check_page(page, phone=True)
    snapshot(page, "teams-preview")
    page.get_by_role("button", name="Save and solve with these weights").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposed pairs")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Sam Sato")).to_contain_text(FAVOURITE)
    expect(rows.filter(has_text="Sam Sato")).to_contain_text("Covers Finance, which their other mentor does not.")
    check_page(page)
    snapshot(page, "teams-proposals")
    run = MatchRun.objects.latest("created_at")
    assert (run.teams, run.matched) == (True, 2)


def test_a_chair_sees_the_mentees_wishes_and_forms_a_dream_team(new_page, program, pool, host_chair):
    page = new_page("chair")
    admin_log_in(page, host_chair)
    chair_sees_the_wish_decide_between_equals(page, program)
    chair_forms_a_dream_team(page, program)
