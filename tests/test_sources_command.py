"""`scrapy sources check` and `scrapy sources add`, run as a user runs them
(subprocesses) against news sites served on 127.0.0.1, and the pattern
inference they rest on."""

from __future__ import annotations

import re
import sqlite3
import tomllib
from pathlib import Path

import pytest
from badweb import BadWeb, article_html, rss, sources_toml, static
from hypothesis import given
from hypothesis import strategies as st
from test_commands import scrapy

from newsspider.probe import infer_pattern, navigation_links
from newsspider.sources import load_sources

#: article ids no URL heuristic takes for an article (no date, slug or long number)
IDS = ["k3x9q2", "m7b2zt", "q1w8ce", "r5t0yn", "a9s4df", "g6h3jk",
       "z2x7cv", "b8n1mq", "w4e6rt", "y0u3io", "p5l2ka", "d7f9gh"]  # fmt: skip
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0"]
PRIVATE = ["-s", "NEWS_ALLOW_PRIVATE=True"]
#: the pages of the site that are no article
NAVIGATION = ["/", "/news/", "/sport/", "/tag/harbour/", "/author/ann-lee/", "/news/page/2/"]


def links(paths: list[str]) -> str:
    return "".join(f'<li><a href="{p}">{p}</a></li>' for p in paths)


def listing_page(title: str, paths: list[str]) -> bytes:
    nav = links(["/", "/news/", "/sport/", "/tag/harbour/", "/author/ann-lee/"])
    return (f'<!DOCTYPE html><html lang="en-GB"><head><title>{title}</title>'
            '<link rel="alternate" type="application/rss+xml" title="News" href="/feed/news.xml">'
            f"</head><body><nav><ul>{nav}</ul></nav><h1>{title}</h1><ul>{links(paths)}</ul>"
            "</body></html>").encode()  # fmt: skip


def serve_news_site(web: BadWeb) -> list[str]:
    """A news site whose article URLs (/news/<id>) look like no article to
    the URL heuristic: a homepage linking sections, a tag, an author, the
    pagination and the latest articles; an RSS feed (named by a <link
    rel=alternate>) with the latest five; robots.txt naming a sitemap of all
    twelve. Returns the article URLs."""
    paths = [f"/news/{i}" for i in IDS]
    web.routes["/"] = static(listing_page("The Harbour Times", [*NAVIGATION[1:], *paths[:4]]))
    web.routes["/news/"] = static(listing_page("News", [*paths[:8], "/news/page/2/"]))
    web.routes["/news/page/2/"] = static(listing_page("News, page 2", paths[8:]))
    web.routes["/sport/"] = static(listing_page("Sport", []))
    web.routes["/tag/harbour/"] = static(listing_page("Tag: harbour", paths[:3]))
    web.routes["/author/ann-lee/"] = static(listing_page("Ann Lee", paths[3:6]))
    web.routes["/feed/news.xml"] = static(rss([web.url(p) for p in paths[:5]]), ctype="application/rss+xml")  # fmt: skip
    web.routes["/robots.txt"] = static(f"User-agent: *\nSitemap: {web.url('/sitemaps/all.xml')}\n".encode(), ctype="text/plain")  # fmt: skip
    locs = "".join(f"<url><loc>{web.url(p)}</loc></url>" for p in [*paths, "/news/", "/about/"])
    web.routes["/sitemaps/all.xml"] = static(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'.encode(),
        ctype="application/xml",
    )
    for n, path in enumerate(paths):
        web.routes[path] = static(article_html(f"Harbour story number {n}", seed=path).encode())
    return [web.url(p) for p in paths]


@pytest.fixture
def site():
    with BadWeb() as web:
        yield web, serve_news_site(web)


def table_of(stdout: str) -> dict:
    """The [[source]] table `sources add` printed (the check is in comments)."""
    return tomllib.loads(stdout)["source"][0]


# -- scrapy sources add -------------------------------------------------------------


