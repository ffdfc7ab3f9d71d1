"""Normalise step: choose title, authors, dates, canonical URL, language and
the rest from the extract step's candidates, and record where each came from.

CPU-heavy (dateparser), so it runs in the worker processes too.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from newsspider import EXTRACTOR_VERSION
from newsspider.extraction.authors.choose import choose_authors
from newsspider.extraction.body.access import body_provenance
from newsspider.extraction.dates.choose import MODIFIED_ORDER, RELATIVE, WALL_CLOCK, choose_date
from newsspider.extraction.dates.zones import to_iso
from newsspider.extraction.fields import (
    Candidates,
    choose_language,
    choose_site_name,
    choose_tags,
    with_languages,
)
from newsspider.extraction.titles.choose import choose_title, norm
from newsspider.extraction.titles.kicker import kicker_for
from newsspider.items import Article
from newsspider.urls import choose_canonical, date_from_url
from newsspider.workers import OffloadingPipeline


def normalise_fields(
    candidates: Candidates, paragraphs: list[str], url: str, fetched: str, options: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The article's columns and their provenance."""
    record: dict[str, Any] = {}
    prov: dict[str, str] = {}
    fetched_at = datetime.fromisoformat(fetched) if fetched else datetime.now(UTC)
    canonical = next((v for v, _ in candidates.get("canonical", [])), None)
    record["url"] = choose_canonical(url, canonical)
    prov["url"] = (
        "link:canonical" if canonical and record["url"] != choose_canonical(url, None) else "url"
    )
    site_name = choose_site_name(candidates)
    if title := choose_title(candidates.get("title", []), site_name, url):
        record["title"], prov["title"] = title
        if kicker := kicker_for(candidates, title[0], site_name, url):
            record["kicker"], prov["kicker"] = kicker
    authors, byline, origin = choose_authors(candidates)
    record["authors"], record["byline"] = authors, byline
    if origin:
        prov["authors"] = origin
    record["language"] = choose_language(candidates, options, prov)
    options = with_languages(options, record["language"])
    dates = list(candidates.get("published", []))
    if url_date := date_from_url(url):
        dates.append((url_date, "url"))
    live = ("LiveBlogPosting", "jsonld") in candidates.get("page_type", [])
    modified = candidates.get("modified", [])
    if found := choose_date(dates, fetched_at, options, modified=modified, live=live):
        record["published"], record["published_utc"] = to_iso(found[0])
        # "3 hours ago" counted from the clock, the fetch time being unknown
        prov["published"] = found[1] + (WALL_CLOCK if RELATIVE in found[1] and not fetched else "")
    if found := choose_date(candidates.get("modified", []), fetched_at, options, MODIFIED_ORDER):
        modified = to_iso(found[0])
        if modified[1] >= record.get("published_utc", ""):
            record["modified"], prov["modified"] = modified[0], found[1]
    for field in ("description", "section"):
        if values := candidates.get(field):
            record[field], prov[field] = values[0]
    record["tags"] = choose_tags(candidates.get("tags", []))
    if images := candidates.get("image"):
        record["image"], prov["image"] = urljoin(url, str(images[0][0])), images[0][1]
    record["free_access"] = body_provenance(candidates, prov)
    body = "\n\n".join(paragraphs)
    record["body"] = body
    record["word_count"] = count_words(body)
    record["content_hash"] = content_hash(body)
    record["extractor_version"] = EXTRACTOR_VERSION
    return record, prov


#: Scripts written without spaces between words: each character counts as a word.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def count_words(text: str) -> int:
    """Words of `text`, each Chinese or Japanese character counted as one word
    (as word processors do), since those scripts put no spaces between words.

    >>> count_words("Rain floods town."), count_words("北京今天下雨 (AP)")
    (3, 7)
    """
    cjk = len(CJK.findall(text))
    if not cjk:
        return len(text.split())
    return cjk + len(CJK.sub(" ", text).split())


def content_hash(body: str) -> str:
    """A hash of the body's words, blind to case, punctuation and spacing.

    >>> content_hash("Hello,  world!") == content_hash("hello world")
    True
    """
    return hashlib.sha256(norm(body).replace('"', "").replace("'", "").encode()).hexdigest()[:32]


class NormalisePipeline(OffloadingPipeline):
    async def process_item(self, item):
        if not isinstance(item, Article) or item.error is not None:
            return item
        page = item.page
        item.record, item.provenance = await self.workers.run(
            normalise_fields,
            item.candidates,
            item.paragraphs,
            page.final_url or page.url,
            page.fetched,
            page.options,
        )
        item.record["source"] = page.source
        return item
