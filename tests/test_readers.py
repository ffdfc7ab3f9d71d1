"""Readers beside the writer: Datasette serving the corpus while a crawl
writes it sees no "database is locked", and the crawl loses no write."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from newsspider.demo.build import site_sources, write_site
from newsspider.demo.server import SiteServer
from newsspider.store import Corpus

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()
    except OSError as err:  # not listening yet
        return 0, str(err)


def test_datasette_reads_while_a_crawl_writes(tmp_path):
    db = tmp_path / "news.db"
    Corpus(db).close()  # Datasette needs the file before the crawl starts
    port = free_port()
    datasette = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with SiteServer(tmp_path / "site") as server:
            write_site(server.root, server.base_url, ARTICLES)
            (tmp_path / "s.toml").write_text(site_sources(server.base_url))
            for _ in range(100):
                if get(f"http://127.0.0.1:{port}/-/versions.json")[0] == 200:
                    break
                time.sleep(0.1)
            crawl = subprocess.Popen(
                [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sources={tmp_path / 's.toml'}",
                 "-s", f"NEWS_DB={db}", "-s", "NEWS_ALLOW_PRIVATE=1", "-s", "AUTOTHROTTLE_ENABLED=0",
                 "-s", "DOWNLOAD_DELAY=0", "-s", "NEWS_BATCH_SIZE=5", "-s", "LOG_LEVEL=ERROR"],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            reads, failures, seen = 0, [], []
            while crawl.poll() is None:
                for path in ("/news/articles.json?_size=5&_shape=array", "/news.json",
                             "/news/articles.json?_search=council&_shape=array"):  # fmt: skip
                    status, body = get(f"http://127.0.0.1:{port}{path}")
                    reads += 1
                    if status != 200 or "locked" in body:
                        failures.append((path, status, body[:200]))
                count = get(
                    f"http://127.0.0.1:{port}/news.json?sql=select+count(*)+as+n+from+articles&_shape=array"
                )
                if count[0] == 200:
                    seen.append(json.loads(count[1])[0]["n"])
            assert crawl.wait() == 0
    finally:
        datasette.terminate()
        datasette.wait()
    assert reads > 10 and failures == []
    assert seen == sorted(seen)  # readers only ever saw the corpus grow
    assert len(set(seen)) > 2  # ... and saw it while it was being written
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == ARTICLES
