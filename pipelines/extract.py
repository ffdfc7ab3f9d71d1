"""Extract step: the one trip of each page to a worker process, where
`newsspider.article.build_article` runs the whole chain (extract, clean,
normalise, fingerprint); the later steps find their stage done.

The page goes to the worker once; the article comes back without its HTML
(the step puts the page back), with the HTML compressed for the archive when
NEWS_ARCHIVE_HTML is set (compression is the costliest part of storing a page).
A page whose trip runs past NEWS_PAGE_TIMEOUT is a reject, "extraction timed
out after N s".
"""

from __future__ import annotations

from newsspider.article import (
    MAX_ELEMENTS,
    STAGES,
    build_remote,
    extract_article,
    extract_page,
    finish,
)
from newsspider.items import Article, Page
from newsspider.workers import OffloadingPipeline, TaskTimeout

#: the step that reads the fingerprint, the chain's last stage
FINGERPRINT_READER = "pipelines.dedupe."
#: the pure functions, importable from their steps as before
__all__ = ["MAX_ELEMENTS", "ChainStep", "ExtractPipeline", "extract_page"]


class ChainStep(OffloadingPipeline):
    """A step of the chain: its stage is normally done in the extract step's
    trip; for an article that has not been through it (another extract step),
    `ensure` runs the missing stages in a worker."""

    async def ensure(self, item: Article, stage: str) -> None:
        if item.error is None and stage not in item.done:
            page, done = item.page, await self.run(finish, item, stage)
            item.__dict__.update(done.__dict__, page=page)


class ExtractPipeline(ChainStep):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.archive = crawler.settings.getbool("NEWS_ARCHIVE_HTML")
        # the fingerprint only for a run whose dedupe step reads it (not `scrapy extract`)
        steps = [
            str(s)
            for s, order in crawler.settings.getdict("ITEM_PIPELINES").items()
            if order is not None
        ]
        self.upto = STAGES[-1] if any(FINGERPRINT_READER in s for s in steps) else "normalise"

    async def process_item(self, item):
        if not isinstance(item, Page):
            return item
        if item.error or item.status != 200:  # nothing was fetched: no trip, validate says why
            return extract_article(item)
        try:
            article = await self.run(build_remote, item, self.archive, self.upto)
            article.page = item
        except TaskTimeout as exc:
            article = Article(page=item, error=f"extraction {exc}")
            self.crawler.stats.inc_value("news/extract/timed_out")
        self.crawler.stats.inc_value(
            "news/extract/" + ("ok" if article.error is None else "failed")
        )
        return article
