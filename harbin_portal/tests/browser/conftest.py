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
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

# Playwright's sync API runs an event loop in this thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
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


class AxeReport:
    """Runs axe-core in each page and keeps the counts for the closing summary."""

    serious = ("serious", "critical")

    def __init__(self):
        self.source = AXE.read_text() if AXE.exists() else ""
        self.pages = []

    def check(self, page, label):
        page.evaluate(self.source)
        result = page.evaluate(
            "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
            " return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
            " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
        )
        bad = [v for v in result if v["impact"] in self.serious]
        self.pages.append({"page": label, "url": page.url, "violations": len(result), "serious": len(bad)})
        self.screenshot(page, label)
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
    terminalreporter.section("axe-core: pages checked")
    for row in _AXE_SUMMARY:
        terminalreporter.write_line(
            f"{row['page']:<40} violations={row['violations']:<3} serious/critical={row['serious']}  {row['url']}"
        )