def test_add_proposes_feed_sitemap_language_and_a_pattern(site, tmp_path):
    web, articles = site
    db = tmp_path / "news.db"
    result = scrapy("sources", "add", web.url("/"), "--name", "harbour", "-s", f"NEWS_DB={db}",
                    *PRIVATE, *FAST)  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = table_of(result.stdout)
    assert table["name"] == "harbour"
    assert table["homepage"] == web.url("/")
    assert table["feeds"] == [web.url("/feed/news.xml")]
    assert table["sitemaps"] == [web.url("/sitemaps/all.xml")]
    assert table["languages"] == ["en"]
    assert table["allowed_domains"] == ["127.0.0.1"]
    pattern = re.compile(table["article_pattern"])
    assert all(pattern.search(url) for url in articles)
    assert not [p for p in NAVIGATION if pattern.search(web.url(p))]
    # the check of the proposal, as comments: every article would be requested
    assert "# source harbour: 12 articles would be requested" in result.stdout
    assert f"#   feed {web.url('/feed/news.xml')}: 200, 5 entries" in result.stdout
    # and what its sample article yields, read the way a crawl reads it
    assert re.search(r"^#   sample \S+/news/\w+: plain \d+ words$", result.stdout, re.M)
    assert not db.exists()


def test_add_write_then_crawl_stores_every_article(site, tmp_path):
    web, articles = site
    sources = sources_toml(tmp_path / "sources.toml",
                           [{"name": "other", "homepage": "https://other.example/"}])  # fmt: skip
    before = sources.read_text()
    result = scrapy("sources", "add", web.url("/"), "--write", "--sources", str(sources),
                    "-s", f"NEWS_DB={tmp_path / 'none.db'}", *PRIVATE, *FAST)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sources.read_text().startswith(before)  # appended, not rewritten
    assert [s.name for s in load_sources(sources)] == ["other", "127-0-0-1"]
    db = tmp_path / "news.db"
    crawl = scrapy("crawl", "news", "-a", f"sources={sources}", "-a", "source=127-0-0-1",
                   "-s", f"NEWS_DB={db}", "-s", "NEWS_EXTRACT_WORKERS=0", *PRIVATE, *FAST)  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr
    with sqlite3.connect(db) as conn:
        stored = {url for (url,) in conn.execute("SELECT url FROM articles")}
    assert stored == set(articles)


def test_add_refuses_a_duplicate_name_and_leaves_the_file(site, tmp_path):
    web, _ = site
    sources = sources_toml(tmp_path / "sources.toml",
                           [{"name": "harbour", "homepage": "https://other.example/"}])  # fmt: skip
    before = sources.read_text()
    result = scrapy("sources", "add", web.url("/"), "--name", "harbour", "--write",
                    "--sources", str(sources), *PRIVATE, *FAST)  # fmt: skip
    assert result.returncode == 2
    assert "a source named 'harbour' exists already" in result.stderr
    assert sources.read_text() == before
    assert web.requests == []  # refused before fetching anything


def test_add_is_refused_a_private_address_and_names_the_setting(site):
    web, _ = site
    result = scrapy("sources", "add", web.url("/"), *FAST)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(f"error: cannot read {web.url('/')}: blocked:")
    assert "NEWS_ALLOW_PRIVATE=True" in lines[-1]
    assert web.requests == []


# -- scrapy sources check -----------------------------------------------------------


def check_sources(web: BadWeb, path: Path) -> Path:
    """Three sources of the site: good (feed and pattern), off (a copy of
    the feed, whose URLs are all off its pattern), broken (its feed is
    missing); the last two have a homepage without links. Each has listing URLs of its own: Scrapy fetches a URL once."""
    web.routes["/feed/copy.xml"] = web.routes["/feed/news.xml"]
    web.routes["/blank/"] = static(b"<html><body><p>Nothing here.</p></body></html>")
    home, sport = web.url("/"), web.url("/blank/")
    return sources_toml(path, [
        {"name": "good", "homepage": home, "feeds": [web.url("/feed/news.xml")],
         "article_pattern": r"/news/[a-z0-9]{6}$"},
        {"name": "off", "homepage": sport + "?for=off", "feeds": [web.url("/feed/copy.xml")],
         "article_pattern": r"/story/\d+$"},
        {"name": "broken", "homepage": sport + "?for=broken", "feeds": [web.url("/gone.xml")]},
    ])  # fmt: skip


