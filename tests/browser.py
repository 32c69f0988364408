"""Drive Debian's headless Chromium (via Playwright) for the HTML explorer tests and benchmark.

Playwright's own browser download is never used: we launch /usr/bin/chromium with flags that
keep it from calling home, and record every request, console error, page error and dialog so
tests can assert that a page stayed offline and quiet.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 900}


@contextmanager
def chromium(executable: str = CHROMIUM) -> Iterator:
    """A headless Chromium (Playwright ``Browser``); each launch gets a fresh temporary profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageRun:
    """An open page and everything it did that a test may want to forbid."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)  # every request except the page itself (data: too)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)  # uncaught exceptions
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)


@contextmanager
def open_page(browser, path: str | Path, *, wait_ready: bool = True, timeout_ms: int = 15000) -> Iterator[PageRun]:
    """Open a local HTML file in a new context; wait until the explorer says it is ready."""
    url = Path(path).resolve().as_uri()
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    run = PageRun(page, url)
    context.on("request", lambda req: req.url != url and run.requests.append(req.url))
    page.on("console", lambda msg: msg.type == "error" and run.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: run.page_errors.append(str(exc)))

    def on_dialog(dialog):
        run.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(url, wait_until="load", timeout=timeout_ms)
        if wait_ready:
            page.wait_for_function("() => window.graphkitReady === true", timeout=timeout_ms)
        yield run
    finally:
        context.close()
