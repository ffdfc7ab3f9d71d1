"""WARC files in and out: `scrapy extract FILE.warc.gz` (-o, --store), bad
WARC input, and `scrapy archive --warc` round-tripping through `scrapy
extract`. Every WARC here is written with warcio from the sample sites'
pages (newsspider/demo) and the test page builder (tests/badweb.py)."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from badweb import article_html
from test_commands import scrapy
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsspider.demo.build import build_site
from newsspider.demo.catalog import SITES
from newsspider.warc import WarcReader, WarcTally

HTML = "text/html; charset=utf-8"
DATE = "2026-11-20T12:00:00Z"


@dataclass
class Rec:
    """One HTTP exchange to write as WARC records."""

    url: str
    body: bytes
    ctype: str = HTML
    status: str = "200 OK"
    date: str = DATE
    kind: str = "response"


def write_warc(path: Path, records: list[Rec], gz: bool = True) -> list[tuple[int, int]]:
    """Write a warcinfo record, then each record (a request before each
    response); where each response record starts and ends."""
    offsets = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for r in records:
            http = StatusAndHeaders(r.status, [("Content-Type", r.ctype)], protocol="HTTP/1.1")
            request = StatusAndHeaders(f"GET {r.url} HTTP/1.1", [], is_http_request=True)
            writer.write_record(writer.create_warc_record(r.url, "request", http_headers=request))
            start = fh.tell()
            writer.write_record(
                writer.create_warc_record(
                    r.url, r.kind, payload=BytesIO(r.body), http_headers=http,
                    warc_headers_dict={"WARC-Date": r.date},
                )
            )  # fmt: skip
            offsets.append((start, fh.tell()))
    return offsets


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample sites' files and what extraction must find in them."""
    root = tmp_path_factory.mktemp("site")
    expected = build_site(root, {name: f"https://{name}.example/" for name in SITES})
    return root, expected


def page_of(root: Path, article) -> bytes:
    return (root / article.site / article.url.split("/", 3)[3]).read_bytes()


def article_records(site, n: int) -> list[Rec]:
    root, expected = site
    return [Rec(a.url, page_of(root, a)) for a in expected.articles[:n]]


def read(path: Path) -> tuple[list, WarcTally]:
    tally = WarcTally()
    return list(WarcReader(path, tally).pages()), tally


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# -- reading ---------------------------------------------------------------------


def test_reader_gives_html_responses_with_their_date_and_headers(site, tmp_path):
    records = article_records(site, 2)
    records.insert(1, Rec("https://x.example/logo.png", b"\x89PNG....", ctype="image/png"))
    records.append(Rec("https://x.example/old", b"", kind="revisit"))
    write_warc(tmp_path / "a.warc.gz", records)
    pages, tally = read(tmp_path / "a.warc.gz")
    assert [p.url for p in pages] == [r.url for r in records[:3]]
    first = pages[0]
    assert first.html == records[0].body and first.fetched == "2026-11-20T12:00:00+00:00"
    assert first.headers == {"Content-Type": HTML} and first.error is None
    assert pages[1].error == "not html: image/png" and pages[1].html == b""
    assert tally.records == 9 and tally.pages == 3
    assert tally.skipped == {
        "not a response: warcinfo": 1, "not a response: request": 4,
        "not a response: revisit": 1, "not html: image/png": 1,
    }  # fmt: skip


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_warc_gives_every_whole_record_and_says_where_it_ends(site, tmp_path, gz):
    path = tmp_path / ("t.warc.gz" if gz else "t.warc")
    write_warc(path, article_records(site, 3), gz)
    path.write_bytes(path.read_bytes()[:-300])
    pages, tally = read(path)
    whole = [p for p in pages if p.error is None]
    assert [p.url for p in whole] == [r.url for r in article_records(site, 2)]
    assert len(pages) == 3 and pages[2].html == b""
    assert "truncated" in pages[2].error
    assert sum(n for reason, n in tally.skipped.items() if "truncated" in reason) == 1


def test_a_gzip_member_that_fails_is_skipped_and_the_next_one_read(site, tmp_path):
    path = tmp_path / "c.warc.gz"
    (_, (start, _), _) = write_warc(path, article_records(site, 3))
    data = bytearray(path.read_bytes())
    for i in range(start + 40, start + 90):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    pages, tally = read(path)
    urls = [r.url for r in article_records(site, 3)]
    good = [p.url for p in pages if p.error is None]
    assert good == [urls[0], urls[2]]
    bad = [p for p in pages if p.error]
    assert len(bad) == 1 and bad[0].error.startswith(f"corrupt WARC at byte {start}")
    assert tally.skipped["corrupt WARC: cannot read a record"] == 1


