"""Everything works by keyboard: skip to the content, then log in without touching the mouse."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_user
from e2e.checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page: Page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, name: document.activeElement.name || '',"
        " in_main: document.activeElement.closest('main') !== null})"
    )


def tab_to(page: Page, name: str, *, limit: int = 10) -> None:
    """Press Tab until the field called `name` has the focus, never leaving the main content."""
    for _ in range(limit):
        if focused(page)["name"] == name:
            return
        page.keyboard.press("Tab")
        assert focused(page)["in_main"], "Tab left the main content"
    raise AssertionError(f"{limit} presses of Tab never reached the {name!r} field")


def test_a_keyboard_user_skips_to_the_content_and_logs_in(page: Page):
    make_user("kim.keys@example.org", "Kim Keys")
    page.goto("/accounts/login/")
    check_page(page)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visually hidden until focused
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/login/#main$"))
    assert focused(page)["id"] == "main"

    tab_to(page, "login")
    page.keyboard.type("kim.keys@example.org")
    tab_to(page, "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Kim Keys")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    check_page(page)
