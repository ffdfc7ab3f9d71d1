"""`scrapy backfill --from CC-NEWS` against a small CC-NEWS layout of two
months served from 127.0.0.1 (WARC files written with warcio from the
sample sites' pages): what it stores, the address guard, the size cap, and
resuming after SIGKILL."""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badweb import BadWeb, static
from test_commands import ROOT, scrapy
from test_warc import Rec, write_warc

from newsspider.demo.build import build_site, sources_toml
from newsspider.demo.catalog import SITES

MONTHS = {"2024/01": "2024-01-15T08:00:00Z", "2024/02": "2024-02-15T08:00:00Z"}
FILES_PER_MONTH = 2
CONFIGURED = ("harbour-times", "metro-wire")  # --sources; valley-gazette's pages are left out


def slow(body: bytes, every: float = 0.02, chunk: int = 2048):
    """A WARC file served a few KB at a time (a kill lands mid-run)."""

    def route(h) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/octet-stream")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        for i in range(0, len(body), chunk):
            if h.server.web.closing.wait(every):
                return
            h.wfile.write(body[i : i + chunk])

    return route


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    """The WARC files of two months (every sample page, spread over four
    files), the sources file, and the URLs a backfill must store."""
    root = tmp_path_factory.mktemp("ccnews")
    base_urls = {name: f"https://{name}.example/" for name in SITES}
    expected = build_site(root / "site", base_urls)
    (root / "sources.toml").write_text(sources_toml(base_urls))
    pages = [a.url for a in expected.articles] + [r.url for r in expected.rejects]
    pages = [u for u in pages if path_of(root, u).is_file()]  # not the sites' 404s
    files: dict[str, bytes] = {}
    n = len(MONTHS) * FILES_PER_MONTH
    for i, (month, date) in enumerate(x for x in MONTHS.items() for _ in range(FILES_PER_MONTH)):
        records = [Rec(u, path_of(root, u).read_bytes(), date=date) for u in pages[i::n]]
        name = f"crawl-data/CC-NEWS/{month}/CC-NEWS-{month.replace('/', '')}01-{i:05d}.warc.gz"
        write_warc(root / "w.warc.gz", records)
        files[name] = (root / "w.warc.gz").read_bytes()
    articles = {a.url for a in expected.articles if a.site in CONFIGURED}
    return root, files, articles


def path_of(root: Path, url: str) -> Path:
    """The sample site's file behind `url`."""
    return root / "site" / url.split("/")[2].split(".")[0] / url.split("/", 3)[3]


@pytest.fixture
def ccnews(layout):
    """The layout served on 127.0.0.1: (BadWeb, files)."""
    _, files, _ = layout
    with BadWeb() as web:
        for month in MONTHS:
            listing = "".join(f"{name}\n" for name in files if f"/{month}/" in name)
            web.routes[f"/crawl-data/CC-NEWS/{month}/warc.paths.gz"] = static(
                gzip.compress(listing.encode()), ctype="application/gzip"
            )
        for name, body in files.items():
            web.routes["/" + name] = slow(body)
        yield web, files


def backfill_args(layout, web, db: Path, *extra: str, private: bool = True) -> list[str]:
    root, _, _ = layout
    return ["backfill", "--from", "CC-NEWS", "--since", "2024-01", "--until", "2024-02",
            "--sources", ",".join(CONFIGURED), "-s", f"NEWS_CCNEWS_BASE={web.url('/')}",
            "-s", f"NEWS_SOURCES={root / 'sources.toml'}", "-s", f"NEWS_DB={db}",
            "-s", f"NEWS_ALLOW_PRIVATE={private}", "-s", "NEWS_BATCH_SIZE=2", *extra]  # fmt: skip


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_backfill_stores_the_configured_sources_pages_once(layout, ccnews, tmp_path):
    web, files = ccnews
    db = tmp_path / "n.db"
    result = scrapy(*backfill_args(layout, web, db))
    assert result.returncode == 0, result.stderr
    assert "WARC files: 4 fetched, 0 already done, 0 failed" in result.stdout
    stored = query(db, "SELECT url, source, first_seen FROM articles")
    assert {u for u, _, _ in stored} == layout[2] and len(stored) == len(layout[2])
    assert {s for _, s, _ in stored} == set(CONFIGURED)
    assert {f[:7] for _, _, f in stored} == {"2024-01", "2024-02"}  # WARC-Date: fetch time
    assert query(db, "SELECT spider, sources FROM runs") == [("backfill", "[]")]
    assert query(db, "SELECT count(*) FROM article_versions") == [(0,)]
    done = query(db, "SELECT url, month FROM backfill_files ORDER BY url")
    assert [u.split("/", 3)[3] for u, _ in done] == sorted(files)
    assert {m for _, m in done} == {"2024-01", "2024-02"}
    assert not list(Path(f"{db}.backfill").iterdir())  # downloads removed once stored
    rejects = query(db, "SELECT url, reason FROM rejects")
    assert rejects and all(u.split("/")[2].split(".")[0] in CONFIGURED for u, _ in rejects)
    web.requests.clear()
    again = scrapy(*backfill_args(layout, web, db))
    assert "0 fetched, 4 already done" in again.stdout, again.stderr
    assert all(r.endswith("warc.paths.gz") for r in web.requests)


