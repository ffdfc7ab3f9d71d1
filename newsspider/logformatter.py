"""Log dropped pages as one short line (URL and reason), not the whole item
with its HTML; and a robots.txt that could not be downloaded as one line, not
Scrapy's sixty-line traceback (the run's summary names the cause)."""

from __future__ import annotations

import logging

from scrapy import logformatter
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)

#: failures of the network, not of the code: their traceback says nothing
NETWORK_ERRORS = (CannotResolveHostError, DownloadConnectionRefusedError, DownloadFailedError,
                  DownloadTimeoutError, OSError)  # fmt: skip


class WithoutNetworkTraceback(logging.Filter):
    """Drops the traceback of a record about a network failure.

    >>> try:
    ...     raise DownloadConnectionRefusedError("refused")
    ... except DownloadConnectionRefusedError:
    ...     import sys; record = logging.LogRecord("x", 40, "", 0, "Error", (), sys.exc_info())
    >>> WithoutNetworkTraceback().filter(record), record.exc_info
    (True, None)
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NETWORK_ERRORS):
            record.exc_info = record.exc_text = None
        return True


class NewsLogFormatter(logformatter.LogFormatter):
    @classmethod
    def from_crawler(cls, crawler):
        robots = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
        if not any(isinstance(f, WithoutNetworkTraceback) for f in robots.filters):
            robots.addFilter(WithoutNetworkTraceback())
        return super().from_crawler(crawler)

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
