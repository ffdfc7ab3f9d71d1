"""A store batch as JSON (what crosses the broker) and back.

The HTML goes as its archived gzip, base64-encoded; everything else the
writer's `Corpus.write` reads of an article goes as it is. No pickle: a
message is data, whoever sent it.

    >>> import gzip
    >>> from newsspider.items import Article, Page
    >>> page = Page(url="https://a.example/1", source="a", html=b"<p>Hi</p>", fetched="2026-12-01T10:00:00+00:00")
    >>> batch = Batch(articles=[Article(page=page, record={"url": page.url, "bands": [7]})],
    ...               rejects=[Reject("https://a.example/2", "http 404", "a", 404)])
    >>> back = decode_batch(json.loads(json.dumps(encode_batch(batch))))
    >>> gzip.decompress(back.articles[0].html_gz), back.articles[0].record["bands"], back.rejects[0].reason
    (b'<p>Hi</p>', [7], 'http 404')
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict
from typing import Any

from newsspider.items import Article, Batch, Listing, Page, Reject, Touch

#: the page fields the writer stores (the HTML goes compressed, apart)
PAGE_FIELDS = ("url", "source", "final_url", "status", "headers", "fetched", "hints", "options")


def jsonable(value: Any) -> Any:
    """`value` with whatever JSON cannot hold (dates, sets) as text.

    >>> jsonable({"when": __import__("datetime").date(2026, 1, 2), "n": 1})
    {'when': '2026-01-02', 'n': 1}
    """
    return json.loads(json.dumps(value, default=str))


def encode_article(article: Article) -> dict[str, Any]:
    page = article.page
    html_gz = article.html_gz or page.compressed()
    return {
        "page": jsonable({k: getattr(page, k) for k in PAGE_FIELDS}),
        "record": jsonable(article.record),
        "provenance": article.provenance,
        "html_gz": base64.b64encode(html_gz).decode("ascii"),
    }


def decode_article(data: dict[str, Any]) -> Article:
    return Article(
        page=Page(**data["page"]),
        record=data["record"],
        provenance=data["provenance"],
        html_gz=base64.b64decode(data["html_gz"]),
    )


def encode_batch(batch: Batch) -> dict[str, Any]:
    return {
        "articles": [encode_article(a) for a in batch.articles],
        "rejects": [asdict(r) for r in batch.rejects],
        "touches": [asdict(t) for t in batch.touches],
        "listings": [asdict(listing) for listing in batch.listings],
    }


def decode_batch(data: dict[str, Any]) -> Batch:
    return Batch(
        articles=[decode_article(a) for a in data["articles"]],
        rejects=[Reject(**r) for r in data["rejects"]],
        touches=[Touch(**t) for t in data["touches"]],
        listings=[Listing(**listing) for listing in data["listings"]],
    )
