"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server on PostgreSQL.

One live server and one browser serve the whole session; each test gets fresh browser contexts (no shared
cookies). A failing test leaves a screenshot and the HTML of each of its pages under `test-artifacts/`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from e2e.checks import watch_page

CHROMIUM = "/usr/bin/chromium"
# Never let Playwright fetch a browser or Chromium phone home: the machine has no internet.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

PAGES = pytest.StashKey[dict[str, Page]]()

# pytest-django's live server binds "localhost" to 127.0.0.1 only, while Chromium tries [::1] first: a stranger
# listening on [::1] at the same port would answer instead. An address is unambiguous.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium against the live server (slow)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last (after pytest-django's ordering): Playwright's event loop then never meets other tests."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def eager_propagates() -> bool:
    """Celery tasks run where they are queued (the root conftest): a task queued on commit runs in the live
    server's thread before the response leaves, as a worker would run it a moment later (the executed
    agreement's PDF, notices), and its error shows in the test."""
    return True


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path: Path) -> None:
    """Each test keeps its uploads (resumes) and agreement PDFs in its own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "private"}},
    }


@pytest.fixture(autouse=True)
def _patient_resume_check(settings) -> None:
    """A real resume must never be refused because Chromium, the live server and the test share 2 busy cores:
    the checker's own time limit (RESUME_CHECK_MS) is tested with hostile files in applications/tests."""
    settings.RESUME_CHECK_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an event loop on this thread, which makes Django refuse ORM calls from
    # the test itself (SynchronousOnlyOperation). The tests' ORM calls are plain synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's browser with `apt-get install chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        expect.set_options(timeout=10_000)  # generous: the machine has 2 cores, often shared
        yield browser
        browser.close()


@pytest.fixture
def new_page(request: pytest.FixtureRequest, browser: Browser, live_server) -> Generator[Callable[..., Page]]:
    """Open a page in a fresh browser context (its own cookies): one per person in a journey."""
    contexts = []
    pages = request.node.stash.setdefault(PAGES, {})

    def open_page(label: str = "page", *, phone: bool = False) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=PHONE if phone else DESKTOP,
            is_mobile=phone,
            has_touch=phone,
            locale="en-US",
            timezone_id="America/Los_Angeles",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        watch_page(page, live_server.url)
        pages[label] = page
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Generator[None, pytest.TestReport]:
    report = yield
    if report.failed and report.when in ("setup", "call"):
        save_artifacts(item, item.stash.get(PAGES, {}))
    return report


def save_artifacts(item: pytest.Item, pages: dict[str, Page]) -> None:
    folder = Path(item.config.rootpath) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", item.name).strip("_")
    for label, page in pages.items():
        stem = folder / (name if label == "page" else f"{name}-{label}")
        try:  # never hide the test's own failure behind one from a closed or crashed page
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:
            Path(f"{stem}.txt").write_text(f"could not save the page: {error}\n", encoding="utf-8")
