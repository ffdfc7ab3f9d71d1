"""What a person sees: headless Chromium, driven by Playwright, browses the
fixture corpus served by the real `scrapy browse` command on 127.0.0.1.
Each test leaves a screenshot in tests/artifacts/.

Needs Debian's `chromium` (/usr/bin/chromium) and Playwright for Python; the
tests skip with a message where either is missing (never `playwright install`:
the system browser is used).

Playwright's sync API refuses to run on a thread whose asyncio loop is in use
(pytest-twisted runs the reactor on it), so every browser call runs on one
worker thread of its own (`browser.run`).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_browse import EVIL, build_corpus

from newsspider.render import CHROMIUM_ARGS as RENDER_ARGS

CHROMIUM = Path(os.environ.get("NEWS_CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
#: the flags the crawler renders pages with (newsspider/render.py), headless
CHROMIUM_ARGS = ["--headless", *RENDER_ARGS]

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright for Python is not installed: pip install -e '.[test]'",
)
if not CHROMIUM.exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: apt-get install chromium (or set NEWS_CHROMIUM)",
        allow_module_level=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"scrapy browse exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The base URL of `scrapy browse` serving the fixture corpus."""
    db = build_corpus(tmp_path_factory.mktemp("browser") / "news.db")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scrapy", "browse", "--db", str(db), "-p", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: Datasette stops with it
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


class Browser:
    """Chromium on a worker thread of its own; `run(fn)` calls fn(page) there."""

    def __init__(self) -> None:
        self.thread = ThreadPoolExecutor(1)
        self.thread.submit(self._start).result()

    def _start(self) -> None:
        self.playwright = sync_api.sync_playwright().start()
        self.chromium = self.playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )

    def run(self, scenario):
        def in_a_new_page():
            page = self.chromium.new_page(viewport={"width": 1100, "height": 900})
            page.set_default_timeout(10_000)
            try:
                return scenario(page)
            finally:
                page.close()

        return self.thread.submit(in_a_new_page).result()

    def close(self) -> None:
        def stop():
            self.chromium.close()
            self.playwright.stop()

        self.thread.submit(stop).result()
        self.thread.shutdown()


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    chromium = Browser()
    yield chromium
    chromium.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_page_shows_the_corpus_and_a_search_box(server, browser):
    def scenario(page):
        page.goto(server + "/")
        shot(page, "home")
        return (
            page.locator("h1").inner_text(),
            page.locator("section.news-corpus h2").inner_text(),
            page.get_by_role("searchbox").is_visible(),
            page.get_by_role("link", name="Storm floods the quay").is_visible(),
        )

    assert browser.run(scenario) == (
        "News corpus",
        "news: 4 articles from 2 sources, newest 2024-05-03",
        True,
        True,
    )


def test_a_search_shows_matches_with_the_words_highlighted(server, browser):
    def scenario(page):
        page.goto(server + "/")
        page.get_by_role("searchbox").fill("harbour master")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/news/search?q=harbour+master")
        shot(page, "search")
        return (
            page.locator(".news-search a.headline").all_inner_texts(),
            page.locator(".news-search mark").all_inner_texts(),
        )

    headlines, marked = browser.run(scenario)
    assert headlines == ["Storm floods the quay"]
    assert marked == ["harbour", "master"]


def test_an_article_reads_like_an_article(server, browser):
    def scenario(page):
        page.goto(server + "/news/search?q=flooding")
        page.get_by_role("link", name="Storm floods the quay").click()
        page.wait_for_url("**/news/articles/*")
        shot(page, "article")
        return {
            "headline": page.locator("h1").inner_text(),
            "byline": page.locator(".byline").inner_text(),
            "paragraphs": page.locator(".news-article > .news-body > p").all_inner_texts(),
            "versions": page.locator("section.versions h2").inner_text(),
            "provenance": page.locator("section.provenance td").all_inner_texts(),
            "original": page.get_by_role("link", name="Read the original").get_attribute("href"),
        }

    seen = browser.run(scenario)
    assert seen["headline"] == "Storm floods the quay"
    assert seen["byline"] == "By Ann Lee"
    assert seen["paragraphs"] == [
        "The storm hit the coast overnight, flooding the quay.",
        "Ferries stayed in port until noon.",
        "The harbour master said repairs start Monday.",
    ]
    assert seen["versions"] == "Earlier versions (1)"
    assert seen["provenance"][:2] == ["authors", "byline"]
    assert seen["original"] == "https://harbour.example/2024/05/storm"


def test_html_stored_in_an_article_shows_as_text(server, browser):
    def scenario(page):
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(server + "/news/articles?source=harbour&_search=alert")
        page.locator(".news-list a.headline", has_text="alert(1)").click()
        page.wait_for_url("**/news/articles/*")
        shot(page, "escaped")
        return page.locator("h1").inner_text(), page.locator("h1 b").count(), dialogs

    headline, bold, dialogs = browser.run(scenario)
    assert headline == EVIL  # the markup is shown, not run or rendered
    assert (bold, dialogs) == (0, [])


def test_articles_can_be_faceted_by_author(server, browser):
    def scenario(page):
        page.goto(server + "/news/articles")
        page.get_by_role("link", name="Bo Chen").click()
        page.wait_for_url("**authors__arraycontains=Bo+Chen**")
        shot(page, "facets")
        return page.locator(".news-list a.headline").all_inner_texts()

    assert sorted(browser.run(scenario)) == ["Ferries back", "Ferry resumes"]


def test_the_chart_draws_articles_per_day_per_source(server, browser):
    def scenario(page):
        page.goto(server + "/news/articles_per_day")
        shot(page, "chart")
        bars = page.locator("svg rect.bar")
        return bars.count(), bars.first.is_visible(), page.locator(".news-legend").inner_text()

    count, visible, legend = browser.run(scenario)
    assert (count, visible) == (3, True)
    assert "harbour" in legend and "valley" in legend