def test_check_reports_listings_counts_and_samples(site, tmp_path):
    web, articles = site
    sources, db = check_sources(web, tmp_path / "sources.toml"), tmp_path / "news.db"
    result = scrapy("sources", "check", "good", "--sources", str(sources),
                    "-s", f"NEWS_DB={db}", *PRIVATE, *FAST)  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("source good: 12 articles would be requested\n")
    assert f"  feed {web.url('/feed/news.xml')}: 200, 5 entries" in out
    assert f"  urlset {web.url('/sitemaps/all.xml')}: 200, 14 entries" in out
    assert f"  section {web.url('/')}: 200, " in out
    assert "  not requested: " in out and "off article_pattern, e.g. " in out
    samples = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("  sample: ")]
    assert len(samples) == 3 and set(samples) <= set(articles)
    # one article is fetched, the first sample, and read the way the crawl reads it
    fetched = [p for p in web.requests if p.startswith("/news/") and p[6:] in IDS]
    assert [web.url(p) for p in fetched] == samples[:1]
    assert re.search(rf"^  sample {re.escape(samples[0])}: plain \d+ words$", out, re.M)
    assert not db.exists()


def test_check_exits_1_and_says_why_when_a_source_would_crawl_nothing(site, tmp_path):
    web, articles = site
    sources = check_sources(web, tmp_path / "sources.toml")
    result = scrapy("sources", "check", "--sources", str(sources),
                    "-s", f"NEWS_DB={tmp_path / 'news.db'}", *PRIVATE, *FAST)  # fmt: skip
    assert result.returncode == 1
    assert "source good: 12 articles would be requested" in result.stdout
    assert (f"source off: would crawl nothing: 5 feed entries, 0 requested: 5 off article_pattern, "
            f"e.g. {articles[0]}") in result.stdout  # fmt: skip
    gone = web.url("/gone.xml")
    assert (
        f"source broken: would crawl nothing: 1 listings failed, e.g. {gone}: http 404"
        in result.stdout
    )
    assert f"  feed {web.url('/gone.xml')}: http 404" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == (
        "error: 2 of 3 sources would crawl nothing: off, broken"
    )


def test_check_of_named_sources_reports_those_only(site, tmp_path):
    web, _ = site
    sources = check_sources(web, tmp_path / "sources.toml")
    result = scrapy("sources", "check", "off", "good", "--sources", str(sources),
                    "-s", f"NEWS_DB={tmp_path / 'news.db'}", *PRIVATE, *FAST)  # fmt: skip
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines() if line.startswith("source ")] \
        == ["source off", "source good"]  # fmt: skip
    assert (
        result.stderr.strip().splitlines()[-1] == "error: 1 of 2 sources would crawl nothing: off"
    )
    assert "/gone.xml" not in "".join(web.requests)


def test_check_reads_the_corpus_for_known_articles(site, tmp_path, db_path):
    web, _ = site
    sources = check_sources(web, tmp_path / "sources.toml")
    args = ["-a", f"sources={sources}", "-a", "source=good", "-s", f"NEWS_DB={db_path}"]
    crawl = scrapy("crawl", "news", *args, "-s", "NEWS_EXTRACT_WORKERS=0", *PRIVATE, *FAST)
    assert crawl.returncode == 0, crawl.stderr
    size = db_path.stat().st_size
    result = scrapy("sources", "check", "good", "--sources", str(sources),
                    "-s", f"NEWS_DB={db_path}", "-s", "NEWS_REFRESH_WITHIN=0", *PRIVATE, *FAST)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("source good: 0 articles would be requested, 12 stored and not due")  # fmt: skip
    assert db_path.stat().st_size == size


