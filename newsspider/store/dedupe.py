"""The dedupe decisions: is an article an exact copy of a stored one (its URL
becomes an alias), or a near-copy (stored, linked through ``duplicate_of``
with its similarity)?

The extraction chain fingerprints each body (MinHash bands,
`newsspider.extraction.fingerprint`), and the dedupe step compares it, in a
worker process, with the committed articles sharing a band; the writer compares it only with those written since, here, with the
same `near_copy` and the same bounds: the first NEAR_CANDIDATES candidates,
on the first NEAR_WORDS words of each body, so crafted bodies that all share
a band cost no more than that.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from newsspider.extraction.fingerprint import NEAR_CANDIDATES, NEAR_CHARS, near_copy


def exact_copy_of(db: sqlite_utils.Database, content_hash: str | None) -> int | None:
    """The stored original with the same content hash, if there is one."""
    if not content_hash:
        return None
    row = db.execute(
        "SELECT id FROM articles WHERE content_hash = ? AND duplicate_of IS NULL "
        "ORDER BY id LIMIT 1",
        [content_hash],
    ).fetchone()
    return row[0] if row else None


def alias(db: sqlite_utils.Database, article_id: int, urls: list[str], source: str, seen: str):
    """Record `urls` as other addresses of the article `article_id`."""
    for url in dict.fromkeys(urls):
        db["article_urls"].insert(
            {"url": url, "article_id": article_id, "source": source, "first_seen": seen},
            pk="url",
            ignore=True,
        )


def near_copy_of(
    db: sqlite_utils.Database, record: dict[str, Any], threshold: float
) -> tuple[int | None, float | None]:
    """The earlier article this one is a near-copy of, with the similarity.
    The dedupe step compared it (in a worker) with the articles committed
    when it looked (``record["near_copy"]``); here only those written since are."""
    bands = record.get("bands") or []
    if not bands:
        return None, None
    found, found_sim, upto, compared = record.get("near_copy") or (None, None, 0, 0)
    if compared >= NEAR_CANDIDATES:
        return found, found_sim
    marks = ", ".join("?" for _ in bands)
    rows = db.execute(
        f"SELECT a.id, substr(a.body, 1, ?) FROM articles a WHERE a.duplicate_of IS NULL "
        f"AND a.id > ? AND a.id IN (SELECT article_id FROM article_bands WHERE hash IN ({marks})) "
        "ORDER BY a.id LIMIT ?",
        [NEAR_CHARS, upto, *bands, NEAR_CANDIDATES - compared],
    ).fetchall()
    later, later_sim = near_copy(record.get("body") or "", rows, threshold)
    if found is not None and (later is None or found_sim >= later_sim):
        return found, found_sim
    return later, later_sim


def index_bands(db: sqlite_utils.Database, article_id: int, bands: list[int]) -> None:
    """The article's band hashes, where later articles find it as a candidate."""
    db.execute("DELETE FROM article_bands WHERE article_id = ?", [article_id])
    db.conn.executemany(
        "INSERT INTO article_bands (article_id, hash) VALUES (?, ?)",
        [(article_id, h) for h in bands],
    )
