"""Sources that need a browser (newsspider/render.py): a local news site on
127.0.0.1 whose article pages are written by an inline script, crawled with
``render = "browser"`` through Debian's Chromium, and without it.

The browser tests skip where Chromium or scrapy-playwright is missing (never
`playwright install`: the system browser is used); CI installs both.
"""

from __future__ import annotations

import json
import os
import re
from importlib.util import find_spec
from pathlib import Path

import pytest
import pytest_twisted
from badweb import HTML, BadWeb, article_html, paragraphs, redirect, rss, static
from scrapy.settings import Settings
from test_commands import scrapy

from newsspider.demo.catalog import RENDERED
from newsspider.demo.sites import serve_demo
from newsspider.render import BrowserMissing, browser_missing, require_browser
from newsspider.sources import SourcesError, load_sources_text

CHROMIUM = Path(os.environ.get("NEWS_CHROMIUM", "/usr/bin/chromium"))
needs_browser = pytest.mark.skipif(
    not CHROMIUM.exists() or find_spec("scrapy_playwright") is None,
    reason=f"no Chromium at {CHROMIUM} or no scrapy-playwright: apt-get install chromium; "
    "pip install -e '.[test]'",
)
TITLES = {"/news/harbour": "Harbour wall repaired", "/news/ferry": "Ferry timetable changes"}


def js_article(title: str, author: str = "Ann Lee", extra: str = "") -> bytes:
    """An app shell: an empty mount point and a script that writes the whole
    article (title, byline, date, paragraphs) once the page runs."""
    article = {"title": title, "author": author, "date": "2024-05-01T10:00:00Z",
               "paragraphs": paragraphs(title)}  # fmt: skip
    script = (
        "const a = JSON.parse(document.getElementById('data').textContent);"
        "document.title = a.title;"
        "document.getElementById('root').innerHTML = '<article><h1>' + a.title + '</h1>'"
        ' + \'<p class="byline">By <a rel="author" href="/authors/x">\' + a.author + \'</a></p>\''
        " + '<time datetime=\"' + a.date + '\">1 May 2024</time>'"
        " + a.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article>';"
    )
    # the data travels base64-encoded: an app's state, not readable text in the HTML
    encoded = json.dumps(article).encode().hex()
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Loading</title></head><body>"
        f"<div id='root'></div><script type='text/plain' id='hex'>{encoded}</script>"
        "<script id='data' type='application/json'></script>"
        "<script>const h = document.getElementById('hex').textContent;"
        "document.getElementById('data').textContent = new TextDecoder().decode("
        "new Uint8Array(h.match(/../g).map(b => parseInt(b, 16))));"
        f"{script}</script>{extra}</body></html>"
    ).encode()


def site(web: BadWeb, pages: dict[str, bytes]) -> None:
    web.routes["/feed.xml"] = static(rss([web.url(p) for p in pages]), ctype="application/rss+xml")
    for path, body in pages.items():
        web.routes[path] = static(body, ctype=HTML)


def sources(tmp_path: Path, web: BadWeb, render: str = "browser", name: str = "jsnews") -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[[source]]\nname = "{name}"\nhomepage = "{web.url("/")}"\nfeeds = ["{web.url("/feed.xml")}"]\n'
        f'render = "{render}"\n',
        encoding="utf-8",
    )
    return path


@needs_browser
@pytest_twisted.ensureDeferred
async def test_a_script_written_article_is_stored_when_rendered(tmp_path, crawl, rows):
    with BadWeb() as web:
        site(web, {path: js_article(title) for path, title in TITLES.items()})
        stats = await crawl(sources(tmp_path, web))
    stored = rows("SELECT url, title, authors, published_utc, body, provenance FROM articles")
    assert sorted(r["title"] for r in stored) == sorted(TITLES.values()), rows(
        "SELECT * FROM rejects"
    )
    for row in stored:
        title = TITLES["/news/" + row["url"].rsplit("/", 1)[1]]
        assert json.loads(row["authors"]) == ["Ann Lee"]
        assert row["published_utc"].startswith("2024-05-01T10:00:00")
        assert row["body"].split("\n\n")[0] == paragraphs(title)[0]
        assert json.loads(row["provenance"])["html"] == "rendered:browser"
    hints = rows("SELECT hints FROM pages")
    assert [json.loads(h["hints"])["render"] for h in hints] == ["browser", "browser"]
    assert stats["playwright/page_count"] == 2
    assert stats.get("playwright/context_count/max_concurrent", 0) <= 2


