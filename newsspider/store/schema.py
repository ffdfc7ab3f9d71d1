"""The corpus's tables (the README and data/metadata.yml describe each column),
created on first open; an older corpus gains the columns it lacks."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from newsspider.items import ARTICLE_COLUMNS

JSON_COLUMNS = ("authors", "tags", "provenance")
COUNTS = ("new", "updated", "unchanged", "duplicates", "rejected", "errors")

# table -> (columns, primary key, indexes); the documented `articles` columns first.
SCHEMA: dict[str, tuple[dict[str, Any], str, list[list[str]]]] = {
    "articles": (
        {"id": int, **dict.fromkeys(ARTICLE_COLUMNS, str), "word_count": int, "duplicate_of": int,
         "similarity": float, "fetched_url": str, "etag": str, "last_modified": str},
        "id",
        [["content_hash"], ["source", "published_utc"], ["fetched_url"], ["duplicate_of"]],
    ),
    "article_urls": (
        {"url": str, "article_id": int, "source": str, "first_seen": str}, "url", [["article_id"]]
    ),
    "article_bands": ({"article_id": int, "hash": int}, "", [["hash"], ["article_id"]]),
    "article_versions": (
        {"id": int, "article_id": int, "title": str, "body": str, "content_hash": str,
         "seen_from": str, "seen_until": str},
        "id",
        [["article_id"]],
    ),
    "pages": (
        {"article_id": int, "url": str, "fetched": str, "status": int, "headers": str,
         "html_gz": bytes, "hints": str, "options": str},
        "article_id",
        [],
    ),
    "listings": (
        {"url": str, "source": str, "kind": str, "etag": str, "last_modified": str,
         "fetched": str, "entries": int},
        "url",
        [],
    ),
    "runs": (
        {"id": int, "started": str, "finished": str, "finish_reason": str, "spider": str,
         "sources": str, **dict.fromkeys(COUNTS, int), "stats": str},
        "id",
        [],
    ),
    "rejects": (
        {"id": int, "run_id": int, "url": str, "source": str, "reason": str, "status": int,
         "at": str},
        "id",
        [["url"], ["run_id"]],
    ),
    "discovery": (
        {"run_id": int, "source": str, "outcome": str, "count": int, "examples": str,
         "detail": str},
        "",
        [["run_id", "source"]],
    ),
    # pages whose extraction ran past NEWS_PAGE_TIMEOUT: the hash of the HTML that did
    "timeouts": ({"url": str, "source": str, "html_hash": str, "reason": str, "at": str}, "url", []),
    "sources": (
        {"name": str, "homepage": str, "last_run": int, "last_crawled": str,
         "last_success": str, "articles_total": int, "new_last_run": int,
         "rejected_last_run": int, "errors_last_run": int, "consecutive_failures": int,
         "status": str, "last_error": str},
        "name",
        [],
    ),
}  # fmt: skip


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the tables a corpus lacks, and the columns an older one lacks."""
    with db.atomic():
        for name, (columns, pk, indexes) in SCHEMA.items():
            table = db[name]
            if not table.exists():
                table.create(columns, pk=pk or None, not_null={"url"} & set(columns))
                for index in indexes:
                    table.create_index(index)
            else:  # a corpus from an older version gains new columns
                missing = {c: t for c, t in columns.items() if c not in table.columns_dict}
                for column, kind in missing.items():
                    table.add_column(column, kind)
        db["articles"].create_index(["url"], unique=True, if_not_exists=True)
    if not db["articles_fts"].exists():
        db["articles"].enable_fts(
            ["title", "byline", "body"], create_triggers=True, tokenize="porter"
        )
