"""A corpus that refuses a write (disk full, I/O error, "database is
locked"): the batch is tried again, and otherwise every article in it leaves
a reject (or at least an error count), the run says the store failed, and
the crawl exits 1. The failures are real: SQLite's own page limit, a file
size limit on the crawling process, a lock held by another connection."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from scrapy import Spider
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from newsspider.store import Corpus
from pipelines.store import StorePipeline
from tests.test_store import article

ROOT = Path(__file__).resolve().parents[1]
ERROR = "OperationalError: database or disk is full"
FULL = f"error: store failed: {ERROR}"


def store_for(db: Path) -> StorePipeline:
    settings = get_project_settings().copy_to_dict() | {"NEWS_DB": str(db), "NEWS_BATCH_SIZE": 2}
    crawler = get_crawler(Spider, settings)
    crawler.spider = crawler._create_spider("news")
    store = StorePipeline(crawler)
    store.open_spider()
    return store


def big(n: int):
    """An article whose archived page needs new database pages."""
    a = article(url=f"https://a.example/2024/05/{n}", body=f"Story {n}. " + "word " * 80)
    a.page.html = os.urandom(40_000)
    return a


def test_a_refused_batch_leaves_a_reject_for_each_article(tmp_path):
    store = store_for(tmp_path / "news.db")
    store.process_item(big(1))
    store.process_item(big(2))
    db = store.corpus.db
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    store.process_item(big(3))  # the disk is full: tried twice, then given up
    store.process_item(big(4))
    assert store.failed == ERROR
    db.execute("PRAGMA max_page_count = 1000000")  # space is freed before the run ends
    store.spider_closed(store.crawler.spider, "finished")
    corpus = Corpus(tmp_path / "news.db")
    assert [r["url"][-1] for r in corpus.db["articles"].rows] == ["1", "2"]
    rejects = {r["url"][-1]: r["reason"] for r in corpus.db["rejects"].rows}
    assert rejects == {"3": FULL, "4": FULL}
    run = corpus.db["runs"].get(store.run_id)
    assert (run["finish_reason"], run["new"], run["errors"]) == (f"store failed: {ERROR}", 2, 2)


def test_a_batch_is_tried_again_once(tmp_path):
    store = store_for(tmp_path / "news.db")
    other = sqlite3.connect(tmp_path / "news.db", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another writer, for longer than SQLite waits (10 s)
    threading.Timer(11, other.execute, ["COMMIT"]).start()
    started = time.monotonic()
    store.process_item(big(1))
    store.process_item(big(2))
    assert 11 <= time.monotonic() - started < 21
    assert store.failed is None
    store.spider_closed(store.crawler.spider, "finished")
    assert Corpus(tmp_path / "news.db").db["articles"].count == 2


def test_a_crawl_whose_store_fails_exits_1_and_loses_nothing_silently(demo, tmp_path):
    db = tmp_path / "news.db"
    Corpus(db).close()
    args = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sources={demo.sources_path}",
            "-s", f"NEWS_DB={db}", "-s", "NEWS_ALLOW_PRIVATE=1", "-s", "NEWS_EXTRACT_WORKERS=1",
            "-s", "NEWS_BATCH_SIZE=2", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0"]  # fmt: skip
    limit = db.stat().st_size + 80_000  # no file of the crawl may grow past this: a full disk

    def full_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, preexec_fn=full_disk)
    assert result.returncode == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("error: ")]
    assert line.startswith(f"error: could not write to {db} (OperationalError: ")
    lost = int(line.split("): ")[1].split()[0])
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert lost > 0 and stored + lost == len(demo.expected.articles)
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)  # the disk has room
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == stored + lost


def test_a_reextraction_whose_store_fails_exits_1(tmp_path):
    db = tmp_path / "demo.db"
    demo = [sys.executable, "-m", "scrapy", "demo", "-s", f"NEWS_DB={db}"]
    assert subprocess.run(demo, cwd=ROOT, capture_output=True).returncode == 0
    limit = db.stat().st_size  # the database cannot grow, nor its journal past that

    def full_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    reextract = [sys.executable, "-m", "scrapy", "reextract", "--all", "-s", f"NEWS_DB={db}",
                 "-s", "NEWS_BATCH_SIZE=2"]  # fmt: skip
    result = subprocess.run(
        reextract, cwd=ROOT, capture_output=True, text=True, preexec_fn=full_disk
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(f"error: could not write to {db} (")