@pytest_twisted.ensureDeferred
async def test_without_rendering_it_is_rejected_with_the_hint(tmp_path, crawl, rows):
    with BadWeb() as web:
        site(web, {path: js_article(title) for path, title in TITLES.items()})
        stats = await crawl(sources(tmp_path, web, render="none"))
    assert rows("SELECT count(*) AS n FROM articles") == [{"n": 0}]
    reasons = [r["reason"] for r in rows("SELECT reason FROM rejects")]
    assert reasons == ['needs a browser: set render = "browser" for source jsnews'] * 2
    assert "playwright/page_count" not in stats


def js_section(links: list[str]) -> bytes:
    """A section page whose links a script writes."""
    items = "".join(f"<li><a href='{u}'>story</a></li>" for u in links)
    return (
        "<!DOCTYPE html><html><head><title>Local news</title></head><body><div id='app'></div>"
        f"<script>document.getElementById('app').innerHTML = \"<ul>{items}</ul>\";</script>"
        "</body></html>"
    ).encode()


@needs_browser
@pytest_twisted.ensureDeferred
async def test_rendered_sections_beside_a_plain_source_in_one_crawl(tmp_path, crawl, rows):
    with BadWeb() as web, BadWeb() as plain:
        site(web, {path: js_article(title) for path, title in TITLES.items()})
        web.routes["/"] = static(js_section([web.url(p) for p in TITLES]), ctype=HTML)
        site(plain, {"/news/static": article_html("A static page").encode()})
        path = tmp_path / "sources.toml"
        path.write_text(
            f'[[source]]\nname = "shell"\nhomepage = "{web.url("/")}"\narticle_pattern = "/news/"\n'
            'render = "browser"\nrender_listings = true\n'
            f'[[source]]\nname = "plain"\nhomepage = "{plain.url("/")}"\n'
            f'feeds = ["{plain.url("/feed.xml")}"]\n',
            encoding="utf-8",
        )
        stats = await crawl(path)
    stored = rows("SELECT source, title FROM articles ORDER BY title")
    assert [(r["source"], r["title"]) for r in stored] == [
        ("plain", "A static page"), ("shell", "Ferry timetable changes"),
        ("shell", "Harbour wall repaired"),
    ]  # fmt: skip
    assert stats["playwright/page_count"] == 3  # the section page and its two articles
    hints = {r["url"]: json.loads(r["hints"]) for r in rows("SELECT url, hints FROM pages")}
    assert "render" not in hints[plain.url("/news/static")]


def evil_page(web: BadWeb, evil: BadWeb) -> bytes:
    """An article that reaches for another loopback port every way a page can."""
    web.routes["/hop.js"] = redirect(evil.url("/redirected.js"))
    reach = (
        f"<img src='{evil.url('/img.png')}'><iframe src='{evil.url('/frame')}'></iframe>"
        f"<link rel='stylesheet' href='{evil.url('/style.css')}'>"
        "<script src='/hop.js'></script>"
        f"<script>fetch('{evil.url('/fetch')}').catch(() => 0);"
        f"new WebSocket('{evil.url('/socket').replace('http', 'ws')}');</script>"
    )
    return js_article("Council meets", extra=reach)


