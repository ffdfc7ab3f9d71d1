"""Clean step: boilerplate lines out of the body, control characters out of
every text candidate (`newsspider.article.clean_article`), done in the
extract step's trip to a worker; here only counted."""

from __future__ import annotations

from newsspider.article import clean_article
from newsspider.items import Article
from pipelines.extract import ChainStep

#: the pure function, importable from its step as before
__all__ = ["CleanPipeline", "clean_article"]


class CleanPipeline(ChainStep):
    async def process_item(self, item):
        if isinstance(item, Article) and item.error is None:
            await self.ensure(item, "clean")
            self.crawler.stats.inc_value("news/clean/blocks_removed", item.done["clean"])
        return item
