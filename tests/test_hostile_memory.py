"""Peak memory of a crawl through the worst of the bad web (compression
bombs, 20 MB pages, a page just under DOWNLOAD_MAXSIZE, a gzip-bombed
sitemap, 10,000-level nesting), measured as the maximum resident set size
of a real `scrapy crawl` process with extraction in that same process
(NEWS_EXTRACT_WORKERS=0), so nothing escapes the measurement."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from badweb import BadWeb, article_html, bomb, rss, sources_toml, static, streamed

ROOT = Path(__file__).resolve().parents[1]
#: the bound; a Scrapy process starts at about 150 MB here
MAX_RSS_MB = 400
MiB = 1 << 20
#: runs `argv` as a child and prints the child's peak RSS in KiB (Linux)
PROBE = (
    "import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)"
)


def worst_routes(web: BadWeb) -> dict:
    long_paragraph = (
        "<p>" + "The harbour council met again to talk about the budget. " * 40 + "</p>"
    )
    big_article = article_html("Just under the limit", body_extra=long_paragraph * (14 * MiB // len(long_paragraph)))  # fmt: skip
    return {
        "/a/gzip-bomb.html": static(bomb(), headers={"Content-Encoding": "gzip"}),
        "/a/deflate-bomb.html": static(bomb(wbits=15), headers={"Content-Encoding": "deflate"}),
        "/a/page-20mb.html": static(b"<p>x</p>" * (20 * MiB // 8)),
        "/a/page-20mb-streamed.html": streamed(20 * MiB),
        "/a/page-14mb.html": static(big_article.encode()),
        "/a/deep.html": static(
            ("<div>" * 10_000 + article_html("Deep") + "</div>" * 10_000).encode()
        ),
        "/sitemap.xml.gz": static(bomb(), ctype="application/octet-stream"),
    }


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("memory")
    with BadWeb() as web:
        web.routes.update(worst_routes(web))
        articles = [web.url(p) for p in web.routes if p.startswith("/a/")]
        web.routes["/feed.xml"] = static(rss(articles), ctype="application/rss+xml")
        sources = sources_toml(tmp / "sources.toml", [
            {"name": "worst", "homepage": web.url("/"), "feeds": [web.url("/feed.xml")],
             "sitemaps": [web.url("/sitemap.xml.gz")], "article_pattern": "/a/"}])  # fmt: skip
        db = tmp / "news.db"
        crawl = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sources={sources}",
                 "-s", f"NEWS_DB={db}", "-s", f"NEWS_ALLOW_HOSTS={web.netloc}",
                 "-s", "NEWS_EXTRACT_WORKERS=0", "-s", "TWISTED_DNS_RESOLVER=newsspider.netsafety.SafeResolver", "-s", "AUTOTHROTTLE_ENABLED=0",
                 "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0", "-s", "LOG_LEVEL=ERROR",
                 "-s", "DOWNLOADER_MIDDLEWARES={\"newsspider.netsafety.RedirectGuardMiddleware\": 650}"]  # fmt: skip
        done = subprocess.run([sys.executable, "-c", PROBE, *crawl], cwd=ROOT, capture_output=True, text=True, timeout=240)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(db) as conn:
        run = conn.execute("SELECT finish_reason, stats FROM runs").fetchone()
        rejects = dict(conn.execute("SELECT url, reason FROM rejects").fetchall())
        stored = [r[0] for r in conn.execute("SELECT title FROM articles")]
    peak_mb = int(done.stdout.split()[-1]) / 1024
    print(f"peak RSS of the worst-case crawl: {peak_mb:.0f} MB")
    return {"peak_mb": peak_mb, "run": run, "rejects": rejects, "stored": stored, "web": web}


def test_peak_memory_stays_bounded(measured):
    assert measured["peak_mb"] < MAX_RSS_MB


def test_the_worst_case_crawl_finishes(measured):
    reason, stats = measured["run"]
    assert reason == "finished"
    assert json.loads(stats).get("news/discover/worst/bad_sitemap") == 1


@pytest.mark.parametrize(
    "path",
    [
        "/a/gzip-bomb.html",
        "/a/deflate-bomb.html",
        "/a/page-20mb.html",
        "/a/page-20mb-streamed.html",
    ],
)
def test_oversized_bodies_are_rejected_as_too_large(measured, path):
    assert measured["rejects"][measured["web"].url(path)].startswith("fetch failed: too large")


def test_a_page_just_under_the_limit_is_stored(measured):
    assert "Just under the limit" in measured["stored"]
