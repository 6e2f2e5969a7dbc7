"""The top bar at every common width: laid out in one row with every item on one line and nothing overlapping, or
folded behind the toggler, which opens it; never an item broken over two lines ("Chair / admin") or a bar two rows
tall. The chair's bar (the most items) and a mentee's (the fewest a signed-in person sees) are walked."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from accounts.factories import PASSWORD as FACTORIES_PASSWORD
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from applications.models import Program
from e2e.conftest import DESKTOP, PHONE
from e2e.steps import admin_log_in, log_in, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 768, 1024, 1200, 1280, 1440)

# Each item of the bar (the brand, the links, the log-out button, the person's name): its box and its text's lines.
ITEMS = """() => {
    const nav = document.querySelector('nav[aria-label="Main"]');
    const lineHeight = (e) => parseFloat(getComputedStyle(e).lineHeight);
    const items = [...nav.querySelectorAll('.navbar-brand, .nav-link, .navbar-text')].map((e) => {
        const box = e.getBoundingClientRect();
        const style = getComputedStyle(e);
        const text = box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
            - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
        return {
            name: e.textContent.trim().replace(/\\s+/g, ' '),
            left: box.left, right: box.right, top: box.top, bottom: box.bottom,
            lines: Math.round(text / lineHeight(e)),
            visible: box.width > 0 && box.height > 0,
        };
    });
    const bar = nav.getBoundingClientRect();
    const container = nav.querySelector('.container');
    const inner = container.getBoundingClientRect();
    const padding = parseFloat(getComputedStyle(container).paddingRight);
    return {height: bar.height, right: inner.right - padding, items};
}"""


def assert_laid_out_in_one_row_or_folded(page: Page, where: str) -> str:
    """Whether the bar is laid out in a "row" or "folded", after checking it is cleanly one or the other."""
    toggler = page.get_by_role("button", name="Toggle navigation")
    bar = page.evaluate(ITEMS)
    brand, *items = bar["items"]
    if toggler.is_visible():
        assert not any(item["visible"] for item in items), f"{where}: folded, yet items show"
        assert bar["height"] <= 57, f"{where}: the folded bar is {bar['height']} px tall"
        return "folded"
    assert all(item["visible"] for item in items), f"{where}: hidden items {[i for i in items if not i['visible']]}"
    for item in (brand, *items):
        assert item["lines"] == 1, f"{where}: {item['name']!r} takes {item['lines']} lines"
        assert item["right"] <= bar["right"] + 0.5, f"{where}: {item['name']!r} runs past the bar's edge"
    # One row: every item within the first row's band, the bar no taller than Bootstrap's one-row bar.
    assert len({round(item["top"]) for item in items}) == 1, f"{where}: items on several rows"
    assert bar["height"] <= 57, f"{where}: the bar is {bar['height']} px tall, more than one row"
    ordered = sorted((brand, *items), key=lambda item: item["left"])
    for before, after in itertools.pairwise(ordered):
        assert before["right"] <= after["left"] + 0.5, f"{where}: {before['name']!r} overlaps {after['name']!r}"
    return "row"


def assert_the_toggler_opens_the_menu(page: Page, where: str) -> None:
    toggler = page.get_by_role("button", name="Toggle navigation")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    open_menu(page)
    expect(toggler).to_have_attribute("aria-expanded", "true")
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Programs")).to_be_visible()
    expect(menu.get_by_role("button", name="Log out")).to_be_visible()
    for item in page.evaluate(ITEMS)["items"][1:]:
        assert item["lines"] == 1, f"{where}, opened: {item['name']!r} takes {item['lines']} lines"
    toggler.click()
    expect(page.locator("#main-nav")).to_be_hidden()  # the closing slide over


def walk(page: Page, path: str, label: str) -> dict[int, str]:
    page.goto(path)
    layouts = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        where = f"{label} at {width} px"
        layouts[width] = assert_laid_out_in_one_row_or_folded(page, where)
        if layouts[width] == "folded":
            assert_the_toggler_opens_the_menu(page, where)
    return layouts


def test_the_chairs_bar_is_one_row_at_a_laptops_width_and_folds_on_a_phone(new_page, program, host_chair):
    page = new_page("chair")
    admin_log_in(page, host_chair)
    bar = page.get_by_role("navigation", name="Main")
    layouts = walk(page, "/programs/", "the chair")
    expect(bar.get_by_role("link", name="Chair admin")).to_have_count(1)
    assert layouts[1280] == "row" and layouts[1440] == "row"
    assert layouts[375] == "folded" and layouts[768] == "folded"
    page.set_viewport_size(DESKTOP)
    expect(bar.get_by_role("link", name="Chair admin")).to_be_visible()
    page.set_viewport_size(PHONE)
    expect(bar.get_by_role("link", name="Chair admin")).to_be_hidden()


def test_a_mentees_short_bar_stays_in_a_row_on_a_tablet(new_page, mentee):
    page = new_page("mentee")
    page.goto("/accounts/login/")
    log_in(page, email=mentee.email, password=FACTORIES_PASSWORD)
    layouts = walk(page, "/programs/", "the mentee")
    assert layouts[1024] == layouts[1280] == "row"
    assert layouts[375] == "folded"


def test_the_longest_bar_never_wraps_at_any_width(new_page, program, host_chair):
    """A chair who mentors in one gallery program and is mentored in another, with a long name: both request links,
    the dashboard and the admin. Too long for a laptop's row: folded there, in a row only where it fits."""
    host_chair.full_name = "Harper Alexandra Hostington-Smythe"
    host_chair.save()
    gallery = ProgramFactory(host=program.host, pairing_mode=Program.PairingMode.GALLERY)
    MentorApplicationFactory(program=gallery, applicant=host_chair, approved=True)
    ApplicationFactory(
        program=ProgramFactory(host=program.host, pairing_mode=Program.PairingMode.GALLERY),
        applicant=host_chair,
        approved=True,
    )
    page = new_page("chair")
    admin_log_in(page, host_chair)
    bar = page.get_by_role("navigation", name="Main")
    page.goto("/programs/")
    expect(bar.get_by_role("link", name="My mentor requests", include_hidden=True)).to_have_count(1)
    expect(bar.get_by_role("link", name="Requests from mentees", include_hidden=True)).to_have_count(1)
    walk(page, "/programs/", "the busiest chair")