@needs_browser
@pytest_twisted.ensureDeferred
async def test_the_browser_cannot_reach_another_loopback_port(tmp_path, crawl, rows):
    with BadWeb() as web, BadWeb() as evil:
        site(web, {"/news/council": evil_page(web, evil), "/news/moved": b""})
        web.routes["/news/moved"] = redirect(evil.url("/news/elsewhere"))
        stats = await crawl(sources(tmp_path, web), NEWS_ALLOW_PRIVATE=False,
                            NEWS_ALLOW_HOSTS=[web.netloc])  # fmt: skip
        assert evil.requests == []
    assert [r["title"] for r in rows("SELECT title FROM articles")] == ["Council meets"]
    (reject,) = rows("SELECT url, reason FROM rejects")
    assert reject["url"].endswith("/news/moved")
    assert reject["reason"].startswith(f"blocked: browser request to {evil.url('/news/elsewhere')}")
    # img, iframe, stylesheet, script redirect, fetch, web socket, and the page's own redirect
    assert stats["news/render/blocked"] == 7
    (ledger,) = rows("SELECT count FROM discovery WHERE outcome = 'render_blocked'")
    assert ledger["count"] == 7


@needs_browser
@pytest_twisted.ensureDeferred
async def test_a_page_that_never_settles_hits_the_time_limit(tmp_path, crawl, rows, caplog):
    busy = js_article("Busy page", extra="<script>setInterval(() => fetch('/ping'), 100)</script>")
    with BadWeb() as web:
        site(web, {"/news/busy": busy})
        web.routes["/ping"] = static(b"{}", ctype="application/json")
        await crawl(sources(tmp_path, web), NEWS_RENDER_TIMEOUT=2)
    assert rows("SELECT count(*) AS n FROM articles") == [{"n": 0}]
    (reject,) = rows("SELECT reason FROM rejects")
    assert reject["reason"] == (
        f"fetch failed: timeout: rendering {web.url('/news/busy')} took longer than 2 s "
        "(NEWS_RENDER_TIMEOUT)"
    )
    assert (
        "Traceback" not in caplog.text
    )  # the reject says it; scrapy-playwright's warning is dropped


SOURCES = """
[[source]]
name = "plain"
homepage = "http://127.0.0.1:9/"
[[source]]
name = "shell"
homepage = "http://127.0.0.1:9/"
render = "browser"
"""


def test_no_chromium_refuses_a_rendered_source_in_one_line(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(SOURCES, encoding="utf-8")
    db = tmp_path / "n.db"
    result = scrapy("crawl", "news", "-a", f"sources={path}", "-s", f"NEWS_DB={db}",
                    "-s", "NEWS_CHROMIUM=/nonexistent/chromium")  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "error: source 'shell' has render = \"browser\" but there is no Chromium at "
        "/nonexistent/chromium: install it with 'apt-get install chromium' (or set "
        "NEWS_CHROMIUM), or leave the source out with -a source=NAME"
    )
    assert not db.exists()


def test_no_chromium_leaves_the_plain_sources_alone():
    plain, shell = load_sources_text(SOURCES)
    settings = Settings({"NEWS_CHROMIUM": "/nonexistent/chromium"})
    require_browser([plain], settings)  # no error: -a source=plain excludes the rendered one
    with pytest.raises(BrowserMissing):
        require_browser([plain, shell], settings)
    # listings only (scrapy sources check): the shell's section pages are not rendered
    settings.set("NEWS_DISCOVER_ONLY", True)
    require_browser([plain, shell], settings)


@pytest_twisted.ensureDeferred
async def test_a_plain_source_crawls_with_no_chromium_when_the_other_is_left_out(
    tmp_path, crawl, rows
):
    with BadWeb() as web:
        site(web, {"/news/plain": js_article("Plain")})
        path = sources(tmp_path, web, render="none", name="plain")
        shell = '[[source]]\nname = "shell"\nhomepage = "http://127.0.0.1:9/"\nrender = "browser"\n'
        path.write_text(path.read_text() + shell, encoding="utf-8")
        stats = await crawl(path, {"source": "plain"}, NEWS_CHROMIUM="/nonexistent/chromium")
    assert stats["news/discover/plain/feed"] == 1


