"""Log dropped pages as one short line (URL and reason), not the whole item
with its HTML."""

from __future__ import annotations

import logging

from scrapy import logformatter


class NewsLogFormatter(logformatter.LogFormatter):
    def dropped(self, item, exception, response, spider=None):
        page = getattr(item, "page", item)
        return {
            "level": logging.INFO,
            "msg": "Rejected %(url)s: %(reason)s",
            "args": {"url": getattr(page, "url", "?"), "reason": exception},
        }

    def scraped(self, item, response, spider=None):
        page = getattr(item, "page", item)
        return {
            "level": logging.DEBUG,
            "msg": "Stored %(url)s",
            "args": {"url": getattr(page, "url", "?")},
        }
