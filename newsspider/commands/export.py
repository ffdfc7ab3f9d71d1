"""`scrapy export -O FILE`: the corpus's articles in Scrapy's feed formats
(JSON Lines, JSON, CSV, XML), read from the corpus read-only; and the feed
exporters behind `scrapy crawl news -O FILE`, which write the articles the
run stored, with their corpus ids, once the crawl has finished.

Each record has `id` and every `articles` column; `authors`, `tags` and
`provenance` are lists and objects (JSON text in CSV).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from itemadapter import ItemAdapter
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.exporters import (
    CsvItemExporter,
    JsonItemExporter,
    JsonLinesItemExporter,
    XmlItemExporter,
)
from scrapy.utils.misc import load_object

from newsspider.items import ARTICLE_COLUMNS

FIELDS = ("id", *ARTICLE_COLUMNS)
JSON_FIELDS = ("authors", "tags", "provenance")
#: file extensions and -t names -> Scrapy's feed format names
FORMATS = {"jsonl": "jsonlines", "jl": "jsonlines", "jsonlines": "jsonlines", "json": "json",
           "csv": "csv", "xml": "xml"}  # fmt: skip
NO_CORPUS = "no corpus at {}: run `scrapy crawl news` or `scrapy demo` first"
#: url look-ups per query (SQLite's default limit is 32,766 variables)
CHUNK = 500


def record(row: dict[str, Any], flat: bool = False) -> dict[str, Any]:
    """An `articles` row as an export record: `id` and every column, the
    JSON columns as lists and objects, or left as JSON text when `flat` (CSV).

    >>> record({"id": 3, "url": "https://a.example/x", "authors": '["Ann Lee"]', "tags": None})["authors"]
    ['Ann Lee']
    >>> record({"id": 3, "authors": '["Ann Lee"]'}, flat=True)["authors"], record({})["tags"]
    ('["Ann Lee"]', [])
    """
    out = {field: row.get(field) for field in FIELDS}
    for field in JSON_FIELDS:
        value = json.loads(out[field]) if out[field] else ({} if field == "provenance" else [])
        out[field] = json.dumps(value, ensure_ascii=False) if flat else value
    return out


def since_bound(text: str) -> str:
    """The lower bound of `first_seen` that ``--since`` gives: an ISO date, or
    a date and time (converted to UTC when it names an offset).

    >>> since_bound("2024-05-01"), since_bound("2024-05-01T10:30:00+02:00")
    ('2024-05-01', '2024-05-01T08:30:00')
    >>> since_bound("yesterday")
    Traceback (most recent call last):
    ...
    ValueError: --since: not an ISO date: 'yesterday' (e.g. 2024-05-01 or 2024-05-01T09:00:00Z)
    """
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"--since: not an ISO date: {text!r} (e.g. 2024-05-01 or 2024-05-01T09:00:00Z)"
        ) from None
    if len(text) == 10:
        return when.date().isoformat()
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when.isoformat(timespec="seconds")


def connect(db: str | Path) -> sqlite3.Connection:
    """A read-only connection to the corpus (FileNotFoundError when there is none)."""
    if not Path(db).is_file():
        raise FileNotFoundError(NO_CORPUS.format(db))
    conn = sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def corpus_rows(
    conn: sqlite3.Connection, since: str | None = None, source: str | None = None
) -> Iterator[dict[str, Any]]:
    """The corpus's articles, oldest first, first seen from `since` on and of `source`."""
    where, params = [], []
    if since:
        where.append("first_seen >= ?")
        params.append(since)
    if source:
        where.append("source = ?")
        params.append(source)
    sql = "SELECT * FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
    for row in conn.execute(sql + " ORDER BY id", params):
        yield dict(row)


def unknown_source(conn: sqlite3.Connection, name: str) -> str | None:
    """Why `name` selects nothing (naming the sources there are), or None."""
    if conn.execute("SELECT 1 FROM articles WHERE source = ? LIMIT 1", [name]).fetchone():
        return None
    names = sorted(r[0] for r in conn.execute("SELECT DISTINCT source FROM articles"))
    return f"no articles of source {name!r} (known: {', '.join(names)})"


