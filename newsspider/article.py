"""The chain that makes an article of a fetched page: extract, clean,
normalise, fingerprint. One pure function, `build_article`, which the
pipeline steps run in one trip to a worker process per page (the extract
step sends the page; the article comes back without its HTML), and which the
quality gate, the benchmarks and the tests call as it is.

    >>> html = b"<html><body><h1>Rain floods the town</h1>" + b"<p>It rained on the harbour all day.</p>" * 9
    >>> article = build_article(Page(url="https://a.example/2024/05/01/rain", html=html,
    ...                              fetched="2024-05-02T12:00:00+00:00"))
    >>> article.record["title"], article.record["word_count"], article.provenance["title"]
    ('Rain floods the town', 63, 'h1')
    >>> list(article.done), len(article.record["bands"])
    (['extract', 'clean', 'normalise', 'fingerprint'], 16)
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from newsspider import EXTRACTOR_VERSION
from newsspider.extraction.authors.choose import choose_authors
from newsspider.extraction.body.access import body_provenance
from newsspider.extraction.body.boilerplate import clean_paragraphs, clean_text
from newsspider.extraction.dates.choose import MODIFIED_ORDER, RELATIVE, WALL_CLOCK, choose_date
from newsspider.extraction.dates.zones import to_iso
from newsspider.extraction.fields import (
    Candidates,
    choose_language,
    choose_site_name,
    choose_tags,
    with_languages,
)
from newsspider.extraction.fingerprint import fingerprint
from newsspider.extraction.text import content_hash, count_words
from newsspider.extraction.titles.choose import choose_title
from newsspider.extraction.titles.kicker import kicker_for
from newsspider.items import Article, Page
from newsspider.urls import choose_canonical, date_from_url

HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "")
#: A page with more elements is not an article (the largest of 1,270 real
#: article pages has about 10,000; 30,000 tiny blocks take trafilatura ~4 s).
MAX_ELEMENTS = 30_000
HINT_FIELDS = ("title", "published", "authors")
#: the candidates the clean stage cleans of control characters
TEXT_FIELDS = ("title", "authors", "description", "section", "tags", "site_name")
#: the chain's stages, in order; `Article.done` names those run
STAGES = ("extract", "clean", "normalise", "fingerprint")


def build_article(page: Page, archive: bool = False, upto: str = STAGES[-1]) -> Article:
    """The article `page` makes, every stage up to `upto` run (an `error`
    says why it makes none); with `archive`, the page's HTML compressed for
    the archive."""
    return finish(extract_article(page, archive), upto)


def build_remote(page: Page, archive: bool = False, upto: str = STAGES[-1]) -> Article:
    """`build_article` as a worker returns it: without the page, which the
    caller holds already (its HTML is not copied back)."""
    article = build_article(page, archive, upto)
    article.page = None
    return article


def extract_article(page: Page, archive: bool = False) -> Article:
    """The extract stage: the page's paragraphs and candidates, or why there are none.

    >>> extract_article(Page(url="https://a.example/x", status=404)).error
    'http 404'
    """
    if page.error:  # nothing was fetched; validate records why
        return Article(page=page, error=page.error)
    if page.status != 200:
        return Article(page=page, error=f"http {page.status}")
    found = extract_page(page)
    if "error" in found:
        return Article(page=page, error=found["error"])
    article = Article(page=page, paragraphs=found["paragraphs"], candidates=found["candidates"])
    article.html_gz = page.compressed() if archive else None
    article.done["extract"] = len(article.paragraphs)
    return article


def finish(article: Article, upto: str = STAGES[-1]) -> Article:
    """The stages after extract, up to `upto`, that `article` has not been
    through; each records in `article.done` what it counted."""
    for stage in STAGES[1 : STAGES.index(upto) + 1]:
        if article.error is None and stage not in article.done:
            article.done[stage] = RUN[stage](article)
    return article


def content_type(page: Page) -> str:
    for key, value in page.headers.items():
        if key.lower() == "content-type":
            return value
    return ""


def extract_page(page: Page) -> dict:
    """What the page yields: ``paragraphs`` and ``candidates`` (field ->
    [(value, origin)]), or an ``error`` saying why nothing could be.

    >>> extract_page(Page(url="https://x.example/a", html=b"%PDF-1.4",
    ...                   headers={"Content-Type": "application/pdf"}))
    {'error': 'not html: application/pdf'}
    """
    # trafilatura, htmldate and dateparser: imported where pages are extracted (the
    # workers' fork server preloads them), not by the crawling process
    from newsspider.extraction.body.extract import body_and_origin, body_candidates
    from newsspider.extraction.body.fallback import trafilatura_metadata
    from newsspider.extraction.html import parse_html
    from newsspider.extraction.metadata import collect

    ctype = content_type(page)
    mime = ctype.split(";")[0].strip().lower()
    if not mime.startswith(HTML_TYPES) or page.html[:5] == b"%PDF-":
        return {"error": f"not html: {mime or 'unknown content type'}"}
    tree = parse_html(page.html, ctype or None)
    if tree is None:
        return {"error": "not html: empty or unparseable page"}
    elements = int(tree.xpath("count(//*)"))  # four times as fast as iterating
    if elements > MAX_ELEMENTS:  # extraction time grows faster than the page
        return {"error": f"not an article: {elements} HTML elements (maximum {MAX_ELEMENTS})"}
    url = page.final_url or page.url
    candidates = collect(tree)
    paragraphs, body_origin = body_and_origin(tree, url, page.options)
    for field, values in body_candidates(tree, paragraphs, body_origin).items():
        # the body's own answer first; what the metadata found (a live blog's type) kept
        candidates[field] = values + [v for v in candidates.get(field, []) if v not in values]
    for field, values in trafilatura_metadata(tree, url, candidates).items():
        candidates.setdefault(field, []).extend(values)
    via = f"hint:{page.hints.get('via', 'listing')}"
    for field, value in page.hints.items():
        if field in HINT_FIELDS and value:
            values = value if isinstance(value, list) else [value]
            candidates.setdefault(field, []).extend((v, via) for v in values)
    return {"paragraphs": paragraphs, "candidates": candidates}


def clean_article(article: Article) -> Article:
    """Clean the body's paragraphs and the text candidates in place.

    >>> a = Article(page=None, paragraphs=["Big news", "It rained all day in the town.", "Trending"],
    ...             candidates={"title": [("Big\\x07 news", "h1")]})
    >>> clean_article(a).paragraphs, a.candidates["title"]
    (['It rained all day in the town.'], [('Big news', 'h1')])
    """
    for field in TEXT_FIELDS:
        if field in article.candidates:
            article.candidates[field] = [
                (clean_text(v), origin) for v, origin in article.candidates[field]
                if isinstance(v, str) and clean_text(v)
            ]  # fmt: skip
    titles = [
        v
        for v, origin in article.candidates.get("title", [])
        if origin in ("h1", "jsonld", "og:title")
    ]
    article.paragraphs = clean_paragraphs(article.paragraphs, titles[:3])
    return article


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


def _clean(article: Article) -> int:
    """The clean stage; the blocks it removed."""
    before = len(article.paragraphs)
    clean_article(article)
    return before - len(article.paragraphs)


def _normalise(article: Article) -> int:
    """The normalise stage: the record and its provenance; the columns filled."""
    page = article.page
    article.record, article.provenance = normalise_fields(
        article.candidates, article.paragraphs, page.final_url or page.url, page.fetched,
        page.options,
    )  # fmt: skip
    article.record["source"] = page.source
    return len(article.record)


def _fingerprint(article: Article) -> int:
    """The fingerprint stage: the body's LSH bands; how many."""
    article.record["bands"] = fingerprint(article.record.get("body") or "")
    return len(article.record["bands"])


RUN = {"clean": _clean, "normalise": _normalise, "fingerprint": _fingerprint}
