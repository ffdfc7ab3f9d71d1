"""Validate step: drop what is not an article, with a reason (the decisions
are `newsspider.verdict`'s)."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from newsspider.items import Article
from newsspider.verdict import browser_hint, looks_like_app_shell, rejection_reason

__all__ = ["Rejected", "ValidatePipeline", "browser_hint", "looks_like_app_shell",
           "rejection_reason"]  # fmt: skip


class Rejected(DropItem):
    """A page that is not stored, with what was extracted from it: the
    `item_dropped` signal only carries the spider's original item."""

    def __init__(self, reason: str, article: Article) -> None:
        super().__init__(reason)
        self.article = article


class ValidatePipeline:
    def __init__(self, stats, min_words: int) -> None:
        self.stats = stats
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getint("NEWS_MIN_WORDS"))

    def process_item(self, item):
        if not isinstance(item, Article):
            return item
        reason = rejection_reason(item, self.min_words)
        if reason:
            self.stats.inc_value("news/validate/rejected")
            raise Rejected(browser_hint(item, reason), item)
        self.stats.inc_value("news/validate/ok")
        if render := item.page.hints.get("render"):
            item.provenance["html"] = f"rendered:{render}"
        return item
