"""Normalise step: title, authors, dates, canonical URL, language and the
rest chosen from the candidates, with where each came from
(`newsspider.article.normalise_fields`), done in the extract step's trip to
a worker."""

from __future__ import annotations

from newsspider.article import normalise_fields
from newsspider.extraction.text import content_hash, count_words
from newsspider.items import Article
from pipelines.extract import ChainStep

#: the pure functions, importable from their step as before
__all__ = ["NormalisePipeline", "content_hash", "count_words", "normalise_fields"]


class NormalisePipeline(ChainStep):
    async def process_item(self, item):
        if isinstance(item, Article) and item.error is None:
            await self.ensure(item, "normalise")
        return item