@pytest.mark.parametrize("delta", [-40, 40], ids=["short", "long"])
def test_a_record_with_a_wrong_length_is_not_given_as_a_page(site, tmp_path, delta):
    path = tmp_path / "l.warc.gz"
    (_, (start, end), _) = write_warc(path, article_records(site, 3))
    data = path.read_bytes()
    record = gzip.decompress(data[start:end])
    at = record.index(b"Content-Length: ")
    eol = record.index(b"\r\n", at)
    length = int(record[at + 16 : eol]) + delta
    fixed = record[:at] + b"Content-Length: %d" % length + record[eol:]
    path.write_bytes(data[:start] + gzip.compress(fixed) + data[end:])
    pages, _ = read(path)
    urls = [r.url for r in article_records(site, 3)]
    assert [p.url for p in pages if p.error is None] == [urls[0], urls[2]]
    assert pages[1].url == urls[1] and pages[1].error.startswith("corrupt WARC record")
    assert pages[1].html == b""


def test_a_page_over_the_size_cap_is_not_read(tmp_path):
    write_warc(tmp_path / "big.warc", [Rec("https://x.example/big", b"<p>x</p>" * 1000)], gz=False)
    tally = WarcTally()
    (page,) = WarcReader(tmp_path / "big.warc", tally, max_size=1000).pages()
    assert page.error == "too large: over 1000 bytes" and page.html == b""
    assert tally.skipped["too large"] == 1


# -- scrapy extract over WARC files -----------------------------------------------


@pytest.fixture(scope="module")
def mixed_warc(site, tmp_path_factory):
    """Five sample articles, an image, a 404 and a Latin-1 page dated "3 hours ago"."""
    folder = tmp_path_factory.mktemp("warcs")
    records = article_records(site, 5)
    records[2:2] = [Rec("https://x.example/logo.png", b"\x89PNG", ctype="image/png")]
    records.append(Rec("https://x.example/gone", b"<p>gone</p>", status="404 Not Found"))
    extra = '<div class="byline">By Ann Smith</div><p class="dateline">Posted 3 hours ago</p>'
    latin = article_html("Café council vote", body_extra=extra).encode("latin-1")
    records.append(Rec("https://x.example/cafe", latin, ctype="text/html; charset=iso-8859-1"))
    write_warc(folder / "one.warc.gz", records[:4])
    write_warc(folder / "two.warc", records[4:], gz=False)
    return folder, records


