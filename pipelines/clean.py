"""Clean step: remove the boilerplate trafilatura leaves in the body, and
control characters from every text candidate.

Runs in the worker processes (its rules are regular expressions over every
block), which only get the paragraphs and candidates: the page stays here.
"""

from __future__ import annotations

from newsspider.extraction.body.boilerplate import clean_paragraphs, clean_text
from newsspider.items import Article
from newsspider.workers import OffloadingPipeline

TEXT_FIELDS = ("title", "authors", "description", "section", "tags", "site_name")


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


def clean_parts(paragraphs: list[str], candidates: dict) -> tuple[list[str], dict]:
    """`clean_article` over what a worker needs of the article.

    >>> clean_parts(["Big news", "It rained all day.", "Trending"], {"title": [("Big news", "h1")]})
    (['It rained all day.'], {'title': [('Big news', 'h1')]})
    """
    article = clean_article(Article(page=None, paragraphs=paragraphs, candidates=candidates))
    return article.paragraphs, article.candidates


class CleanPipeline(OffloadingPipeline):
    async def process_item(self, item):
        if isinstance(item, Article) and item.error is None:
            before = len(item.paragraphs)
            item.paragraphs, item.candidates = await self.workers.run(
                clean_parts, item.paragraphs, item.candidates
            )
            self.crawler.stats.inc_value("news/clean/blocks_removed", before - len(item.paragraphs))
        return item
