"""Hard stops: crawls killed at random moments leave a consistent corpus,
and the next run completes the set. Nothing stored is lost or doubled."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsspider.demo.build import site_sources, write_site
from newsspider.demo.server import SiteServer

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 300
KILLS = int(os.environ.get("NEWS_TEST_KILLS", "20"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("killsite")
    with SiteServer(root / "site") as server:
        urls = write_site(server.root, server.base_url, ARTICLES)
        (root / "sources.toml").write_text(site_sources(server.base_url))
        yield root / "sources.toml", urls


def start_crawl(sources: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sources={sources}",
         "-s", f"NEWS_DB={db}", "-s", "NEWS_ALLOW_PRIVATE=1", "-s", "AUTOTHROTTLE_ENABLED=0",
         "-s", "DOWNLOAD_DELAY=0", "-s", "NEWS_BATCH_SIZE=10", "-s", "LOG_LEVEL=ERROR",
         "-s", "NEWS_REFRESH_WITHIN=0"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def check_consistent(db: Path) -> int:
    """Integrity, no half-written article, no doubled URL; the article count."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:  # killed before the schema's first transaction committed
            return 0
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert conn.execute("SELECT count(DISTINCT url) FROM articles").fetchone()[0] == articles
        incomplete = (
            "SELECT count(*) FROM articles WHERE title IS NULL OR body IS NULL OR body = ''"
        )
        assert conn.execute(incomplete).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == articles
        assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == articles
        return articles


def test_sigkill_at_random_moments_loses_nothing(site, tmp_path):
    sources, urls = site
    db = tmp_path / "news.db"
    rng = random.Random(1127)
    stored = 0
    for _ in range(KILLS):
        crawl = start_crawl(sources, db)
        time.sleep(rng.uniform(0.3, 4.0))
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
        if db.exists():
            now = check_consistent(db)
            assert now >= stored  # nothing stored is lost
            stored = now
    assert start_crawl(sources, db).wait(timeout=300) == 0
    assert check_consistent(db) == len(urls)


def run_started(db: Path) -> bool:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return bool(conn.execute("SELECT count(*) FROM runs").fetchone()[0])
    except sqlite3.Error:
        return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_polite_stop_writes_what_it_has(site, tmp_path, sig):
    sources, urls = site
    db = tmp_path / "news.db"
    crawl = start_crawl(sources, db)
    started = time.monotonic()
    while not run_started(db) and time.monotonic() - started < 60:
        time.sleep(0.1)  # a stop before the crawl has started is another case
    time.sleep(1.0)
    crawl.send_signal(sig)
    crawl.wait(timeout=120)
    stored = check_consistent(db)
    with sqlite3.connect(db) as conn:
        (reason,) = conn.execute("SELECT finish_reason FROM runs").fetchone()
    assert reason in ("shutdown", "finished")
    assert start_crawl(sources, db).wait(timeout=300) == 0
    assert check_consistent(db) == len(urls) >= stored
