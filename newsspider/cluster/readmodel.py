"""The read model in Redis: what a worker's spider asks of the corpus.

The writer keeps it: after each commit it copies the rows the batch touched
(`publish`), and at its start it rebuilds the whole from the corpus
(`rebuild`). A worker reads it through `RedisIndex`, which answers as
`CorpusIndex` does. Three hashes, field = URL, value = JSON:

- ``newsspider:articles``: first_seen, last_seen, etag, last_modified of the
  article stored under that URL or fetched from it; ``{"alias": true}`` for
  the URL of an exact copy;
- ``newsspider:listings``: kind, etag and last_modified of a feed or sitemap;
- ``newsspider:timeouts``: html_hash and at of a page whose extraction timed out.

Near-duplicates are decided by the writer alone, at write time, against the
corpus (`RedisIndex.near_candidates` gives none): shipping every body's
bands and first words to Redis would double what the model holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import redis

from newsspider.cluster.app import PREFIX
from newsspider.store import CorpusIndex

ARTICLES, LISTINGS, TIMEOUTS = (f"{PREFIX}{n}" for n in ("articles", "listings", "timeouts"))
ARTICLE_FIELDS = ("first_seen", "last_seen", "etag", "last_modified")
#: rows written to Redis per round trip
CHUNK = 1000


class RedisIndex(CorpusIndex):
    """`CorpusIndex`'s look-ups, answered from the writer's read model."""

    def __init__(self, url: str) -> None:
        self.conn = None  # no SQLite here
        self.redis = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)

    def close(self) -> None:
        self.redis.close()

    def _get(self, key: str, url: str) -> dict[str, Any] | None:
        value = self.redis.hget(key, url)
        return json.loads(value) if value else None

    def article(self, *urls: str) -> dict[str, Any] | None:
        for url in dict.fromkeys(urls):
            if found := self._get(ARTICLES, url):
                return found
        return None

    def near_candidates(self, bands, limit, chars) -> tuple[int, list[tuple[int, str]]]:
        return 0, []  # the writer compares with the corpus at write time

    def timed_out(self, url: str) -> dict[str, Any] | None:
        return self._get(TIMEOUTS, url)

    def listing(self, url: str) -> dict[str, Any] | None:
        return self._get(LISTINGS, url)

    def archived_pages(self, all_pages: bool, version: str):
        return iter(())


#: hash, query, the URL columns it is looked up by
QUERIES = (
    (ARTICLES, "SELECT url FROM article_urls", ("url",)),  # aliases first: a URL both
    (ARTICLES, "SELECT url, fetched_url, first_seen, last_seen, etag, last_modified FROM articles",
     ("url", "fetched_url")),  # stored and aliased reads as stored
    (LISTINGS, "SELECT url, kind, etag, last_modified FROM listings", ("url",)),
    (TIMEOUTS, "SELECT url, html_hash, at FROM timeouts", ("url",)),
)  # fmt: skip
ALIAS = json.dumps({"alias": True})


def model_rows(db, urls: Iterable[str] | None = None) -> Iterator[tuple[str, str, str]]:
    """(hash, URL, JSON) of every read-model entry of the corpus `db` (a
    sqlite-utils Database), or only of those of `urls`."""
    params = None if urls is None else sorted(set(urls))
    if params == []:
        return
    for key, sql, columns in QUERIES:
        if params is not None:
            marks = ", ".join("?" for _ in params)
            sql += " WHERE " + " OR ".join(f"{c} IN ({marks})" for c in columns)
        cursor = db.execute(sql, (params or []) * len(columns))
        names = [d[0] for d in cursor.description]
        for values in cursor:
            yield from entries(key, dict(zip(names, values, strict=True)))


def entries(key: str, row: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """The read-model entries of one corpus row.

    >>> list(entries(ARTICLES, {"url": "u", "fetched_url": "f", "first_seen": "t", "last_seen": "t",
    ...                         "etag": None, "last_modified": None}))[1][1:]
    ('f', '{"first_seen": "t", "last_seen": "t", "etag": null, "last_modified": null}')
    >>> list(entries(LISTINGS, {"url": "u", "kind": "feed", "etag": "e", "last_modified": None}))
    [('newsspider:listings', 'u', '{"kind": "feed", "etag": "e", "last_modified": null}')]
    """
    if key == ARTICLES and "fetched_url" not in row:
        yield key, row["url"], ALIAS
        return
    value = json.dumps({k: v for k, v in row.items() if k not in ("url", "fetched_url")})
    for url in dict.fromkeys(u for u in (row["url"], row.get("fetched_url")) if u):
        yield key, url, value


def publish(client: redis.Redis, db, urls: Iterable[str]) -> int:
    """Copy the read-model entries of `urls` from the corpus to Redis; how many."""
    return _write(client, model_rows(db, urls), {})


def rebuild(client: redis.Redis, db) -> int:
    """Replace the whole read model by what the corpus holds now; how many
    entries. Built under temporary keys and swapped in at once, so a worker
    reading meanwhile sees the old model or the new one."""
    fresh = {key: f"{key}:rebuilding" for key in (ARTICLES, LISTINGS, TIMEOUTS)}
    client.delete(*fresh.values())
    n = _write(client, model_rows(db), fresh)
    built = [client.exists(temporary) for temporary in fresh.values()]
    swap = client.pipeline()  # MULTI: one step for readers
    for (key, temporary), exists in zip(fresh.items(), built, strict=True):
        swap.rename(temporary, key) if exists else swap.delete(key)
    swap.execute()
    return n


def _write(client: redis.Redis, entries: Iterable[tuple[str, str, str]], rename: dict) -> int:
    n, pipe = 0, client.pipeline(transaction=False)
    for key, url, value in entries:
        pipe.hset(rename.get(key, key), url, value)
        n += 1
        if n % CHUNK == 0:
            pipe.execute()
    pipe.execute()
    return n