def test_extract_reads_a_folder_of_warc_files(mixed_warc, site, tmp_path):
    folder, records = mixed_warc
    out = tmp_path / "out.jsonl"
    result = scrapy("extract", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = lines(out)
    assert [r["url"] for r in rows] == [r.url for r in records]
    assert rows[0]["id"] == "one.warc.gz@" + rows[0]["id"].split("@")[1]
    titles = {a.url: a.title for a in site[1].articles}
    for row in rows:
        if row["url"] in titles:
            assert row["title"] == titles[row["url"]] and not row.get("error")
    errors = {r["url"]: r.get("error") for r in rows}
    assert errors["https://x.example/logo.png"] == "not html: image/png"
    assert errors["https://x.example/gone"] == "http 404"
    assert "8 pages" in result.stdout and "not a response: request" in result.stdout


def test_extract_dates_a_warc_page_by_its_record_and_reads_its_charset(mixed_warc, tmp_path):
    folder, _ = mixed_warc
    out = tmp_path / "out.jsonl"
    assert scrapy("extract", str(folder / "two.warc"), "-o", str(out)).returncode == 0
    cafe = next(r for r in lines(out) if r["url"] == "https://x.example/cafe")
    assert cafe["title"] == "Café council vote"
    assert cafe["published_utc"] == "2026-11-20T09:00:00Z"  # 3 hours before WARC-Date
    assert cafe["first_seen"] == "2026-11-20T12:00:00+00:00"


def test_extract_store_writes_a_backfill_run_and_nothing_half_read(site, tmp_path):
    path = tmp_path / "s.warc.gz"
    offsets = write_warc(path, article_records(site, 4))
    data = path.read_bytes()
    path.write_bytes(data[: offsets[3][0] + 200])  # the last record cut short
    db = tmp_path / "n.db"
    for _ in range(2):
        result = scrapy("extract", str(path), "--store", "-s", f"NEWS_DB={db}")
        assert result.returncode == 0, result.stderr
    urls = [r.url for r in article_records(site, 4)]
    with sqlite3.connect(db) as conn:
        runs = conn.execute("SELECT spider, new, unchanged, rejected FROM runs").fetchall()
        stored = [u for (u,) in conn.execute("SELECT url FROM articles ORDER BY id")]
        rejects = conn.execute("SELECT url, reason FROM rejects").fetchall()
        pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
        first_seen = {s for (s,) in conn.execute("SELECT first_seen FROM articles")}
    assert runs == [("backfill", 3, 0, 1), ("backfill", 0, 3, 1)]
    assert sorted(stored) == sorted(urls[:3]) and pages == 3
    assert first_seen == {"2026-11-20T12:00:00+00:00"}
    assert len(rejects) == 2 and all(r.startswith("corrupt WARC") for _, r in rejects)


def test_extract_needs_an_output_or_store(tmp_path):
    write_warc(tmp_path / "e.warc.gz", [])
    result = scrapy("extract", str(tmp_path / "e.warc.gz"))
    assert result.returncode != 0 and "-o OUT.jsonl | --store" in result.stderr


# -- scrapy archive --warc: the round trip ---------------------------------------


ROUND_TRIP = ("title", "byline", "authors", "published", "published_utc", "language", "section",
              "tags", "description", "image", "body", "content_hash", "source")  # fmt: skip


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """The demo corpus and its archive as a WARC file."""
    folder = tmp_path_factory.mktemp("archive")
    db, warc = folder / "demo.db", folder / "out.warc.gz"
    assert scrapy("demo", "-s", f"NEWS_DB={db}").returncode == 0
    result = scrapy("archive", "--warc", str(warc), "-s", f"NEWS_DB={db}")
    assert result.returncode == 0, result.stderr
    return db, warc, result


def corpus_articles(db: Path) -> dict[str, dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(f"SELECT url, {', '.join(ROUND_TRIP)} FROM articles").fetchall()
    return {r["url"]: {c: r[c] for c in ROUND_TRIP} for r in rows}


def test_archive_writes_a_warc_that_warcio_accepts(archived):
    db, warc, result = archived
    n = len(corpus_articles(db))
    assert f"{n} pages -> {warc}" in result.stdout
    warcio = [sys.executable, "-m", "warcio.cli"]
    check = subprocess.run([*warcio, "check", str(warc)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run([*warcio, "index", str(warc)], capture_output=True, text=True)
    kinds = [json.loads(line)["warc-type"] for line in index.stdout.splitlines()]
    assert kinds == ["warcinfo"] + ["metadata", "response"] * n
    with warc.open("rb") as fh:
        targets = {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh)
                   if r.rec_type == "response"}  # fmt: skip
    with sqlite3.connect(db) as conn:
        assert targets == {u for (u,) in conn.execute("SELECT url FROM pages")}


def test_archive_round_trips_through_extract_to_the_same_articles(archived, tmp_path):
    db, warc, _ = archived
    out = tmp_path / "back.jsonl"
    result = scrapy("extract", str(warc), "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = lines(out)
    assert not [r for r in rows if r.get("error")]
    after = {r["canonical_url"]: {c: r[c] for c in ROUND_TRIP} for r in rows}
    before = {
        url: {**a, "authors": json.loads(a["authors"]), "tags": json.loads(a["tags"])}
        for url, a in corpus_articles(db).items()
    }
    assert after == before


def test_archive_stored_again_gives_the_same_corpus(archived, tmp_path):
    db, warc, _ = archived
    copy = tmp_path / "copy.db"
    result = scrapy("extract", str(warc), "--store", "-s", f"NEWS_DB={copy}")
    assert result.returncode == 0, result.stderr
    assert corpus_articles(copy) == corpus_articles(db)
    with sqlite3.connect(db) as a, sqlite3.connect(copy) as b:
        query = "SELECT url, fetched, status FROM pages ORDER BY url"
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_archive_selects_by_source_and_date(archived, tmp_path):
    db, _, _ = archived
    with sqlite3.connect(db) as conn:
        source, count = conn.execute(
            "SELECT source, count(*) FROM articles GROUP BY 1 ORDER BY 1 LIMIT 1"
        ).fetchone()
    one = tmp_path / "one.warc.gz"
    result = scrapy("archive", "--warc", str(one), "--source", source, "-s", f"NEWS_DB={db}")
    assert f"{count} pages" in result.stdout, result.stderr
    none = tmp_path / "none.warc.gz"
    result = scrapy("archive", "--warc", str(none), "--since", "2999-01-01", "-s", f"NEWS_DB={db}")
    assert "0 pages" in result.stdout