def test_backfill_resumes_after_a_kill_and_stores_each_record_once(layout, ccnews, tmp_path):
    web, files = ccnews
    db = tmp_path / "n.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "scrapy", *backfill_args(layout, web, db)]
    run = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and run.poll() is None:
            if db.exists() and done_files(db) >= 1 and stored(db) > len(layout[2]) // 4:
                break
            time.sleep(0.02)
        run.send_signal(signal.SIGKILL)
    finally:
        run.wait(30)
    done_before = {u.split("/", 3)[3] for (u,) in query(db, "SELECT url FROM backfill_files")}
    assert run.returncode == -signal.SIGKILL and 1 <= len(done_before) < len(files)
    web.requests.clear()
    result = scrapy(*backfill_args(layout, web, db))
    assert result.returncode == 0, result.stderr
    assert f"{len(done_before)} already done" in result.stdout
    urls = [u for (u,) in query(db, "SELECT url FROM articles")]
    assert sorted(urls) == sorted(layout[2])  # every record once: none lost, none twice
    assert query(db, "SELECT count(*) FROM pages") == [(len(urls),)]
    assert query(db, "SELECT count(*) FROM article_versions") == [(0,)]
    assert done_files(db) == len(files)
    fetched_again = [r.lstrip("/") for r in web.requests if r.endswith(".warc.gz")]
    assert fetched_again and not done_before & set(fetched_again)


def done_files(db: Path) -> int:
    try:
        return query(db, "SELECT count(*) FROM backfill_files")[0][0]
    except sqlite3.OperationalError:
        return 0


def stored(db: Path) -> int:
    try:
        return query(db, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.OperationalError:
        return 0


def test_backfill_obeys_the_address_guard_and_the_size_cap(layout, ccnews, tmp_path):
    web, _ = ccnews
    db = tmp_path / "n.db"
    guarded = scrapy(*backfill_args(layout, web, db, private=False))
    assert guarded.returncode == 1 and "blocked: 127.0.0.1" in guarded.stderr
    assert web.requests == []
    capped = scrapy(*backfill_args(layout, web, db, "-s", "NEWS_WARC_MAXSIZE=5000"))
    assert capped.returncode == 1 and "too large" in capped.stderr
    assert "0 fetched, 0 already done, 4 failed" in capped.stdout
    assert query(db, "SELECT count(*) FROM backfill_files") == [(0,)]
    reasons = query(db, "SELECT run_id, reason FROM rejects ORDER BY id")
    assert reasons[0][1].startswith("blocked: 127.0.0.1 resolves to a non-public address")
    assert [r for run, r in reasons if run == 2]  # the cap's
    assert all(r.startswith("fetch failed: too large") for run, r in reasons if run == 2)


def test_backfill_of_all_hosts_keeps_every_site(layout, ccnews, tmp_path):
    web, files = ccnews
    db = tmp_path / "n.db"
    folder = Path(f"{db}.backfill")  # a download a killed run left half-done starts over
    folder.mkdir()
    (folder / (Path(next(iter(files))).name + ".part")).write_bytes(b"\x1f\x8b\x08 cut short")
    args = [a for a in backfill_args(layout, web, db) if a != "--sources"]
    args.remove(",".join(CONFIGURED))
    result = scrapy(*args, "--until", "2024-01", "--all-hosts")  # the last --until wins
    assert result.returncode == 0, result.stderr
    assert "2 fetched" in result.stdout and "not a configured source" not in result.stdout
    sources = {s for (s,) in query(db, "SELECT DISTINCT source FROM articles")}
    assert sources == set(SITES)  # valley-gazette too, under its configured name
    assert {m for (m,) in query(db, "SELECT month FROM backfill_files")} == {"2024-01"}
    assert not list(folder.iterdir())
    assert not query(db, "SELECT reason FROM rejects WHERE reason LIKE 'corrupt%'")
