"""Exports of the corpus: `scrapy crawl news -O FILE` (the articles the run
stored, with their corpus ids) and `scrapy export` (the corpus itself, read
only, in Scrapy's feed formats), run as a user runs them (subprocesses) over
a crawl of the demo sites."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import xml.etree.ElementTree as ET

import pytest
from test_commands import scrapy

from newsspider.commands.export import FIELDS
from newsspider.demo.sites import serve_demo


def crawl(sources, db, out):
    return scrapy(
        "crawl", "news", "-a", f"sources={sources}", "-s", f"NEWS_DB={db}", "-O", str(out),
        "-s", "NEWS_ALLOW_PRIVATE=True", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "DOWNLOAD_DELAY=0", "-s", "NEWS_EXTRACT_WORKERS=1",
    )  # fmt: skip


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Two crawls of the demo sites with -O: the first stores everything,
    the second finds nothing new."""
    root = tmp_path_factory.mktemp("export")
    db = root / "news.db"
    with serve_demo(root / "site") as demo:
        first = crawl(demo.sources_path, db, root / "first.jsonl")
        assert first.returncode == 0, first.stderr[-2000:]
        second = crawl(demo.sources_path, db, root / "second.jsonl")
        assert second.returncode == 0, second.stderr[-2000:]
    return db, root


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def corpus(db, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def export(db, *args: str):
    return scrapy("export", "-s", f"NEWS_DB={db}", *args, timeout=60)


def test_crawl_output_rows_carry_their_corpus_ids(crawled):
    db, root = crawled
    rows = lines(root / "first.jsonl")
    ids = dict(corpus(db, "SELECT url, id FROM articles"))
    assert rows and all(row["id"] is not None for row in rows)
    assert sorted(row["id"] for row in rows) == sorted(ids.values())
    assert all(ids[row["url"]] == row["id"] for row in rows)
    assert list(rows[0]) == list(FIELDS)


def test_a_crawl_with_nothing_new_writes_an_empty_output(crawled):
    db, root = crawled
    assert corpus(db, "SELECT new FROM runs ORDER BY id") == [
        (len(lines(root / "first.jsonl")),),
        (0,),
    ]
    assert (root / "second.jsonl").read_text() == ""


def test_export_writes_the_corpus_as_the_crawl_output_did(crawled):
    db, root = crawled
    result = export(db, "-O", str(root / "all.jsonl"))
    assert result.returncode == 0, result.stderr
    rows = lines(root / "all.jsonl")
    assert [r["id"] for r in rows] == [
        i for (i,) in corpus(db, "SELECT id FROM articles ORDER BY id")
    ]
    by_id = {r["id"]: r for r in lines(root / "first.jsonl")}
    assert rows == [by_id[r["id"]] for r in rows]
    assert result.stderr == f"exported {len(rows)} articles to {root / 'all.jsonl'}\n"


def test_export_to_standard_output_and_appending(crawled):
    db, root = crawled
    result = export(db, "-O", "-", "--source", "harbour-times")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and {r["source"] for r in rows} == {"harbour-times"}
    assert result.stderr == f"exported {len(rows)} articles to standard output\n"
    out = root / "appended.jsonl"
    for _ in range(2):
        assert export(db, "-o", str(out), "--source", "harbour-times").returncode == 0
    assert lines(out) == rows + rows


@pytest.mark.parametrize("suffix", ["csv", "json", "xml"])
def test_export_in_scrapy_feed_formats(crawled, suffix):
    db, root = crawled
    out = root / f"all.{suffix}"
    assert export(db, "-O", str(out)).returncode == 0
    articles = corpus(db, "SELECT id, authors FROM articles ORDER BY id")
    if suffix == "csv":
        with out.open(newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert list(rows[0]) == list(FIELDS)
        assert [(int(r["id"]), r["authors"]) for r in rows] == [
            (i, json.dumps(json.loads(a), ensure_ascii=False)) for i, a in articles
        ]
    elif suffix == "json":
        rows = json.loads(out.read_text())
        assert [(r["id"], r["authors"]) for r in rows] == [(i, json.loads(a)) for i, a in articles]
    else:
        items = ET.parse(out).getroot().findall("item")
        assert [int(item.findtext("id")) for item in items] == [i for i, _ in articles]


def test_export_since_takes_articles_first_seen_from_that_moment(crawled):
    db, _ = crawled
    (first,) = corpus(db, "SELECT min(first_seen) FROM articles")[0]
    assert export(db, "-O", "-", "--since", first[:10]).stdout.count("\n") == len(
        corpus(db, "SELECT id FROM articles")
    )
    assert export(db, "-O", "-", "--since", "2999-01-01T00:00:00+02:00").stdout == ""


def test_export_only_reads_the_corpus(crawled):
    db, root = crawled
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert export(db, "-O", str(root / "again.jsonl")).returncode == 0
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday"], "--since: not an ISO date: 'yesterday'"),
        (["--source", "nope"], "no articles of source 'nope' (known: harbour-times, "),
        (["-t", "yaml"], "-t yaml: not a format (jsonl, json, csv or xml)"),
    ],
)
def test_export_mistakes_are_one_line_and_exit_2(crawled, args, message):
    db, _ = crawled
    result = export(db, "-O", "-", *args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {message}")
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_export_without_a_corpus_says_how_to_make_one(tmp_path):
    result = export(tmp_path / "none.db", "-O", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2
    assert result.stderr == (
        f"error: no corpus at {tmp_path / 'none.db'}: run `scrapy crawl news` or `scrapy demo` first\n"
    )
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "none.db").exists()