def test_check_refuses_a_bad_sources_file_or_an_unknown_name(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "x"\nhomepage = "ftp://nope"\n')
    result = scrapy("sources", "check", "-s", f"NEWS_SOURCES={bad}")  # the default of --sources
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: {bad}: source 'x': key 'homepage'")  # fmt: skip
    good = sources_toml(tmp_path / "s.toml", [{"name": "a", "homepage": "https://a.example/"}])
    result = scrapy("sources", "check", "nope", "--sources", str(good))
    assert result.returncode == 2
    assert "no source named 'nope'" in result.stderr


def test_check_without_the_setting_reports_the_refusal(site, tmp_path):
    web, _ = site
    sources = check_sources(web, tmp_path / "sources.toml")
    result = scrapy("sources", "check", "good", "--sources", str(sources), *FAST)
    assert result.returncode == 1
    assert "source good: would crawl nothing" in result.stdout
    assert f"  feed {web.url('/feed/news.xml')}: blocked: 127.0.0.1 resolves to a non-public address" in result.stdout  # fmt: skip
    assert "-s NEWS_ALLOW_PRIVATE=True" in result.stdout
    assert web.requests == []


# -- pattern inference --------------------------------------------------------------

BBC = ["https://www.bbc.com/news/articles/c0k8x2dq3o", "https://www.bbc.com/news/articles/cy4m7n1p2o",
       "https://www.bbc.com/news/articles/c9rw3vzx0e"]  # fmt: skip


@pytest.mark.parametrize(
    ("articles", "others", "matches", "misses"),
    [
        (BBC, ["https://www.bbc.com/news", "https://www.bbc.com/news/world"],
         ["https://www.bbc.com/news/articles/c5a8b7q2zz"],
         ["https://www.bbc.com/news/topics/c1", "https://www.bbc.com/news/articles/?page=2"]),
        (["https://a.example/world/2024/may/01/storm-hits-the-coast", "https://a.example/uk/2024/jun/12/vote-is-close-run"],
         ["https://a.example/world/", "https://a.example/tag/storm"],
         ["https://a.example/sport/2025/jan/03/a-new-season-begins"], ["https://a.example/world/all"]),
        (["https://a.example/news/storm.html", "https://a.example/news/vote.html"],
         ["https://a.example/news/", "https://a.example/news/page/2"],
         ["https://a.example/sport/ferry.html"], ["https://a.example/news/archive/"]),
        (["https://a.example/story/123456", "https://a.example/story/234567"],
         ["https://a.example/story/", "https://a.example/tag/x"],
         ["https://a.example/story/99999"], ["https://a.example/about"]),
        (["https://a.example/article.php?id=12", "https://a.example/article.php?id=345"],
         ["https://a.example/index.php?section=world"],
         ["https://a.example/article.php?id=6789"], ["https://a.example/list.php?id=1"]),
    ],
    ids=["bbc-ids", "dated-slugs", "html-suffix", "numeric-ids", "query-ids"],
)  # fmt: skip
def test_infer_pattern_matches_articles_not_navigation(articles, others, matches, misses):
    pattern = re.compile(infer_pattern(articles, others))
    assert all(pattern.search(u) for u in [*articles, *matches])
    assert not [u for u in [*others, *misses] if pattern.search(u)]


def test_infer_pattern_proposes_none_when_nothing_separates():
    articles = ["https://a.example/storm", "https://a.example/vote"]
    assert infer_pattern(articles, ["https://a.example/local"]) is None
    assert infer_pattern(articles[:1]) is None  # one example is no structure


def test_navigation_links_are_sections_tags_and_authors():
    articles = ["https://a.example/news/k3x9q2", "https://a.example/news/m7b2zt"]
    homepage = ["https://a.example/", "https://a.example/news/", "https://a.example/news/k3x9q2",
                "https://a.example/tag/x/", "https://a.example/author/ann/", "https://a.example/news/q1w8ce"]  # fmt: skip
    assert navigation_links(homepage, articles) == [
        "https://a.example/", "https://a.example/news/", "https://a.example/tag/x/",
        "https://a.example/author/ann/"]  # fmt: skip


SEGMENT = st.text("abcxyz0123456789-", min_size=1, max_size=8)
PATH = st.lists(SEGMENT, min_size=1, max_size=4).map(lambda s: "https://a.example/" + "/".join(s))


@given(st.lists(PATH, min_size=2, max_size=8), st.lists(PATH, max_size=8))
def test_an_inferred_pattern_matches_every_article_and_no_other(articles, others):
    pattern = infer_pattern(articles, [o for o in others if o not in articles])
    if pattern is not None:
        regex = re.compile(pattern)
        assert all(regex.search(u) for u in articles)
        assert not [o for o in others if o not in articles and regex.search(o)]


def test_add_on_a_bundled_demo_site_crawls_all_its_articles(demo, tmp_path):
    """The same on the demo's harbour-times: a WordPress-like site whose
    sitemap index robots.txt names."""
    base = demo.base_urls["harbour-times"]
    sources = tmp_path / "sources.toml"
    result = scrapy("sources", "add", base, "--name", "ht", "--write", "--sources", str(sources),
                    "-s", f"NEWS_DB={tmp_path / 'none.db'}", *PRIVATE, *FAST)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert table_of(sources.read_text())["sitemaps"] == [base + "sitemap_index.xml"]
    db = tmp_path / "news.db"
    crawl = scrapy("crawl", "news", "-a", f"sources={sources}", "-s", f"NEWS_DB={db}",
                   "-s", "NEWS_EXTRACT_WORKERS=0", *PRIVATE, *FAST)  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr
    with sqlite3.connect(db) as conn:
        stored = {url for (url,) in conn.execute("SELECT url FROM articles")}
    assert stored == {a.url for a in demo.expected.articles if a.site == "harbour-times"}


def test_add_tries_common_feed_and_sitemap_paths(tmp_path):
    """A site that names neither its feed nor its sitemap: /rss.xml and
    /sitemap.xml are found; /feed answers with an HTML page, no feed."""
    with BadWeb() as web:
        paths = [f"/2024/05/0{n}/story-{n}.html" for n in range(1, 5)]
        web.routes["/"] = static(f"<html><body>{links(paths)}</body></html>".encode())
        web.routes["/feed"] = static(b"<html><body>Our feeds</body></html>")
        web.routes["/rss.xml"] = static(rss([web.url(p) for p in paths[:2]]), ctype="application/rss+xml")  # fmt: skip
        web.routes["/robots.txt"] = static(b"User-agent: *\nDisallow:\n", ctype="text/plain")
        locs = "".join(f"<url><loc>{web.url(p)}</loc></url>" for p in paths)
        web.routes["/sitemap.xml"] = static(f"<urlset>{locs}</urlset>".encode(), ctype="application/xml")  # fmt: skip
        for path in paths:
            web.routes[path] = static(article_html(path, seed=path).encode())
        result = scrapy("sources", "add", web.url("/"), "-s", f"NEWS_DB={tmp_path / 'n.db'}",
                        *PRIVATE, *FAST)  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = table_of(result.stdout)
    assert table["name"] == "127-0-0-1"
    assert table["feeds"] == [web.url("/rss.xml")]
    assert table["sitemaps"] == [web.url("/sitemap.xml")]
    assert "languages" not in table  # the page says none
    assert "# source 127-0-0-1: 4 articles would be requested" in result.stdout


def test_add_writes_nothing_when_the_proposal_would_crawl_nothing(tmp_path):
    sources = sources_toml(tmp_path / "sources.toml", [{"name": "a", "homepage": "https://a.example/"}])  # fmt: skip
    before = sources.read_text()
    with BadWeb() as web:
        web.routes["/"] = static(b"<html lang='fr'><body><p>Bient\xc3\xb4t.</p></body></html>")
        web.routes["/robots.txt"] = static(b"User-agent: *\nDisallow:\n", ctype="text/plain")
        result = scrapy("sources", "add", web.url("/"), "--name", "soon", "--write",
                        "--sources", str(sources), *PRIVATE, *FAST)  # fmt: skip
    assert result.returncode == 1
    assert "# source soon: would crawl nothing: its listings gave no article URL" in result.stdout
    assert table_of(result.stdout)["languages"] == ["fr"]
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: the proposed source would crawl nothing: {web.url('/')}; not written"
    )
    assert sources.read_text() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [(["add", "ftp://a.example/"], "error: not an http(s) URL: 'ftp://a.example/'"),
     (["add", "https://a.example/", "--name", "Big News"], "error: not a lower-case name like 'harbour-times': 'Big News'")],
)  # fmt: skip
def test_add_refuses_a_bad_url_or_name(args, message):
    result = scrapy("sources", *args)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == message
