"""The bundled demo sites and their static server (offline, 127.0.0.1 only)."""

from __future__ import annotations

import html
import re
import tomllib
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from newsspider.demo import articles
from newsspider.demo.build import build_site, disallowed_urls, sources_toml
from newsspider.demo.catalog import OFFSETS, RENDERED, SEED_TITLE, SITES
from newsspider.demo.model import Expected
from newsspider.demo.server import SiteServer
from newsspider.sources import load_sources_text

MARKERS = (
    "Type to Search",
    "Trending",
    "Related News",
    "Recent News",
    "Share this article",
    "Read more:",
    "Photo:",
    "also read",
    "Picture of",
)
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with _OPENER.open(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, dict[str, str], Expected]:
    base_urls = {name: f"http://127.0.0.1:{8001 + i}/" for i, name in enumerate(SITES)}
    return tmp_path, base_urls, build_site(tmp_path, base_urls)


@pytest.fixture
def served(tmp_path: Path):
    """The three sites, each served by its own SiteServer."""
    servers = {name: SiteServer() for name in SITES}
    expected = build_site(tmp_path, {name: s.base_url for name, s in servers.items()})
    for name, server in servers.items():
        server.root = tmp_path / name
    yield servers, expected
    for server in servers.values():
        server.close()


def local_file(root: Path, base_urls: dict[str, str], site: str, url: str) -> Path:
    path = root / site / url.removeprefix(base_urls[site])
    return path / "index.html" if url.endswith("/") else path


def page_text(root: Path, base_urls: dict[str, str], site: str, url: str) -> str:
    return html.unescape(local_file(root, base_urls, site, url).read_text(encoding="utf-8"))


def discovery_links(root: Path, base_urls: dict[str, str], expected: Expected) -> Counter[str]:
    """How many feeds, sitemaps and listing pages link to each URL."""
    pages = {a.url for a in expected.articles} | {r.url for r in expected.rejects}
    counts: Counter[str] = Counter()
    for site in SITES:
        for path in (root / site).rglob("*"):
            rel = path.relative_to(root / site).as_posix()
            url = base_urls[site] + rel.removesuffix("index.html")
            listing = path.name in ("index.html", "page2.html") and url not in pages
            if path.suffix in (".xml", ".atom") or listing:
                text = path.read_text(encoding="utf-8")
                links = re.findall(r'href="([^"]+)"|<loc>([^<]+)</loc>|<link>([^<]+)</link>', text)
                counts.update(
                    {urldefrag(urljoin(url, html.unescape("".join(m))))[0] for m in links}
                )
    return counts


def test_build_site_writes_at_least_33_articles(built):
    root, base_urls, expected = built
    assert len(expected.articles) >= 33
    assert all(local_file(root, base_urls, a.site, a.url).is_file() for a in expected.articles)


@pytest.mark.parametrize("site", SITES)
def test_every_site_has_ten_articles_with_distinct_urls(built, site):
    urls = [a.url for a in built[2].articles if a.site == site]
    assert len(urls) >= 10
    assert len(set(urls)) == len(urls)


def test_rejects_cover_every_reason(built):
    rejects = built[2].rejects
    assert len(rejects) >= 4
    assert {r.why for r in rejects} == {"not-found", "not-html", "not-article"}


def test_build_site_refuses_base_urls_without_trailing_slash(tmp_path):
    with pytest.raises(ValueError, match="end with"):
        build_site(tmp_path, {name: "http://127.0.0.1:9" for name in SITES})


@pytest.mark.parametrize("site", SITES)
def test_article_pages_are_served_with_title_and_body(served, site):
    expected = served[1]
    for article in (a for a in expected.articles if a.site == site):
        status, content_type, body = fetch(article.url)
        text = html.unescape(body.decode("utf-8"))
        assert (status, content_type) == (200, "text/html; charset=utf-8"), article.url
        assert article.title in text
        assert all(sentence in text for sentence in article.must_contain), article.url


def test_boilerplate_to_strip_is_on_every_page(built):
    root, base_urls, expected = built
    for article in expected.articles:
        text = page_text(root, base_urls, article.site, article.url)
        assert [s for s in article.must_not_contain if s not in text] == [], article.url


