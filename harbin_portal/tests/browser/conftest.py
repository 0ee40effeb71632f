"""Browser tests: Playwright drives Debian's Chromium against the live test server.

axe-core (installed from the npm registry by `npm ci`, see package.json) is evaluated in each page
visited; any serious or critical violation fails the test. Screenshots go to test-artifacts/.
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

# Every step of a journey gives up after this long, so a broken page fails fast instead of hanging.
STEP_TIMEOUT_MS = 10_000


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # Playwright's event loop stays set on this thread until the session ends: browser tests go last,
    # after pytest-django's own ordering, so that no other test runs beside it.
    items.sort(key=lambda item: "browser" in item.keywords)
    missing = [str(p) for p in (CHROMIUM, AXE) if not p.exists()]
    if not missing:
        return
    skip = pytest.mark.skip(reason=f"browser tests need {', '.join(missing)} (bash .ci/run installs them)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-quic",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is evaluated through the DevTools protocol; bypassing CSP lets it run under the portal's strict policy.
    return {**browser_context_args, "bypass_csp": True, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session", autouse=True)
def _browser_test_environment():
    """Set only once a browser test runs, so that no other test (or its subprocesses) inherits it."""
    # Playwright's sync API keeps an event loop on this thread; Django's ORM is still used synchronously.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # The live server listens on the loopback address only (pytest-django would pick "localhost").
    os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture
def page(page):
    """pytest-playwright's page, with every wait bounded."""
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.set_default_navigation_timeout(STEP_TIMEOUT_MS)
    return page


@pytest.fixture
def new_page(browser, browser_context_args):
    """Open a page in a fresh browser context (no cookies): another person at another computer."""
    contexts = []

    def open_page():
        context = browser.new_context(**browser_context_args)
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.set_default_navigation_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


class AxeReport:
    """Runs axe-core in each page and keeps the counts for the closing summary."""

    serious = ("serious", "critical")

    def __init__(self):
        self.source = AXE.read_text() if AXE.exists() else ""
        self.pages = []

    def check(self, page, label, *, fail=True):
        """Run axe on the page as it is now; with fail=False (pages that are not ours) only report."""
        page.evaluate(self.source)
        result = page.evaluate(
            "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
            " return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
            " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
        )
        bad = [v for v in result if v["impact"] in self.serious]
        self.pages.append(
            {
                "page": label,
                "url": page.url,
                "violations": len(result),
                "serious": len(bad),
                "ids": ",".join(f"{v['id']}({v['impact']})" for v in result),
                "enforced": fail,
                "details": result,
            }
        )
        self.screenshot(page, label)
        if fail:
            assert not bad, f"axe found serious violations on {label} ({page.url}): {json.dumps(bad, indent=1)}"

    def screenshot(self, page, label):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() else "-" for c in label).strip("-")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-1280.png"), full_page=True)
        page.set_viewport_size({"width": 360, "height": 800})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-360.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


_AXE_SUMMARY = []


@pytest.fixture
def axe():
    report = AxeReport()
    yield report
    _AXE_SUMMARY.extend(report.pages)


def pytest_terminal_summary(terminalreporter):
    if not _AXE_SUMMARY:
        return
    # Every violation with its first targets, for whoever fixes them.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe.json").write_text(json.dumps(_AXE_SUMMARY, indent=1, ensure_ascii=False))
    terminalreporter.section("axe-core: pages checked (details in test-artifacts/axe.json)")
    for row in _AXE_SUMMARY:
        note = "" if row["enforced"] else " (reported only)"
        terminalreporter.write_line(
            f"{row['page']:<34} violations={row['violations']:<3} serious/critical={row['serious']}{note}"
            f"  {row['url']}  {row['ids']}"
        )
