"""The scrapy commands, run as a user runs them (subprocesses)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newsspider.demo.build import build_site
from newsspider.demo.catalog import SITES
from newsspider.render import browser_missing
from newsspider.store import Corpus

ROOT = Path(__file__).resolve().parents[1]


def scrapy(*args: str, timeout: int = 180, **options) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        **options,
    )


def saved_articles(root: Path, count: int):
    """The sample sites saved under `root`/site: the first `count` articles
    with their files, and what the sites hold."""
    expected = build_site(root / "site", {name: f"https://{name}.example/" for name in SITES})
    saved = [(a, root / "site" / a.site / a.url.split("/", 3)[3]) for a in expected.articles]
    return saved[:count], expected


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    """A manifest over sample pages: articles, a gzipped one, a PDF, a missing file, a bad line."""
    root = tmp_path_factory.mktemp("pages")
    saved, expected = saved_articles(root, 5)
    lines = []
    for n, (a, path) in enumerate(saved):
        if n == 0:
            gz = path.with_suffix(".html.gz")
            gz.write_bytes(gzip.compress(path.read_bytes()))
            path = gz
        lines.append({"id": f"a{n}", "url": a.url, "path": str(path.relative_to(root)), "extra": 1})
    short = next(r for r in expected.rejects if r.why == "not-article" and r.url.endswith(".html"))
    short_path = root / "site" / short.site / short.url.split("/", 3)[3]
    lines.append({"id": "short", "url": short.url, "path": str(short_path.relative_to(root))})
    lines.append({"id": "missing", "url": "https://x.example/gone", "path": "nope.html"})
    (root / "empty.html").write_text("")
    lines.append({"id": "empty", "url": "https://x.example/empty", "path": "empty.html"})
    text = "\n".join(json.dumps(x) for x in lines) + "\nnot json at all\n"
    (root / "manifest.jsonl").write_text(text)
    return root / "manifest.jsonl", expected.articles[:5]


@pytest.fixture(scope="module")
def extracted(manifest, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "out.jsonl"
    result = scrapy("extract", str(manifest[0]), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in out.read_text().splitlines()], result


def test_extract_writes_one_line_per_manifest_line_in_order(extracted):
    rows, _ = extracted
    assert [r["id"] for r in rows] == [
        "a0",
        "a1",
        "a2",
        "a3",
        "a4",
        "short",
        "missing",
        "empty",
        "line 9",
    ]


def test_extract_gives_every_article_column(extracted, manifest):
    rows, _ = extracted
    articles = manifest[1]
    for row, expected in zip(rows[:5], articles, strict=True):
        assert "error" not in row, row.get("error")
        assert row["url"] == expected.url
        assert row["title"] == expected.title
        assert row["authors"] == list(expected.authors)
        assert row["published"] == expected.published
        for column in (
            "byline",
            "published_utc",
            "language",
            "body",
            "word_count",
            "content_hash",
            "provenance",
            "extractor_version",
            "canonical_url",
            "free_access",
        ):
            assert column in row


def test_extract_reports_unreadable_pages(extracted):
    rows, result = extracted
    errors = {r["id"]: r["error"] for r in rows if "error" in r}
    assert errors["missing"].startswith("cannot read ")
    assert errors["empty"] == "not html: empty or unparseable page"
    assert errors["line 9"].startswith("bad manifest line 9")
    assert "9 pages ->" in result.stdout


def test_extract_keeps_what_was_extracted_from_a_rejected_page(extracted):
    rows, _ = extracted
    short = next(r for r in rows if r["id"] == "short")
    assert short["error"].startswith("not an article: ")
    assert short["title"] and short["body"] and short["word_count"] < 60


def test_extract_needs_an_output():
    result = scrapy("extract", "manifest.jsonl")
    assert result.returncode != 0


def test_crawl_refuses_a_bad_sources_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[source]]\nname = "x"\nhomepage = "https://x.example/"\narticle_pattern = "("\n'
    )
    result = scrapy("crawl", "news", "-a", f"sources={bad}", "-s", f"NEWS_DB={tmp_path / 'n.db'}")
    assert result.returncode == 2
    assert f"{bad}: source 'x': key 'article_pattern': bad regular expression" in result.stderr
    assert not (tmp_path / "n.db").exists()


def test_demo_crawls_the_sample_sites(tmp_path):
    db = tmp_path / "demo.db"
    result = scrapy("demo", "-s", f"NEWS_DB={db}")
    assert result.returncode == 0, result.stderr
    if browser_missing(
        Settings({"NEWS_CHROMIUM": "/usr/bin/chromium"})
    ):  # the rendered site left out
        assert "Stored 34 articles from 3 sources" in result.stdout
    else:
        assert "Stored 37 articles from 4 sources" in result.stdout
        assert "Serving estuary-live at http://127.0.0.1:" in result.stdout
    assert "rejected 6 pages" in result.stdout
    assert f"scrapy browse --db {db}" in result.stdout


def test_demo_without_chromium_leaves_the_rendered_site_out_in_one_line(tmp_path):
    db = tmp_path / "demo.db"
    result = scrapy("demo", "-s", f"NEWS_DB={db}", "-s", "NEWS_CHROMIUM=/nonexistent/chromium")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if "estuary-live" in line] == [
        "Leaving out estuary-live, a site whose pages need a browser: no Chromium at "
        "/nonexistent/chromium: install it with 'apt-get install chromium' (or set NEWS_CHROMIUM)"
    ]
    assert "Stored 34 articles from 3 sources" in result.stdout


def test_a_second_crawl_exits_at_once_while_one_is_running(tmp_path):
    from newsspider.store import CorpusLock

    db = tmp_path / "n.db"
    with CorpusLock(db):
        result = scrapy("crawl", "news", "-s", f"NEWS_DB={db}")
    assert result.returncode == 75
    assert "another crawl" in result.stderr


def test_crawl_fails_when_every_source_fails(tmp_path):
    sources = tmp_path / "s.toml"
    sources.write_text('[[source]]\nname = "local"\nhomepage = "http://127.0.0.1:9/"\n')
    result = scrapy(
        "crawl", "news", "-a", f"sources={sources}", "-s", f"NEWS_DB={tmp_path / 'n.db'}"
    )
    assert result.returncode == 1
    assert "every source failed: local" in result.stderr
    assert "source local: failing" in result.stdout


def test_reextract_updates_stale_rows_from_the_archive(tmp_path):
    import sqlite3

    db = tmp_path / "demo.db"
    assert scrapy("demo", "-s", f"NEWS_DB={db}").returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET extractor_version = '0', authors = '[]' WHERE id <= 5")
    result = scrapy("reextract", "-s", f"NEWS_DB={db}")
    assert result.returncode == 0, result.stderr
    assert "re-extracted 5 pages" in result.stdout
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT extractor_version, authors FROM articles WHERE id <= 5"
        ).fetchall()
        assert {v for v, _ in rows} != {"0"} and all(a != "[]" for _, a in rows)
        assert conn.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 0


def test_reextract_refuses_to_run_beside_a_crawl(tmp_path):
    from newsspider.store import CorpusLock

    Corpus(tmp_path / "n.db").close()
    with CorpusLock(tmp_path / "n.db"):
        result = scrapy("reextract", "-s", f"NEWS_DB={tmp_path / 'n.db'}")
    assert result.returncode == 75
    assert "another crawl" in result.stderr


def test_a_crawl_through_a_symlink_meets_the_same_lock(tmp_path):
    from newsspider.store import CorpusLock

    (tmp_path / "link.db").symlink_to(tmp_path / "n.db")
    with CorpusLock(tmp_path / "n.db"):
        result = scrapy("crawl", "news", "-s", f"NEWS_DB={tmp_path / 'link.db'}")
    assert result.returncode == 75, result.stderr
    assert f"another crawl (pid {os.getpid()}) is writing {tmp_path / 'link.db'}" in result.stderr


@contextmanager
def unwritable_for_us(path: Path):
    """`path` made unwritable for this process: by chmod, or, when the tests
    run as root (whom chmod does not stop), by the immutable attribute."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", path]).returncode:
        pytest.skip("running as root, where only chattr +i makes a file unwritable: unavailable")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", path], check=True)


