"""Browser-test fixtures: Debian's Chromium driven by Playwright, and axe-core accessibility audits.

A browser test is marked ``@pytest.mark.browser`` and takes ``live_server`` (a real threaded
server on 127.0.0.1, serving /static/ from the app folders) and ``page`` (a fresh Chromium tab):

    @pytest.mark.browser
    def test_something(live_server, page, axe_audit):
        page.goto(live_server.url + "/")
        assert axe_audit(page) == []

``bin/ensure-browser`` (run by ``make test``) installs Chromium, the CJK fonts and axe-core.
The site's Content-Security-Policy stays enforced in ``page``: a blocked inline script or style
shows up in ``page.console_errors``; axe is injected through the DevTools protocol, which CSP
does not govern.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS_DIR = REPO_DIR / "test-artifacts"

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # The machine has no network but the package registries: keep Chromium from phoning home.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

# Impacts that fail a test; "minor" and "moderate" findings are reported but not enforced.
AXE_FAILING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test session (per xdist worker)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run bin/ensure-browser (make test does)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise
    # refuse to run in a test that also drives the browser.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _new_page(browser, **context_options):
    options = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
    options.update(context_options)
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    # What went wrong while the page loaded, for tests to assert on:
    page.console_errors = []  # console errors (CSP violations among them) and uncaught exceptions
    page.failed_requests = []  # "STATUS URL" of every response >= 400 and "failed URL: why" of failed requests

    def on_console(msg):
        # A failed load is logged as an error too; it is in failed_requests, with its URL.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            page.console_errors.append(msg.text)

    def on_response(response):
        if response.status >= 400:
            page.failed_requests.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.console_errors.append(f"uncaught: {exc}"))
    page.on("response", on_response)
    page.on("requestfailed", lambda req: page.failed_requests.append(f"failed {req.url}: {req.failure}"))
    return context, page


@pytest.fixture
def page(browser):
    """A new tab in a new browser context (fresh cookies): 1280x900, zh-CN, Asia/Shanghai."""
    context, page = _new_page(browser)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def new_page(browser):
    """Factory for extra tabs with other context options, e.g. new_page(viewport={"width": 375, "height": 812})."""
    contexts = []

    def make(**context_options):
        context, page = _new_page(browser, **context_options)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """test-artifacts/ in the work tree (gitignored): screenshots and other output to look at."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


def _inject_axe(page) -> None:
    if page.evaluate("() => typeof window.axe") == "object":
        return
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run bin/ensure-browser (make test does)")
    # Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not block it,
    # unlike page.add_script_tag(), which adds an inline <script>.
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")


def run_axe(page, impacts=AXE_FAILING_IMPACTS, options: dict | None = None) -> list[dict]:
    """Run axe-core on the page as it is now; return the violations whose impact is in `impacts`."""
    _inject_axe(page)
    run_options = {"resultTypes": ["violations"]}
    run_options.update(options or {})
    violations = page.evaluate(
        "async (options) => (await window.axe.run(document, options)).violations", run_options
    )
    return [v for v in violations if v.get("impact") in impacts]


def format_violations(violations: list[dict]) -> str:
    """Readable summary of axe violations for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"[{v.get('impact')}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", [])[:5]:
            lines.append(f"    {', '.join(map(str, node.get('target', [])))}: {node.get('failureSummary', '').strip()}")
    return "\n".join(lines)


@pytest.fixture
def axe_audit():
    """axe_audit(page) -> list of serious/critical axe-core violations on the current page."""
    return run_axe


@pytest.fixture(name="format_violations")
def format_violations_fixture():
    """format_violations(violations) -> readable text for an assertion message."""
    return format_violations


def fonts_used(page, selector: str) -> dict[str, int]:
    """Fonts Chromium actually used to draw the text of the first element matching `selector`:
    {family name: glyph count}. Tells whether Chinese text is drawn in a CJK font (no tofu boxes)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            raise AssertionError(f"no element matches {selector!r}")
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return {f["familyName"]: f["glyphCount"] for f in fonts}
    finally:
        cdp.detach()


@pytest.fixture
def rendered_fonts():
    """rendered_fonts(page, selector) -> {font family: glyph count} actually used for that element's text."""
    return fonts_used
