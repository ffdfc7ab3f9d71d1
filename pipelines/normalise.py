"""Normalise step: choose title, authors, dates, canonical URL, language and
the rest from the extract step's candidates, and record where each came from.

CPU-heavy (dateparser), so it runs in the worker processes too.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin

from newsspider import EXTRACTOR_VERSION
from newsspider.extraction.authors import clean_authors, split_byline
from newsspider.extraction.dates import When, parse_date, to_iso
from newsspider.extraction.titles import choose_title, norm
from newsspider.items import Article
from newsspider.urls import choose_canonical, date_from_url
from newsspider.workers import release_for, workers_for

Candidates = dict[str, list[tuple[Any, str]]]

AUTHOR_GROUPS = (
    ("jsonld",),
    ("meta:author", "meta:article:author", "meta:dc.creator", "meta:parsely-author",
     "meta:sailthru.author", "meta:byl"),
    ("rel=author", "byline"),
    ("hint:",),
    ("trafilatura",),
)  # fmt: skip
DATE_ORDER = (
    "jsonld", "meta:article:published_time", "itemprop", "meta:", "time[pubdate]", "hint:",
    "trafilatura", "time", "dateline", "url",
)  # fmt: skip
MODIFIED_ORDER = ("jsonld", "meta:")
LANG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)


def _ranked(values: list[tuple[Any, str]], order: tuple[str, ...]) -> list[tuple[Any, str]]:
    def rank(item: tuple[Any, str]) -> int:
        return next((i for i, p in enumerate(order) if item[1].startswith(p)), len(order))

    return sorted(values, key=rank)


def choose_authors(candidates: Candidates) -> tuple[list[str], str | None, str | None]:
    """(authors, byline as shown, origin), from the most trusted group that names people.

    >>> choose_authors({"authors": [("Daily Planet", "jsonld:organization"),
    ...                             ("By Ann Lee and Bo Chan", "byline")]})
    (['Ann Lee', 'Bo Chan'], 'Ann Lee and Bo Chan', 'byline')
    """
    values = candidates.get("authors", [])
    publisher = next((v for v, _ in candidates.get("site_name", [])), None)
    for group in AUTHOR_GROUPS:
        chosen = [(v, o) for v, o in values if o.startswith(group)]
        names = clean_authors((v for v, _ in chosen), publisher=publisher)
        if names:
            return names, _byline(values, names), chosen[0][1]
    return [], None, None


def _byline(values: list[tuple[Any, str]], names: list[str]) -> str:
    for value, origin in values:
        if origin in ("byline", "rel=author") and names[0] in value and split_byline(value):
            text = re.sub(r"^\s*(by|written by|von|par|por)\s+", "", value, flags=re.I)
            if len(text) <= 200:
                return text.strip()
    return ", ".join(names)


def choose_date(
    values: list[tuple[Any, str]], fetched: datetime, options: dict[str, Any], order=DATE_ORDER
) -> tuple[When, str] | None:
    """The first plausible date in trust order; a date-only value is completed
    with the time of a later candidate on the same day."""
    tz = options.get("timezone")
    langs = tuple(options.get("languages") or ())
    parsed = []
    for value, origin in _ranked(values, order):
        when = parse_date(value, fetched, tz=tz, languages=langs, date_order=options.get("date_order"))
        if when is not None:
            parsed.append((when, origin))
    if not parsed:
        return None
    best, origin = parsed[0]
    if not isinstance(best, datetime):
        for when, _ in parsed[1:]:
            if isinstance(when, datetime) and when.date() == best:
                return when, origin
    return best, origin


def normalise_fields(
    candidates: Candidates, paragraphs: list[str], url: str, fetched: str, options: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The article's columns and their provenance."""
    record: dict[str, Any] = {}
    prov: dict[str, str] = {}
    fetched_at = datetime.fromisoformat(fetched) if fetched else datetime.now(timezone.utc)
    canonical = next((v for v, _ in candidates.get("canonical", [])), None)
    record["url"] = choose_canonical(url, canonical)
    prov["url"] = "link:canonical" if canonical and record["url"] != choose_canonical(url, None) else "url"
    site_name = next((v for v, _ in candidates.get("site_name", [])), None)
    if title := choose_title(candidates.get("title", []), site_name):
        record["title"], prov["title"] = title
    authors, byline, origin = choose_authors(candidates)
    record["authors"], record["byline"] = authors, byline
    if origin:
        prov["authors"] = origin
    dates = list(candidates.get("published", []))
    if url_date := date_from_url(url):
        dates.append((url_date, "url"))
    if found := choose_date(dates, fetched_at, options):
        record["published"], record["published_utc"] = to_iso(found[0])
        prov["published"] = found[1]
    if found := choose_date(candidates.get("modified", []), fetched_at, options, MODIFIED_ORDER):
        modified = to_iso(found[0])
        if modified[1] >= record.get("published_utc", ""):
            record["modified"], prov["modified"] = modified[0], found[1]
    for field in ("description", "section"):
        if values := candidates.get(field):
            record[field], prov[field] = values[0]
    record["language"] = _language(candidates, options, prov)
    record["tags"] = _tags(candidates.get("tags", []))
    if images := candidates.get("image"):
        record["image"], prov["image"] = urljoin(url, str(images[0][0])), images[0][1]
    body = "\n\n".join(paragraphs)
    record["body"] = body
    record["word_count"] = len(body.split())
    record["content_hash"] = content_hash(body)
    record["extractor_version"] = EXTRACTOR_VERSION
    return record, prov


def _language(candidates: Candidates, options: dict[str, Any], prov: dict[str, str]) -> str | None:
    for value, origin in _ranked(candidates.get("language", []), ("html:lang", "jsonld", "meta:", "og:", "trafilatura")):
        if m := LANG.match(str(value).strip()):
            prov["language"] = origin
            return m.group(1).lower()
    languages = options.get("languages") or []
    if len(languages) == 1:
        prov["language"] = "source"
        return languages[0]
    return None


def _tags(values: list[tuple[Any, str]]) -> list[str]:
    tags: dict[str, str] = {}
    for value, _ in values:
        for tag in str(value).split(","):
            tag = tag.strip()
            if tag and len(tag) <= 60:
                tags.setdefault(tag.casefold(), tag)
    return list(tags.values())[:30]


def content_hash(body: str) -> str:
    """A hash of the body's words, blind to case, punctuation and spacing.

    >>> content_hash("Hello,  world!") == content_hash("hello world")
    True
    """
    return hashlib.sha256(norm(body).replace('"', "").replace("'", "").encode()).hexdigest()[:32]


class NormalisePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.workers = workers_for(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item):
        if not isinstance(item, Article) or item.error is not None:
            return item
        page = item.page
        item.record, item.provenance = await self.workers.run(
            normalise_fields, item.candidates, item.paragraphs, page.final_url or page.url, page.fetched, page.options
        )
        item.record["source"] = page.source
        return item

    def close_spider(self) -> None:
        release_for(self.crawler)
