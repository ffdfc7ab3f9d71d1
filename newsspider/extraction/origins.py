"""Where a field's value can come from, and how far each origin is trusted:
one table, read by every chooser.

Each row is (field, origin, rank, kind). Rows of the same field and rank are
one group (the authors' chooser takes the first group that names people); a
name ending in ":" stands for every origin it begins ("meta:" for any meta
tag, "hint:" for a source's own selector); otherwise a name stands for itself
and its refinements ("jsonld" for "jsonld:organization", "dateline" for
"dateline:updated"). The kind says what an origin is: "declared" by the
page's metadata, "markup" (an element the page shows), "text" (a text the
page shows), "hint" (a source's selector), "guess" (trafilatura's), "url".

    >>> order("modified")
    ('jsonld', 'meta:')
    >>> groups("authors")[:2]
    (('jsonld',), ('meta:author', 'meta:article:author', 'meta:dc.creator', 'meta:parsely-author', 'meta:sailthru.author', 'meta:byl', 'meta:twitter:data'))
    >>> ranked([("x", "trafilatura"), ("y", "og:title")], ("og:", "trafilatura"))
    [('y', 'og:title'), ('x', 'trafilatura')]
    >>> known("published", "dateline:updated"), known("published", "footer")
    (True, False)
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

ORIGINS: tuple[tuple[str, str, int, str], ...] = (
    # the headline: the page's h1 first, when no candidate is confirmed by another
    ("title", "h1", 0, "markup"),
    ("title", "jsonld", 1, "declared"),
    ("title", "og:title", 2, "declared"),
    ("title", "meta:headline", 3, "declared"),
    ("title", "twitter:title", 4, "declared"),
    ("title", "hint", 5, "hint"),
    ("title", "title", 6, "markup"),
    ("title", "trafilatura", 7, "guess"),
    # the kicker above the headline (titles/kicker.py): shown first, then a declared title's head
    ("kicker", "h1", 0, "markup"),
    ("kicker", "above-h1", 1, "markup"),
    ("kicker", "jsonld", 2, "declared"),
    ("kicker", "og:title", 2, "declared"),
    ("kicker", "twitter:title", 2, "declared"),
    ("kicker", "meta:headline", 2, "declared"),
    # authors: the first group that names people wins
    ("authors", "jsonld", 0, "declared"),
    ("authors", "meta:author", 1, "declared"),
    ("authors", "meta:article:author", 1, "declared"),
    ("authors", "meta:dc.creator", 1, "declared"),
    ("authors", "meta:parsely-author", 1, "declared"),
    ("authors", "meta:sailthru.author", 1, "declared"),
    ("authors", "meta:byl", 1, "declared"),
    ("authors", "meta:twitter:data", 1, "declared"),
    ("authors", "byline-text", 2, "text"),
    ("authors", "rel=author", 3, "markup"),
    ("authors", "byline", 3, "markup"),
    ("authors", "hint:", 4, "hint"),
    ("authors", "trafilatura", 5, "guess"),
    ("authors", "url-slug", 6, "url"),
    # the publication date: the dates shown on the page before trafilatura's
    # guess and before the generic meta dates ("meta:" after "data-date")
    ("published", "jsonld", 0, "declared"),
    ("published", "meta:article:published_time", 1, "declared"),
    ("published", "itemprop", 2, "markup"),
    ("published", "meta:datePublished", 3, "declared"),
    ("published", "meta:pub", 4, "declared"),
    ("published", "meta:dc.date.issued", 5, "declared"),
    ("published", "meta:sailthru", 6, "declared"),
    ("published", "meta:parsely", 7, "declared"),
    ("published", "time[pubdate]", 8, "markup"),
    ("published", "hint:", 9, "hint"),
    ("published", "dateline", 10, "text"),
    ("published", "data-date", 11, "markup"),
    ("published", "meta:", 12, "declared"),
    ("published", "time", 13, "markup"),
    ("published", "trafilatura", 14, "guess"),
    ("published", "url", 15, "url"),
    ("modified", "jsonld", 0, "declared"),
    ("modified", "meta:", 1, "declared"),
    ("site_name", "og:", 0, "declared"),
    ("site_name", "jsonld", 1, "declared"),
    ("site_name", "meta:", 2, "declared"),
    ("site_name", "trafilatura", 3, "guess"),
    ("language", "html:lang", 0, "markup"),
    ("language", "jsonld", 1, "declared"),
    ("language", "meta:", 2, "declared"),
    ("language", "og:", 3, "declared"),
    ("language", "trafilatura", 4, "guess"),
    ("language", "source", 5, "hint"),
    # the canonical URL: the page's link when it names the same article
    ("url", "link:canonical", 0, "markup"),
    ("url", "url", 1, "url"),
    # the first value found wins: metadata in the order `metadata.collect` reads it
    ("description", "jsonld", 0, "declared"),
    ("description", "meta:", 0, "declared"),
    ("description", "og:", 0, "declared"),
    ("description", "trafilatura", 1, "guess"),
    ("section", "jsonld", 0, "declared"),
    ("section", "meta:", 0, "declared"),
    ("section", "trafilatura", 1, "guess"),
    ("image", "jsonld", 0, "declared"),
    ("image", "og:", 0, "declared"),
    ("image", "twitter:", 0, "declared"),
    ("image", "trafilatura", 1, "guess"),
    # the body: the page's markup, else the text the page holds in JSON-LD or a state script
    ("body", "html", 0, "markup"),
    ("body", "jsonld", 1, "declared"),
    ("body", "script:", 2, "declared"),
    ("page_type", "jsonld", 0, "declared"),
    ("page_type", "og:type", 1, "declared"),
    # free to read: the page's word, then a paywall it shows, a prompt to subscribe, a teaser only
    ("free_access", "jsonld", 0, "declared"),
    ("free_access", "markup", 1, "markup"),
    ("free_access", "text", 2, "text"),
    ("free_access", "teaser", 3, "guess"),
)  # fmt: skip
#: the origins of the publication date whose vote counts (every distinct one
#: votes once for its day; the URL's date is counted apart)
VOTERS = ("jsonld", "meta:", "itemprop", "time", "trafilatura", "dateline", "data-date")


def _rows(field: str) -> list[tuple[str, str, int, str]]:
    return sorted((row for row in ORIGINS if row[0] == field), key=lambda row: row[2])


def order(field: str) -> tuple[str, ...]:
    """The origins of `field`, most trusted first."""
    return tuple(row[1] for row in _rows(field))


def groups(field: str) -> tuple[tuple[str, ...], ...]:
    """The origins of `field` in groups of equal trust, most trusted first."""
    return tuple(
        tuple(row[1] for row in rows) for _, rows in groupby(_rows(field), key=lambda r: r[2])
    )


def of_kind(field: str, *kinds: str) -> tuple[str, ...]:
    """The origins of `field` of the `kinds`, in order of trust.

    >>> of_kind("authors", "markup")
    ('rel=author', 'byline')
    """
    return tuple(row[1] for row in _rows(field) if row[3] in kinds)


def known(field: str, origin: str) -> bool:
    """`origin` is one of `field`'s: it is a name of the table, or begins
    with one ending in ":", or refines one (a name, then ":" or "[")."""
    return any(
        origin == name
        or origin.startswith(name if name.endswith(":") else (name + ":", name + "["))
        for name in order(field)
    )


def ranked(values: list[tuple[Any, str]], order: tuple[str, ...]) -> list[tuple[Any, str]]:
    """`values` (value, origin) by the first of `order`'s prefixes each
    origin starts with (the unknown last), in their order within a rank."""

    def rank(item: tuple[Any, str]) -> int:
        return next((i for i, p in enumerate(order) if item[1].startswith(p)), len(order))

    return sorted(values, key=rank)
