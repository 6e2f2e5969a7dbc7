"""A chair's whole season on the demo's data, in a real browser: the chair of one association (the demo has five)
reviews and decides applications on their pages, starts a match run after previewing its weights, adjusts it (a swap
the program forbids is refused with the rule named, a lock, an alternative mentor with a free place), previews new
weights on the saved run and saves them, publishes through the confirmation page, then follows up on the dashboard:
the pairs whose agreement is still unsigned, and an email the mail server refused, sent again.

Every page passes axe-core, the Content-Security-Policy and a phone's width, and shows no name of another
association's people."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from applications.access import chair_programs
from applications.demo import CHAIR_EMAIL, DEMO_PASSWORD, load_demo
from applications.models import Application, Program
from e2e.checks import check_page
from e2e.steps import admin_log_in, snapshot
from matching.models import MatchRun, PairRule, Proposal
from notifications.models import Notice
from pairings.models import Pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WELCOME = "Welcome to the cohort! Our kickoff is on the first Thursday of next month."


class Chair:
    """The chair's browser tab, checking every page it reaches: axe-core, CSP, a phone's width, no stranger's name."""

    def __init__(self, page: Page, strangers: list[str]):
        self.page, self.strangers = page, strangers

    def check(self) -> None:
        check_page(self.page, phone=True)
        text = self.page.inner_text("body")
        seen = [name for name in self.strangers if name in text]
        assert not seen, f"{self.page.url} names people of other associations: {seen}"

    def main(self):
        return self.page.get_by_role("main")

    def said(self, text: str | re.Pattern[str]) -> None:
        expect(self.page.locator(".messagelist")).to_contain_text(text)


def strangers(chair: User) -> list[str]:
    """Everyone the chair must never see: the people of programs the chair does not run, and the other chairs."""
    ours = chair_programs(chair, Application)
    people = Application.objects.filter(program__in=ours).values("applicant")
    others = Application.objects.exclude(program__in=ours).exclude(applicant__in=people)
    chairs = User.objects.filter(chaired_associations__isnull=False).exclude(pk=chair.pk)
    names = {*others.values_list("applicant__full_name", flat=True), *chairs.values_list("full_name", flat=True)}
    return sorted(names)


def decide(chair: Chair, waiting: str, name: str, button: str, *, message: str = "", warning: str = "") -> None:
    """From the list of applications waiting (`waiting`), open one, decide it, and come back to the list."""
    page = chair.page
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name="Decision", exact=True)).to_be_visible()
    if warning:
        expect(page.get_by_role("note", name="Check before deciding")).to_contain_text(warning)
    chair.check()
    if message:
        page.get_by_label("Message to the applicant (optional)").fill(message)
    page.get_by_role("button", name=button, exact=True).click()
    chair.said(re.compile(rf"{re.escape(name)}'s application is \w+"))
    chair.check()
    page.goto(waiting)


def review_and_decide(chair: Chair, program: Program) -> None:
    page = chair.page
    expect(page.get_by_role("region", name="Start here: your programs")).to_contain_text(program.name)
    chair.check()
    waiting = f"/admin/applications/application/?program__id__exact={program.pk}&status__exact=submitted"
    page.goto(waiting)
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    chair.check()
    decide(chair, waiting, "Rafferty Oyelaran", "Approve", message=WELCOME)
    decide(chair, waiting, "Imogen Castellane", "Approve")
    decide(chair, waiting, "Thaddeus Marchetti", "Waitlist", warning="non-member fee")
    expect(page.locator("#result_list tbody tr")).to_have_count(0)
    [welcome] = [m for m in mail.outbox if m.to == ["rafferty.oyelaran@demo.example"] and "approved" in m.subject]
    assert WELCOME in welcome.body


def start_a_run(chair: Chair, program: Program) -> MatchRun:
    page = chair.page
    page.goto("/admin/matching/matchrun/add/")
    chair.check()
    page.get_by_label("Program:").select_option(label=str(program))
    page.get_by_label("What they wrote:").fill("0.30")
    page.get_by_role("button", name="Preview these weights (saves nothing)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Preview: a new match run")
    expect(chair.main()).to_contain_text("Nothing has been saved.")
    chair.check()
    assert not MatchRun.objects.exists()
    page.get_by_role("button", name="Save and solve with these weights").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposed pairs")
    chair.check()
    return MatchRun.objects.get(program=program)


def act_on(chair: Chair, proposals: list[Proposal], action: str) -> None:
    page = chair.page
    for proposal in proposals:
        page.locator(f'input[name="_selected_action"][value="{proposal.pk}"]').check()
    page.get_by_role("combobox", name=re.compile("^Action")).select_option(label=action)
    page.get_by_role("button", name="Go").click()


