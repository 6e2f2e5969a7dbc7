"""What every page of the journey must pass: axe-core, the site's own Content-Security-Policy, a phone's width."""

from __future__ import annotations

from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, Request

PHONE_WIDTH = 375
FAILING_IMPACTS = {"serious", "critical"}


_axe = Axe()  # axe-core's JavaScript ships inside the package; nothing is fetched from the network
_problems: WeakKeyDictionary[Page, list[str]] = WeakKeyDictionary()


def watch_page(page: Page, origin: str) -> None:
    """Collect what `check_page` fails on: Content-Security-Policy refusals, uncaught script errors, and any
    request leaving the live server (the site serves its own assets; axe-core is injected, not fetched)."""
    problems: list[str] = []
    _problems[page] = problems

    def on_console(message: ConsoleMessage) -> None:
        # axe-core sets inline styles while it measures; those come from an evaluated script, which has no URL.
        if "Content Security Policy" in message.text and message.location.get("url"):
            problems.append(f"{message.text} ({message.location['url']}, line {message.location['lineNumber']})")

    def on_request(request: Request) -> None:
        if not request.url.startswith((origin + "/", "data:", "blob:", "about:")):
            problems.append(f"request leaving the site: {request.method} {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught script error: {error}"))
    page.on("request", on_request)


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation on the page as it stands. None is excused: fix the app."""
    failing = [v for v in _axe.run(page).response["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe-core on {urlsplit(page.url).path}:\n" + "\n".join(_describe(v) for v in failing)


def _describe(violation: dict) -> str:
    nodes = "\n".join(
        f"    {node['target']}: {node['html'][:160]}\n      {node.get('failureSummary', '')[:300]}"
        for node in violation["nodes"][:6]
    )
    return f"  {violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"


def assert_fits_phone(page: Page) -> None:
    """Nothing scrolls sideways at a phone's width (the page is resized to it when it is not already)."""
    viewport = page.viewport_size
    resized = viewport is not None and viewport["width"] != PHONE_WIDTH
    if resized:
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 812})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        if resized:
            page.set_viewport_size(viewport)
    assert width <= PHONE_WIDTH, f"{page.url} is {width}px wide at a phone's {PHONE_WIDTH}px: it scrolls sideways"


def assert_errors_tied_to_fields(page: Page) -> None:
    """Every error message shown beside a field is visible and named by that field's aria-describedby."""
    errors = page.locator("form .invalid-feedback, form .errorlist")
    assert errors.count(), f"no error is shown beside any field on {page.url}"
    loose = page.evaluate(
        """() => [...document.querySelectorAll('form .invalid-feedback, form .errorlist')].filter(error => {
            const ids = [error, ...error.querySelectorAll('[id]')].map(e => e.id).filter(Boolean);
            const tied = ids.some(id => document.querySelector(`[aria-describedby~="${CSS.escape(id)}"]`));
            return !(tied && error.checkVisibility());
        }).map(error => error.outerHTML.slice(0, 200))"""
    )
    assert not loose, f"errors not tied to their field, or hidden, on {page.url}:\n" + "\n".join(loose)
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count(), f"no field is marked aria-invalid on {page.url}"


def assert_no_page_problems(page: Page) -> None:
    problems = _problems.get(page, [])
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


def check_page(page: Page, *, phone: bool = False) -> None:
    """Run on every page of the journey; `phone` on the applicants' pages."""
    page.wait_for_load_state()
    assert_no_page_problems(page)
    assert_accessible(page)
    if phone:
        assert_fits_phone(page)
