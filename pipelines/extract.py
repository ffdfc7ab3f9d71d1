"""Extract step: parse the page once; trafilatura for the body; structured
metadata for everything else, each candidate with where it came from.

Runs in worker processes so the crawl's event loop never waits on it.
"""

from __future__ import annotations

from newsspider.items import Article, Page
from newsspider.workers import OffloadingPipeline, TaskTimeout

HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "")
#: A page with more elements is not an article (the largest of 1,270 real
#: article pages has about 10,000; 30,000 tiny blocks take trafilatura ~4 s).
MAX_ELEMENTS = 30_000
HINT_FIELDS = ("title", "published", "authors")


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


def extract_archived(page: Page, archive: bool) -> dict:
    """`extract_page`, and the page's HTML compressed for the archive when
    `archive` (compression is the costliest part of storing a page, so it
    is done here, in a worker, rather than in the crawling process)."""
    found = extract_page(page)
    if archive and "error" not in found:
        found["html_gz"] = page.compressed()
    return found


class ExtractPipeline(OffloadingPipeline):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.archive = crawler.settings.getbool("NEWS_ARCHIVE_HTML")

    async def process_item(self, item):
        if not isinstance(item, Page):
            return item
        if item.error:  # nothing was fetched; validate records why
            return Article(page=item, error=item.error)
        if item.status != 200:
            return Article(page=item, error=f"http {item.status}")
        try:
            found = await self.workers.run(extract_archived, item, self.archive)
        except TaskTimeout as exc:
            found = {"error": f"extraction {exc}"}
            self.crawler.stats.inc_value("news/extract/timed_out")
        self.crawler.stats.inc_value("news/extract/" + ("failed" if "error" in found else "ok"))
        if "error" in found:
            return Article(page=item, error=found["error"])
        return Article(page=item, paragraphs=found["paragraphs"], candidates=found["candidates"],
                       html_gz=found.get("html_gz"))  # fmt: skip