def test_must_contain_and_must_not_contain_do_not_overlap(built):
    for article in built[2].articles:
        assert 1 <= len(article.must_contain) <= 3
        assert not any(
            bad in good for good in article.must_contain for bad in article.must_not_contain
        )


@pytest.mark.parametrize(
    "site_articles",
    [articles.HARBOUR_TIMES, articles.VALLEY_GAZETTE, articles.METRO_WIRE, articles.ESTUARY_LIVE],
)
def test_article_texts_are_real_bodies_without_boilerplate(site_articles):
    for entry in site_articles:
        text = " ".join(entry["paragraphs"])
        assert 4 <= len(entry["paragraphs"]) <= 8, entry["slug"]
        assert len(text.split()) >= 150, entry["slug"]
        assert [m for m in MARKERS if m in text] == [], entry["slug"]


@pytest.mark.parametrize(
    ("why", "status", "content_type"),
    [
        ("not-found", 404, None),
        ("not-html", 200, "application/pdf"),
        ("not-article", 200, "text/html; charset=utf-8"),
    ],
)
def test_reject_urls_answer_as_expected(served, why, status, content_type):
    rejects = [r for r in served[1].rejects if r.why == why]
    assert rejects
    for reject in rejects:
        got_status, got_type, body = fetch(reject.url)
        assert got_status == status, reject.url
        if content_type:
            assert got_type == content_type
        if why == "not-html":
            assert body.startswith(b"%PDF-1.4")


def test_not_article_pages_have_little_prose(built):
    root, base_urls, expected = built
    prose = re.compile(r"<(?:p|figcaption)>([^<]*)</")
    for reject in (r for r in expected.rejects if r.why == "not-article"):
        chrome = set(prose.findall(page_text(root, base_urls, reject.site, base_urls[reject.site])))
        own = [
            p
            for p in prose.findall(page_text(root, base_urls, reject.site, reject.url))
            if p not in chrome
        ]
        assert sum(len(p.split()) for p in own) < 40, reject.url


def test_sources_toml_is_a_valid_sources_file_of_three_sources(built):
    sources = load_sources_text(sources_toml(built[1]), "demo sources.toml")
    assert [s.name for s in sources] == list(SITES)


def test_article_patterns_match_every_article_and_reject(built):
    _, base_urls, expected = built
    patterns = {
        s["name"]: re.compile(s["article_pattern"])
        for s in tomllib.loads(sources_toml(base_urls))["source"]
    }
    for page in (*expected.articles, *expected.rejects):
        assert patterns[page.site].search(urlsplit(page.url).path), page.url


def test_every_article_is_discoverable(built):
    links = discovery_links(*built)
    assert [a.url for a in built[2].articles if links[a.url] == 0] == []


def test_many_articles_are_discoverable_twice(built):
    links = discovery_links(*built)
    assert sum(links[a.url] >= 2 for a in built[2].articles) >= 10


def test_every_reject_is_discoverable(built):
    links = discovery_links(*built)
    assert [r.url for r in built[2].rejects if links[r.url] == 0] == []


@pytest.mark.parametrize(
    "name", ["rss.xml", "sitemap_index.xml", "sitemap-news.xml", "sitemap-pages.xml"]
)
def test_harbour_times_discovery_files_are_well_formed(built, name):
    ET.parse(built[0] / "harbour-times" / name)


@pytest.mark.parametrize("name", ["feed.atom", "sitemap.xml"])
def test_valley_gazette_discovery_files_are_well_formed(built, name):
    ET.parse(built[0] / "valley-gazette" / name)


def test_harbour_times_robots_names_the_sitemap_index(built):
    root, base_urls, _ = built
    robots = (root / "harbour-times" / "robots.txt").read_text()
    assert f"Sitemap: {base_urls['harbour-times']}sitemap_index.xml" in robots


def test_disallowed_page_exists_is_linked_and_is_never_expected(built):
    root, base_urls, expected = built
    (url,) = disallowed_urls(base_urls)
    assert "Disallow: /private/" in (root / "valley-gazette" / "robots.txt").read_text()
    assert local_file(root, base_urls, "valley-gazette", url).is_file()
    assert discovery_links(*built)[url] >= 1
    assert url not in {p.url for p in (*expected.articles, *expected.rejects)}


