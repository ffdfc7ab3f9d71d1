"""`scrapy crawl`, with the sources file checked before anything starts.

A bad sources file stops the run with one line naming the file, the source
and the key, and exit status 2; no request is made.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.utils.conf import arglist_to_dict

from newsspider.sources import SourcesError, load_sources
from newsspider.spiders.news import NewsSpider, select_sources

EXIT_BAD_CONFIG = 2


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if args and args[0] == NewsSpider.name:
            spargs = opts.spargs if isinstance(opts.spargs, dict) else arglist_to_dict(opts.spargs)
            path = spargs.get("sources") or self.settings.get("NEWS_SOURCES")
            try:
                select_sources(load_sources(path), spargs.get("source"), path)
            except SourcesError as exc:
                print(f"error: {exc}", file=sys.stderr)
                self.exitcode = EXIT_BAD_CONFIG
                return
        super().run(args, opts)
