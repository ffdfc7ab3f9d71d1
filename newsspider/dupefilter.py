"""Scrapy's duplicate filter, telling the ledger when it drops a redirect.

A redirect whose target was already requested in this run (A -> B -> A, or
a chain ending on an article the feed also lists) is dropped by Scrapy's
filter with no more than a stat; the page is stored under the other URL,
and the URL first discovered is recorded as ``redirected_to_known``.
"""

from __future__ import annotations

from scrapy.dupefilters import RFPDupeFilter

from newsspider.ledger import Ledger


class LedgerDupeFilter(RFPDupeFilter):
    def log(self, request, spider) -> None:
        super().log(request, spider)
        redirects = request.meta.get("redirect_urls")
        if redirects and "source" in request.meta:
            Ledger.of(spider.crawler).add(
                request.meta["source"], "redirected_to_known", redirects[0]
            )
