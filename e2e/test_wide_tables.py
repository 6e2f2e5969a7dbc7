"""A table wider than a phone scrolls sideways in its wrapper and shows it: a shadow at each edge with more table past
it (static/css/site.css), and a caption that wraps within the screen and stays in view while the table scrolls."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageStat
from playwright.sync_api import Locator, Page

from e2e.conftest import PHONE
from e2e.steps import admin_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def edges(wrapper: Locator) -> tuple[float, float]:
    """How light the wrapper's leftmost and rightmost few pixels are, over its whole height (255: white)."""
    shot = Image.open(io.BytesIO(wrapper.screenshot())).convert("L")
    strip = 4
    left = ImageStat.Stat(shot.crop((0, 0, strip, shot.height))).mean[0]
    right = ImageStat.Stat(shot.crop((shot.width - strip, 0, shot.width, shot.height))).mean[0]
    return left, right


def box(page: Page, selector: str) -> dict[str, float]:
    return page.locator(selector).evaluate("(e) => e.getBoundingClientRect().toJSON()")


def test_a_table_wider_than_a_phone_shows_it_scrolls_and_keeps_its_caption_in_view(new_page, program, host_chair):
    page = new_page("chair", phone=True)
    admin_log_in(page, host_chair)
    page.goto(f"/chair/{program.slug}/")
    page.set_viewport_size(PHONE)
    wrapper = page.locator(".table-responsive").filter(has=page.locator("#areas"))
    wrapper.scroll_into_view_if_needed()
    # Wider than the phone whatever the dashboard's own sizes: an area's name as long as the longest unbroken ones.
    wrapper.evaluate(
        "(e) => { e.querySelector('tbody th').textContent = 'Technology/Services/Systems/Infrastructure'; }"
    )
    width, scroll_width = wrapper.evaluate("(e) => [e.clientWidth, e.scrollWidth]")
    assert scroll_width > width + 50, "the expertise table fits a phone: this test needs a wider table"

    # The shadows only, not the text under them: the cells' text is made transparent for the screenshots.
    wrapper.evaluate("(e) => e.querySelectorAll('th, td').forEach((c) => { c.style.color = 'transparent'; })")
    start = edges(wrapper)
    wrapper.evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")
    end = edges(wrapper)
    wrapper.evaluate("(e) => e.querySelectorAll('th, td').forEach((c) => { c.style.color = ''; })")
    # At the start a shadow on the right only (more table that way); at the end on the left only.
    assert start[1] < start[0] - 8 and start[1] < end[1] - 8, f"no shadow on the right at the start: {start}, {end}"
    assert end[0] < end[1] - 8 and end[0] < start[0] - 8, f"no shadow on the left at the end: {start}, {end}"

    # The caption wraps within the wrapper and is still there, whole, once the table scrolled to its end.
    caption, frame = box(page, "#areas caption"), box(page, ".table-responsive:has(#areas)")
    assert frame["left"] - 0.5 <= caption["left"] and caption["right"] <= frame["right"] + 0.5, (caption, frame)
    assert caption["height"] > 30, "the caption did not wrap onto several lines"