def stored_rows(conn: sqlite3.Connection, urls: list[str]) -> Iterator[dict[str, Any]]:
    """The stored articles of `urls`, in that order, each once: an article
    stored under the URL, or the one the URL is an exact copy of."""
    seen: set[int] = set()
    for start in range(0, len(urls), CHUNK):
        chunk = urls[start : start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        by_url = {}
        for row in conn.execute(
            f"SELECT a.*, a.url AS looked_up FROM articles a WHERE a.url IN ({marks}) UNION ALL "
            f"SELECT a.*, u.url FROM article_urls u JOIN articles a ON a.id = u.article_id "
            f"WHERE u.url IN ({marks})",
            chunk * 2,
        ):
            by_url.setdefault(row["looked_up"], dict(row))
        for url in chunk:
            row = by_url.get(url)
            if row is not None and row["id"] not in seen:
                seen.add(row["id"])
                yield row


class StoredArticles:
    """A feed exporter for `scrapy crawl news -O FILE`: the store step writes
    articles in batches, and the corpus gives an article its id only then,
    after the item went by. So an item without an `id` is noted, and when the
    crawl has finished (every batch written) the articles noted are exported
    as stored, with their ids. Items that have an id are exported at once."""

    flat = False

    def __init__(self, file: BinaryIO, *, db: str | None = None, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self.db = db
        self.urls: dict[str, None] = {}

    @classmethod
    def from_crawler(cls, crawler, file: BinaryIO, **kwargs: Any):
        return cls(file, db=crawler.settings.get("NEWS_DB"), **kwargs)

    def export_item(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        if self.db and adapter.get("id") is None and adapter.get("url"):
            self.urls[adapter["url"]] = None
        else:
            super().export_item(item)

    def finish_exporting(self) -> None:
        if self.urls:
            with closing(connect(self.db)) as conn:
                for row in stored_rows(conn, list(self.urls)):
                    super().export_item(record(row, self.flat))
        super().finish_exporting()


class JsonLinesExporter(StoredArticles, JsonLinesItemExporter):
    pass


class JsonExporter(StoredArticles, JsonItemExporter):
    pass


class CsvExporter(StoredArticles, CsvItemExporter):
    flat = True


class XmlExporter(StoredArticles, XmlItemExporter):
    pass


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--since DATE] [--source NAME] (-O FILE | -o FILE) [-t FORMAT]"

    def short_desc(self) -> str:
        return "Export the corpus's articles as JSON Lines, JSON, CSV or XML"

    def long_desc(self) -> str:
        return (
            "Writes the articles of the corpus (the NEWS_DB setting), oldest first, in one of "
            "Scrapy's feed formats, chosen by the file's extension or -t: jsonl (or jl), "
            "json, csv, xml. -O overwrites FILE, -o appends to it; - is standard output "
            "(JSON Lines unless -t says otherwise). The corpus is only read: a crawl may run "
            "at the same time. Each record has `id` and every `articles` column."
        )

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("-O", "--overwrite-output", metavar="FILE", help="write FILE anew")
        parser.add_argument("-o", "--output", metavar="FILE", help="append to FILE")
        parser.add_argument("-t", "--output-format", metavar="FORMAT", help="jsonl, json, csv, xml")
        parser.add_argument("--since", metavar="DATE", help="articles first seen on or after DATE")
        parser.add_argument("--source", metavar="NAME", help="articles of this source only")

    def run(self, args: list[str], opts) -> None:
        if args:
            raise UsageError("scrapy export takes no arguments; use -O FILE")
        if bool(opts.output) == bool(opts.overwrite_output):
            raise UsageError("give one of -O FILE (overwrite) or -o FILE (append)")
        target = opts.overwrite_output or opts.output
        try:
            kind = output_format(target, opts.output_format)
            since = since_bound(opts.since) if opts.since else None
            conn = connect(self.settings.get("NEWS_DB"))
        except (ValueError, FileNotFoundError) as exc:
            return self.fail(2, str(exc))
        with closing(conn):
            if opts.source and (problem := unknown_source(conn, opts.source)):
                return self.fail(2, problem)
            try:
                with output_file(target, append=bool(opts.output)) as file:
                    count = self.write(file, kind, corpus_rows(conn, since, opts.source))
            except OSError as exc:
                return self.fail(1, f"cannot write {target}: {exc.strerror or exc}")
        print(f"exported {count} articles to {'standard output' if target == '-' else target}",
              file=sys.stderr)  # fmt: skip
        return None

    def write(self, file: BinaryIO, kind: str, rows: Iterable[dict[str, Any]]) -> int:
        exporters = self.settings.getwithbase("FEED_EXPORTERS")
        exporter = load_object(exporters[kind])(file, fields_to_export=list(FIELDS))
        flat = kind == "csv"
        exporter.start_exporting()
        count = 0
        for count, row in enumerate(rows, 1):  # noqa: B007 -- the count is the result
            exporter.export_item(record(row, flat))
        exporter.finish_exporting()
        return count

    def fail(self, status: int, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = status


def output_format(target: str, given: str | None) -> str:
    """The feed format for `target`: `given` (-t), else the file's extension;
    standard output (``-``) is JSON Lines unless told otherwise.

    >>> output_format("out.jsonl", None), output_format("-", None), output_format("x.txt", "csv")
    ('jsonlines', 'jsonlines', 'csv')
    >>> output_format("articles", None)
    Traceback (most recent call last):
    ...
    ValueError: cannot tell the format of 'articles': name it .jsonl, .json, .csv or .xml, or give -t FORMAT
    """
    name = given or ("jsonl" if target == "-" else Path(target).suffix.lstrip("."))
    if name.lower() in FORMATS:
        return FORMATS[name.lower()]
    if given:
        raise ValueError(f"-t {given}: not a format (jsonl, json, csv or xml)")
    raise ValueError(
        f"cannot tell the format of {target!r}: name it .jsonl, .json, .csv or .xml, "
        "or give -t FORMAT"
    )


@contextmanager
def output_file(target: str, append: bool) -> Iterator[BinaryIO]:
    if target == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with open(target, "ab" if append else "wb") as file:
        yield file