def test_published_dates_use_the_site_offset_and_precede_nov_26(built):
    for article in built[2].articles:
        if "T" in article.published:
            moment = datetime.fromisoformat(article.published)
            assert article.published.endswith(OFFSETS[article.site])
            assert moment.date() < date(2026, 11, 26)
        else:
            assert date.fromisoformat(article.published) < date(2026, 11, 26)


def test_seed_page_is_present_as_specified(built):
    root, base_urls, expected = built
    (seed,) = [a for a in expected.articles if a.title == SEED_TITLE]
    text = page_text(root, base_urls, seed.site, seed.url)
    assert seed.authors == ("Ubaid",)
    assert 'alt="Picture of Ubaid"' in text
    assert "In other related news also read" in text
    assert seed.must_not_contain == (
        "Picture of Ubaid",
        "In other related news also read",
        "Related News",
        "Trending",
        "Recent News",
        "Type to Search",
    )


def test_the_rendered_site_is_an_app_shell_with_render_browser_in_its_source(tmp_path):
    base_urls = {name: f"http://127.0.0.1:{8001 + i}/" for i, name in enumerate((*SITES, RENDERED))}
    expected = build_site(tmp_path, base_urls)
    app = [a for a in expected.articles if a.site == RENDERED]
    assert len(app) == 3 and len(expected.articles) == len(app) + 34
    for article in app:
        text = page_text(tmp_path, base_urls, RENDERED, article.url)
        assert '<div id="root">' in text and "<script>" in text
        assert not any(sentence in text for sentence in article.must_contain), article.url
    (source,) = [
        s for s in tomllib.loads(sources_toml(base_urls))["source"] if s["name"] == RENDERED
    ]
    assert source["render"] == "browser"
    assert source["feeds"] == [base_urls[RENDERED] + "rss.xml"]


def test_sites_are_deterministic(tmp_path, built):
    assert build_site(tmp_path / "again", built[1]) == built[2]


# -- SiteServer ---------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path):
    for name, content in {
        "index.html": "<p>home</p>",
        "a/index.html": "<p>a</p>",
        "robots.txt": "User-agent: *",
        "f.xml": "<x/>",
        "f.rss": "<rss/>",
        "f.atom": "<feed/>",
        "f.pdf": "%PDF-1.4",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    (tmp_path / "empty").mkdir()
    with SiteServer(tmp_path) as running:
        yield running


def test_server_base_url_is_known_at_once():
    with SiteServer() as server:
        assert server.base_url == f"http://127.0.0.1:{server.port}/"
        assert server.port > 0


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("f.xml", "application/xml"),
        ("f.rss", "application/rss+xml"),
        ("f.atom", "application/atom+xml"),
        ("index.html", "text/html; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("f.pdf", "application/pdf"),
    ],
)
def test_server_content_types(server, path, content_type):
    assert fetch(server.url(path))[:2] == (200, content_type)


def test_server_serves_index_html_for_directories(server):
    assert fetch(server.url("a/"))[2] == b"<p>a</p>"


@pytest.mark.parametrize("path", ["missing.html", "empty/"])
def test_server_answers_404_for_missing_files_and_listings(server, path):
    assert fetch(server.url(path))[0] == 404


def test_server_records_request_paths(server):
    fetch(server.url("f.xml"))
    fetch(server.url("missing.html?x=1"))
    assert server.requests == ["/f.xml", "/missing.html?x=1"]


def test_server_routes_override_files(server):
    server.routes["/index.html"] = (500, {"Content-Type": "text/plain"}, b"boom")
    assert fetch(server.url("index.html")) == (500, "text/plain", b"boom")


def test_server_root_can_be_set_after_start(tmp_path):
    (tmp_path / "late.html").write_text("late")
    with SiteServer() as server:
        assert fetch(server.url("late.html"))[0] == 404
        server.root = tmp_path
        assert fetch(server.url("late.html"))[:2] == (200, "text/html; charset=utf-8")


def test_server_close_is_idempotent():
    server = SiteServer()
    server.close()
    server.close()