def a_forbidden_swap(run: MatchRun) -> tuple[Proposal, Proposal, str]:
    """Two proposals whose swap would pair a mentee with a mentor of their own organization, and that organization."""
    proposals = list(
        run.proposals.select_related("mentor_application__applicant__profile", "mentee_application__applicant__profile")
    )
    for first in proposals:
        for second in proposals:
            organization = first.mentee_application.applicant.profile.organization
            if first != second and organization == second.mentor_application.applicant.profile.organization:
                return first, second, organization
    raise AssertionError("the demo's run offers no swap across one organization")


def adjust(chair: Chair, run: MatchRun) -> None:
    page = chair.page
    first, second, organization = a_forbidden_swap(run)
    act_on(chair, [first, second], "Swap the mentors of the two selected pairs (and lock both)")
    chair.said(f"would pair two people from the same organization ({organization}), which this program excludes")
    chair.check()
    snapshot(page, "season-swap-refused")
    assert not PairRule.objects.filter(program=run.program).exists()  # the refused swap locked nothing

    locked = run.proposals.exclude(pk__in=[first.pk, second.pk]).order_by("-score").first()
    act_on(chair, [locked], "Lock: keep these pairs in every re-run")
    chair.said("Locked.")
    chair.check()

    mentee = first.mentee_application.applicant.full_name
    row = page.locator("#result_list tbody tr").filter(has_text=mentee)
    row.get_by_role("link", name="Five best alternatives").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Alternatives for {mentee}")
    table = page.get_by_role("table", name=f"The five best other mentors with a free place for {mentee}")
    free = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert free and all(int(places) >= 1 for places in free), free
    chair.check()
    snapshot(page, "season-alternatives")
    chosen = table.locator("tbody tr").first.locator("td").first.inner_text()
    table.get_by_role("button", name=f"Pair with {chosen} instead").click()
    chair.said("Pair locked and matching re-run around it.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposed pairs")
    expect(page.locator("#result_list tbody tr").filter(has_text=mentee)).to_contain_text(chosen)
    chair.check()


def preview_and_save_new_weights(chair: Chair, run: MatchRun) -> None:
    page = chair.page
    page.goto(f"/admin/matching/matchrun/{run.pk}/change/")
    chair.check()
    page.get_by_label("Areas of expertise:").fill("0.60")
    page.get_by_role("button", name="Preview these weights (saves nothing)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of new weights")
    expect(chair.main()).to_contain_text("Nothing has been saved.")
    chair.check()
    snapshot(page, "season-preview")
    run.refresh_from_db()
    assert run.weight_expertise != 0.60
    page.get_by_role("button", name="Save these weights and re-run").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposed pairs")
    chair.check()
    run.refresh_from_db()
    assert run.weight_expertise == 0.60


def publish(chair: Chair, run: MatchRun) -> None:
    page = chair.page
    pairs, before = run.proposals.count(), Pairing.objects.filter(program=run.program).count()
    page.get_by_role("button", name=re.compile("^Publish")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish these pairs?")
    expect(chair.main()).to_contain_text(f"Publishing makes {pairs} pair")
    expect(chair.main()).to_contain_text(f"sends {2 * pairs} emails")
    chair.check()
    snapshot(page, "season-publish")
    assert Pairing.objects.filter(program=run.program).count() == before  # nothing before the chair says yes
    page.get_by_role("button", name="Yes, publish and send the emails").click()
    chair.said(re.compile(rf"{pairs} pairings? published"))
    chair.check()
    assert Pairing.objects.filter(program=run.program).count() == before + pairs


def follow_up(chair: Chair, program: Program) -> None:
    page = chair.page
    page.goto(f"/chair/{program.slug}/")
    unsigned = page.get_by_role("list", name=re.compile("^Agreements unsigned after"))
    expect(unsigned).to_contain_text("Rosalind Vantreese and Priya Wexford")  # the demo's pair of 75 days
    chair.check()
    snapshot(page, "season-dashboard")

    notice = Notice.objects.filter(program=program, kind="pairing_created").order_by("pk").first()
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.GAVE_UP, created_at=timezone.now() - dt.timedelta(hours=73), last_error="421 Try later"
    )
    mail.outbox.clear()
    page.reload()
    refused = page.get_by_role("list", name=re.compile("Emails the mail server refused for 3 days"))
    expect(refused).to_contain_text(notice.to)
    chair.check()
    refused.get_by_role("button", name=re.compile(rf"^Send again: .* to {re.escape(notice.to)}$")).click()
    expect(page.locator(".alert").first).to_contain_text("queued again")
    chair.check()
    assert [message.to for message in mail.outbox] == [[notice.to]]


def test_a_chair_plays_a_season_on_the_demo(new_page):
    program = load_demo()
    chair_user = User.objects.get(email=CHAIR_EMAIL)
    chair = Chair(new_page("chair"), strangers(chair_user))
    assert len(chair.strangers) > 50  # the demo's other associations are there to be kept out
    mail.outbox.clear()

    admin_log_in(chair.page, chair_user, DEMO_PASSWORD)
    review_and_decide(chair, program)
    run = start_a_run(chair, program)
    adjust(chair, run)
    preview_and_save_new_weights(chair, run)
    publish(chair, run)
    follow_up(chair, program)
