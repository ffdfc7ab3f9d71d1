"""WARC files in and out, streamed: the pages of WARC `response` records as
`Page`s, and the corpus's archived pages as a WARC file (with warcio).

Reading never holds more than one record's HTML in memory. A record that
cannot be read whole (a truncated file, a gzip member that fails, a wrong
Content-Length, a digest that does not match) becomes a `Page` carrying the
reason as its error, so the pipelines reject it with that reason and nothing
of it is stored; the reader then looks for the next record and goes on.
Records that are not HTTP responses (warcinfo, request, metadata, revisit)
are skipped and counted in `WarcTally.skipped`.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParserException
from warcio.warcwriter import WARCWriter

from newsspider import EXTRACTOR_VERSION
from newsspider.items import Page

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
#: content type of our own metadata records (a page's source, listing hints
#: and extraction options), written before the response they describe
META_TYPE = "application/x-newsspider-page+json"
HTML_MIMES = ("text/html", "application/xhtml+xml")
#: response headers that described the bytes on the wire, not the HTML kept
WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
CHUNK = 1 << 16
#: what warcio raises on bytes that are not a record; on a cut-short header
#: block it can also fail inside (AttributeError, TypeError, IndexError)
READ_ERRORS = (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, EOFError, OSError,
               AttributeError, TypeError, IndexError, KeyError)  # fmt: skip


def fetch_time(warc_date: str | None) -> str:
    """A WARC-Date as the crawl writes a page's fetch time (UTC, seconds).

    >>> fetch_time("2024-03-05T07:08:09Z"), fetch_time("2024-03-05T07:08:09.123456Z")
    ('2024-03-05T07:08:09+00:00', '2024-03-05T07:08:09+00:00')
    >>> fetch_time("yesterday")
    ''
    """
    try:
        return datetime.fromisoformat(warc_date or "").replace(microsecond=0).isoformat()
    except ValueError:
        return ""


def http_headers(status_headers: StatusAndHeaders | None) -> dict[str, str]:
    """A record's HTTP headers as the spider keeps a response's (repeats joined)."""
    joined: dict[str, str] = {}
    for name, value in status_headers.headers if status_headers else []:
        joined[name] = f"{joined[name]}, {value}" if name in joined else value
    return joined


@dataclass
class WarcTally:
    """What the reader saw: records read, pages given, and the records that
    were skipped or broken, by reason."""

    records: int = 0
    pages: int = 0
    skipped: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        """One line for a command's report.

        >>> WarcTally(3, 1, Counter({"not a response: request": 2})).summary()
        '3 records, 1 pages; skipped: 2 not a response: request'
        """
        why = ", ".join(f"{n} {reason}" for reason, n in self.skipped.most_common())
        return f"{self.records} records, {self.pages} pages" + (f"; skipped: {why}" if why else "")


class WarcReader:
    """The pages of the HTTP response records of one WARC file (`.warc` or
    `.warc.gz`), in file order; `tally` counts what was skipped and why.
    `max_size` caps a page's HTML like DOWNLOAD_MAXSIZE caps a download."""

    def __init__(self, path: str | Path, tally: WarcTally, max_size: int = 16 << 20) -> None:
        self.path = Path(path)
        self.tally = tally
        self.max_size = max_size
        self.meta: dict[str, dict] = {}

    def pages(self) -> Iterator[Page]:
        with self.path.open("rb") as fh:
            magic = GZIP_MAGIC if fh.read(3) == GZIP_MAGIC else WARC_MAGIC
            offset: int | None = 0
            while offset is not None:
                fh.seek(offset)
                records = ArchiveIterator(fh, check_digests=True)
                try:
                    yield from self._read(records)
                    if records.offset >= self.path.stat().st_size:
                        return
                    reason = "the file ends inside a record (truncated)"
                except READ_ERRORS as exc:
                    reason = f"cannot read a record: {_why(exc)}"
                yield self._broken(records.offset, reason)
                offset = next_start(fh, records.offset + 1, magic)

    def _read(self, records: ArchiveIterator) -> Iterator[Page]:
        for record in records:
            self.tally.records += 1
            at = records.offset
            page = self._page(record)
            errors = records.err_count
            records.read_to_end()  # and past the blank lines that end a record
            if page is None:
                continue
            if records.err_count > errors and not page.error:
                page = self._error(page, "corrupt WARC record: wrong Content-Length")
            page.id = f"{self.path.name}@{at}"
            self.tally.pages += 1
            yield page

    def _page(self, record) -> Page | None:
        kind = record.rec_type
        if kind == "metadata" and record.content_type == META_TYPE:
            self._remember(record)
            return None
        if kind != "response":
            self.tally.skipped[f"not a response: {kind}"] += 1
            return None
        page = self._new_page(record)
        if record.http_headers is None:  # a dns: record, or HTTP headers cut short
            page = self._whole(record, page)
            if not page.error:
                self.tally.skipped["not an HTTP response"] += 1
            return page if page.error else None
        mime = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
        if mime and mime not in HTML_MIMES:
            return self._error(page, f"not html: {mime}")
        page.html = record.content_stream().read(self.max_size + 1)
        if len(page.html) > self.max_size:
            return self._error(page, f"too large: over {self.max_size} bytes")
        return self._whole(record, page)

    def _new_page(self, record) -> Page:
        """The page of a response record, without its HTML."""
        url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
        meta = self.meta.pop(record.rec_headers.get_header("WARC-Record-ID"), {})
        status = record.http_headers.get_statuscode() if record.http_headers else ""
        return Page(url=url, final_url=url, source=meta.get("source", ""),
                    status=int(status) if str(status).isdigit() else 0,
                    headers=http_headers(record.http_headers),
                    fetched=fetch_time(record.rec_headers.get_header("WARC-Date")),
                    hints=meta.get("hints") or {"via": "warc"},
                    options=meta.get("options") or {})  # fmt: skip

    def _whole(self, record, page: Page) -> Page:
        """`page`, or its error if the record's block was not read whole."""
        stream = record.raw_stream
        while stream.read(CHUNK):
            pass
        if record.length is None or getattr(stream, "limit", 0) > 0:
            return self._error(page, "corrupt WARC record: truncated")
        checker = record.digest_checker
        if checker is not None and checker.passed is False:
            return self._error(page, "corrupt WARC record: digest mismatch")
        return page

    def _remember(self, record) -> None:
        try:
            meta = json.loads(record.content_stream().read(self.max_size))
        except ValueError:
            meta = None
        target = record.rec_headers.get_header("WARC-Concurrent-To")
        if isinstance(meta, dict) and target:
            self.meta = {target: meta}  # only the next response can be concurrent to it

    def _error(self, page: Page, reason: str) -> Page:
        self.tally.skipped["too large" if reason.startswith("too large") else reason] += 1
        page.html, page.error = b"", reason
        return page

    def _broken(self, offset: int, reason: str) -> Page:
        self.tally.skipped["corrupt WARC: " + reason.split(":")[0].split(" (")[0]] += 1
        where = f"{self.path.name}@{offset}"
        return Page(url=f"{self.path}#{offset}", id=where, status=0,
                    error=f"corrupt WARC at byte {offset}: {reason}")  # fmt: skip


