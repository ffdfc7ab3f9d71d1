"""`scrapy crawl`, made safe to schedule.

- The sources file is checked before anything starts: a bad one stops the run
  with one line naming the file, the source and the key (exit 2).
- One crawl at a time per corpus: a second one exits at once (exit 75).
- The exit status tells a scheduler whether the run failed (exit 1): the
  crawl could not start (e.g. the database is unwritable), or every source
  failed.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.utils.conf import arglist_to_dict

from newsspider.sources import SourcesError, load_sources
from newsspider.spiders.news import NewsSpider, check_configuration, select_sources
from pipelines.corpus import CorpusBusy, CorpusLock, run_summary

EXIT_FAILED = 1
EXIT_BAD_CONFIG = 2
EXIT_BUSY = 75  # EX_TEMPFAIL: try again later


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if not args or args[0] != NewsSpider.name:
            return super().run(args, opts)
        spargs = opts.spargs if isinstance(opts.spargs, dict) else arglist_to_dict(opts.spargs)
        path = spargs.get("sources") or self.settings.get("NEWS_SOURCES")
        try:
            check_configuration(spargs, self.settings)
            sources = select_sources(load_sources(path), spargs.get("source"), path)
        except SourcesError as exc:
            return self.fail(EXIT_BAD_CONFIG, str(exc))
        try:
            with CorpusLock(self.settings.get("NEWS_DB")):
                crawler = self.crawler_process.create_crawler(NewsSpider)
                self.crawler_process.crawl(crawler, **opts.spargs)
                self.crawler_process.start()
        except CorpusBusy as exc:
            return self.fail(EXIT_BUSY, f"{exc}; not starting a second one")
        except OSError as exc:
            return self.fail(EXIT_FAILED, f"cannot lock the corpus: {exc}")
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            return self.fail(EXIT_FAILED, "the crawl could not start (see the log above)")
        print(run_report(run_summary(self.settings.get("NEWS_DB"))))
        failed = failed_sources(crawler.stats.get_stats(), [s.name for s in sources])
        if failed and len(failed) == len(sources):
            return self.fail(EXIT_FAILED, f"every source failed: {', '.join(failed)}")
        return None

    def fail(self, status: int, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = status


def run_report(summary: dict) -> str:
    """The end-of-run summary: counts, then any source that needs a look."""
    run = summary["run"]
    lines = [
        f"run {run['id']} {run['finish_reason']}: {run['new']} new, {run['updated']} updated, "
        f"{run['unchanged']} unchanged, {run['duplicates']} duplicates, "
        f"{run['rejected']} rejected, {run['errors']} errors; "
        f"{summary['articles']} articles in the corpus"
    ]
    for source in summary["unhealthy"]:
        lines.append(
            f"  source {source['name']}: {source['status']} "
            f"({source['consecutive_failures']} failed runs in a row, "
            f"last success {source['last_success'] or 'never'})"
        )
    return "\n".join(lines)


def failed_sources(stats: dict, names: list[str]) -> list[str]:
    """Sources whose listings all failed and that yielded no article link.

    >>> failed_sources({"news/discover/a/feed": 3, "news/discover/b/listing_failed": 2}, ["a", "b"])
    ['b']
    """
    found = ("feed", "sitemap", "section", "refresh", "skipped_known", "not_modified")
    return [n for n in names if not any(stats.get(f"news/discover/{n}/{k}") for k in found)]
