"""The dedupe decisions: is an article an exact copy of a stored one (its URL
becomes an alias), or a near-copy (stored, linked through ``duplicate_of``
with its similarity)?

The dedupe step (pipelines/dedupe.py) fingerprints each body (MinHash bands)
and compares it, in a worker process, with the committed articles sharing a
band; the writer compares it only with those written since, here, with the
same `near_copy` and the same bounds: the first NEAR_CANDIDATES candidates,
on the first NEAR_WORDS words of each body, so crafted bodies that all share
a band cost no more than that.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

import sqlite_utils

WORD = re.compile(r"\w+")
#: earlier articles compared with a new one at most, and words of each body compared
NEAR_CANDIDATES = 20
NEAR_WORDS = 3000
#: characters read of a body to find its first NEAR_WORDS words
NEAR_CHARS = NEAR_WORDS * 64


def shingles(text: str, n: int = 4, limit: int | None = None) -> set[tuple[str, ...]]:
    """The word `n`-grams of `text` (of its first `limit` words only, if given).

    >>> sorted(shingles("One two three four five"))
    [('one', 'two', 'three', 'four'), ('two', 'three', 'four', 'five')]
    """
    if limit is None:
        words = WORD.findall(text.casefold())
    else:
        words = [m.group() for m in islice(WORD.finditer(text[: limit * 64].casefold()), limit)]
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the word 4-gram sets of two texts.

    >>> similarity("one two three four five", "one two three four five"), similarity("a b c d", "e f g h")
    (1.0, 0.0)
    """
    return jaccard(shingles(a), shingles(b))


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def near_copy(
    body: str, candidates: list[tuple[int, str]], threshold: float
) -> tuple[int | None, float | None]:
    """(id, similarity) of the candidate `body` is a near-copy of (the most
    similar, the first of equals), or (None, None); on the first NEAR_WORDS
    words of each.

    >>> near_copy("a b c d e f", [(1, "x y z w"), (2, "a b c d e f g")], 0.6)
    (2, 0.75)
    >>> near_copy("a b c d e f", [(1, "x y z w")], 0.6)
    (None, None)
    """
    own = shingles(body, limit=NEAR_WORDS)
    scores = ((i, jaccard(own, shingles(b, limit=NEAR_WORDS))) for i, b in candidates)
    best = max(scores, key=lambda x: x[1], default=(None, 0.0))
    return best if best[1] >= threshold else (None, None)


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