def _why(exc: BaseException) -> str:
    """An exception as a short, printable reason.

    >>> _why(ValueError("bad\\x8b\\x00 line"))
    'ValueError: bad line'
    """
    text = " ".join("".join(c for c in str(exc) if c.isascii() and c.isprintable()).split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def next_start(fh: BinaryIO, offset: int, magic: bytes) -> int | None:
    """The offset of the first `magic` (a gzip member's or a WARC record's
    start) at or after `offset`, read in chunks; None at the end of the file.

    >>> next_start(BytesIO(b"junkWARC/1.0 more"), 1, WARC_MAGIC), next_start(BytesIO(b"junk"), 0, WARC_MAGIC)
    (4, None)
    """
    fh.seek(offset)
    tail = b""
    while chunk := fh.read(CHUNK):
        data = tail + chunk
        if (at := data.find(magic)) >= 0:
            return offset - len(tail) + at
        tail = data[-(len(magic) - 1) :]
        offset += len(chunk)
    return None


# -- writing ------------------------------------------------------------------


def response_record(writer: WARCWriter, page: dict) -> list:
    """The WARC records of one archived page (`pages` row, HTML decompressed):
    our metadata record (source, hints, options), then the response."""
    headers = [(k, v) for k, v in json.loads(page["headers"] or "{}").items()
               if k.lower() not in WIRE_HEADERS]  # fmt: skip
    headers.append(("Content-Length", str(len(page["html"]))))
    status = page["status"] or 200
    http = StatusAndHeaders(f"{status} {'OK' if status == 200 else ''}".strip(), headers,
                            protocol="HTTP/1.1")  # fmt: skip
    warc_headers = {"WARC-Date": warc_date(page["fetched"])}
    response = writer.create_warc_record(
        page["url"], "response", payload=BytesIO(page["html"]), http_headers=http,
        warc_headers_dict=warc_headers,
    )  # fmt: skip
    meta = json.dumps({"source": page["source"], "hints": json.loads(page["hints"] or "{}"),
                       "options": json.loads(page["options"] or "{}")}).encode()  # fmt: skip
    warc_headers["WARC-Concurrent-To"] = response.rec_headers.get_header("WARC-Record-ID")
    metadata = writer.create_warc_record(
        page["url"], "metadata", payload=BytesIO(meta), warc_content_type=META_TYPE,
        warc_headers_dict=warc_headers,
    )  # fmt: skip
    return [metadata, response]


def warc_date(fetched: str | None) -> str:
    """A page's fetch time as a WARC-Date.

    >>> warc_date("2024-03-05T07:08:09+00:00"), warc_date("2024-03-05T07:08:09Z")
    ('2024-03-05T07:08:09Z', '2024-03-05T07:08:09Z')
    """
    try:
        when = datetime.fromisoformat(fetched or "")
    except ValueError:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if when.utcoffset():
        when = when - when.utcoffset()
    return when.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def write_warc(out: BinaryIO, pages: Iterable[dict], description: str) -> int:
    """Write a `warcinfo` record, then each page's records, gzip per record
    (what warcio, pywb and Common Crawl expect); the number of pages."""
    writer = WARCWriter(out, gzip=True)
    info = {"software": f"newsspider (extractor {EXTRACTOR_VERSION})", "format":
            "WARC File Format 1.1", "description": description}  # fmt: skip
    writer.write_record(writer.create_warcinfo_record(getattr(out, "name", "out.warc.gz"), info))
    count = 0
    for page in pages:
        for record in response_record(writer, page):
            writer.write_record(record)
        count += 1
    return count


def archived_pages(db_path: str | Path, since: str | None = None, source: str | None = None):
    """The corpus's archived pages (fetched at or after `since`, of `source`),
    one at a time, HTML decompressed: what `write_warc` takes."""
    conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute(
            "SELECT a.source, p.url, p.fetched, p.status, p.headers, p.html_gz, p.hints, "
            "p.options FROM pages p JOIN articles a ON a.id = p.article_id "
            "WHERE (? IS NULL OR p.fetched >= ?) AND (? IS NULL OR a.source = ?) "
            "ORDER BY p.article_id",
            [since, since, source, source],
        )
        for row in rows:
            yield {**dict(row), "html": gzip.decompress(row["html_gz"])}
    finally:
        conn.close()