@pytest.mark.parametrize("blocked", ["news.db", "."])
def test_an_unwritable_corpus_is_one_line_and_leaves_nothing_behind(demo, tmp_path, blocked):
    db = tmp_path / "data" / "news.db"
    Corpus(db).close()
    args = ("crawl", "news", "-a", f"sources={demo.sources_path}", "-s", f"NEWS_DB={db}",
            "-s", "NEWS_ALLOW_PRIVATE=1", "-s", "NEWS_EXTRACT_WORKERS=1", "-s", "DOWNLOAD_DELAY=0",
            "-s", "AUTOTHROTTLE_ENABLED=0")  # fmt: skip
    path = (db.parent / blocked).resolve()
    with unwritable_for_us(path):
        result = scrapy(*args)
    assert result.returncode == 1
    (line,) = [x for x in result.stderr.splitlines() if "error" in x.lower()]
    assert line.startswith(f"error: cannot write {'in ' if path.is_dir() else ''}{path} ")
    assert "-s NEWS_DB=PATH" in line
    assert [p.name for p in db.parent.iterdir()] == ["news.db"]
    result = scrapy(*args)  # once the permission is fixed, nothing left stands in the way
    assert result.returncode == 0, result.stderr
    assert Corpus(db).db["articles"].count == len(demo.expected.articles)


def test_reextract_of_a_missing_corpus_creates_nothing(tmp_path):
    result = scrapy("reextract", "-s", f"NEWS_DB={tmp_path / 'typo.db'}")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(f"error: no corpus at {tmp_path / 'typo.db'}: ")
    )
    assert list(tmp_path.iterdir()) == []


def test_a_journal_file_left_read_only_is_named(tmp_path):
    from newsspider.store import unwritable

    db = tmp_path / "news.db"
    Corpus(db).close()
    shm = tmp_path / "news.db-shm"
    shm.write_bytes(bytes(32768))  # as an older version's failed run left it
    with unwritable_for_us(shm):
        assert unwritable(db).startswith(f"cannot write {shm} (owner ")
    assert unwritable(db) is None