def test_the_render_keys_are_checked_with_the_others():
    text = (
        '[[source]]\nname = "a"\nhomepage = "http://a.example/"\nrender = "chrome"\n'
        '[[source]]\nname = "b"\nhomepage = "http://b.example/"\nrender_listings = true\n'
    )
    with pytest.raises(SourcesError) as caught:
        load_sources_text(text, "s.toml")
    assert caught.value.lines == [
        "s.toml: source 'a': key 'render': must be one of 'none', 'browser'",
        "s.toml: source 'b': key 'render_listings': needs render = \"browser\"",
    ]


@needs_browser
@pytest_twisted.ensureDeferred
async def test_the_demo_app_site_is_stored_whole_when_rendered(tmp_path, crawl, rows):
    with serve_demo(tmp_path / "site", render=True) as demo:
        await crawl(demo.sources_path, {"source": RENDERED})
    stored = {r["url"]: r for r in rows("SELECT * FROM articles")}
    expected = [a for a in demo.expected.articles if a.site == RENDERED]
    assert sorted(stored) == sorted(a.url for a in expected), rows("SELECT * FROM rejects")
    for article in expected:
        row = stored[article.url]
        assert (row["title"], json.loads(row["authors"])) == (article.title, list(article.authors))
        assert row["published"] == article.published
        assert all(s in row["body"] for s in article.must_contain)
        assert not any(s in row["body"] for s in article.must_not_contain)


def test_browser_missing_says_what_to_install():
    assert browser_missing(Settings({"NEWS_CHROMIUM": "/nonexistent/chromium"})) == (
        "no Chromium at /nonexistent/chromium: install it with 'apt-get install chromium' "
        "(or set NEWS_CHROMIUM)"
    )


def check_js_site(tmp_path: Path, *settings: str) -> tuple[list[str], BadWeb, BadWeb]:
    """`scrapy sources check` over a JS-only site (render off) and a plain one;
    the sample lines it prints."""
    with BadWeb() as web, BadWeb() as plain:
        site(web, {path: js_article(title) for path, title in TITLES.items()})
        site(plain, {"/news/static": article_html("A static page").encode()})
        path = sources(tmp_path, web, render="none")
        path.write_text(
            path.read_text() + f'[[source]]\nname = "plain"\nhomepage = "{plain.url("/")}"\n'
            f'feeds = ["{plain.url("/feed.xml")}"]\n',
            encoding="utf-8",
        )
        result = scrapy("sources", "check", "--sources", str(path), "-s", "NEWS_ALLOW_PRIVATE=True",
                        *(x for s in settings for x in ("-s", s)))  # fmt: skip
    assert result.returncode == 0, result.stderr
    return [line.strip() for line in result.stdout.splitlines() if line.startswith("  sample ")], web, plain  # fmt: skip


@needs_browser
def test_sources_check_says_a_sample_needs_rendering(tmp_path):
    lines, web, plain = check_js_site(tmp_path)
    shell, static_page = lines
    assert re.fullmatch(
        rf"sample {re.escape(web.url('/news/'))}\w+: plain 0 words \(looks like an app shell\), "
        r'rendered \d+ words -> set render = "browser"',
        shell,
    ), shell
    assert int(shell.split("rendered ")[1].split()[0]) >= 60
    assert static_page.startswith(f"sample {plain.url('/news/static')}: plain ")
    assert "render" not in static_page


def test_sources_check_says_why_rendering_was_not_tried(tmp_path):
    lines, web, _ = check_js_site(tmp_path, "NEWS_CHROMIUM=/nonexistent/chromium")
    assert lines[0].startswith(f"sample {web.url('/news/')}")
    assert lines[0].endswith(
        ": plain 0 words (looks like an app shell); rendering not tried: no Chromium at "
        "/nonexistent/chromium: install it with 'apt-get install chromium' (or set NEWS_CHROMIUM)"
    )
    assert re.fullmatch(r"sample \S+/news/static: plain \d+ words", lines[1])
