"""The corpus's tables (the README and data/metadata.yml describe each column),
created on first open; an older corpus gains the columns it lacks, and its
times are rewritten in the one format (`migrate_times`)."""

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
         "free_access": int, "similarity": float, "fetched_url": str, "etag": str,
         "last_modified": str},
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


#: every column that holds a time of the crawl, in `clock.iso_utc`'s format (not
#: `published` and `modified`: the page's own dates, as the extraction gives them)
TIME_COLUMNS = {
    "articles": ("first_seen", "last_seen"),
    "article_urls": ("first_seen",),
    "article_versions": ("seen_from", "seen_until"),
    "pages": ("fetched",),
    "listings": ("fetched",),
    "runs": ("started", "finished"),
    "rejects": ("at",),
    "timeouts": ("at",),
    "sources": ("last_crawled", "last_success"),
}
#: the corpus's `PRAGMA user_version` once every time is in the one format
ONE_CLOCK = 1


def migrate_times(db: sqlite_utils.Database) -> int:
    """Rewrite the times an older version wrote with a ``Z``
    (``2024-05-03T10:00:00Z``) as every time is now written
    (``2024-05-03T10:00:00+00:00``), so that they compare right as strings;
    once per corpus (its user_version says it is done). The rows changed.

    >>> db = sqlite_utils.Database(memory=True)
    >>> db["runs"].insert_all([{"started": "2024-05-03T10:00:00Z"}, {"started": "2024-05-03T11:00:00+00:00"}])
    <Table runs (started)>
    >>> migrate_times(db), [r["started"] for r in db["runs"].rows], migrate_times(db)
    (1, ['2024-05-03T10:00:00+00:00', '2024-05-03T11:00:00+00:00'], 0)
    """
    if db.execute("PRAGMA user_version").fetchone()[0] >= ONE_CLOCK:
        return 0
    changed = 0
    with db.atomic():
        for table, columns in TIME_COLUMNS.items():
            if not db[table].exists():
                continue
            for c in set(columns) & set(db[table].columns_dict):
                changed += db.execute(
                    f'UPDATE "{table}" SET "{c}" = substr("{c}", 1, length("{c}") - 1) || \'+00:00\' '
                    f"WHERE \"{c}\" GLOB '*Z'"
                ).rowcount
        db.execute(f"PRAGMA user_version = {ONE_CLOCK}")
    return changed


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the tables a corpus lacks, and the columns an older one lacks;
    an older corpus's times in the one format."""
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
    migrate_times(db)
