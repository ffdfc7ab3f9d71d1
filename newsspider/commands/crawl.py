"""`scrapy crawl`, made safe to schedule.

- The sources file is checked before anything starts: a bad one stops the run
  with one line naming the file, the source and the key (exit 2).
- One crawl at a time per corpus: a second one exits at once (exit 75).
- The exit status tells a scheduler whether the run failed (exit 1): the
  crawl could not start (e.g. the database is unwritable), a batch could not
  be written (e.g. the disk is full), or every source failed.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.utils.conf import arglist_to_dict

from newsspider.ledger import Ledger
from newsspider.render import require_browser
from newsspider.sources import SourcesError, load_sources
from newsspider.spiders.news import NewsSpider, check_configuration, select_sources
from newsspider.store import CorpusBusy, CorpusLock, run_summary, unwritable

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
            require_browser(
                select_sources(load_sources(path), spargs.get("source"), path), self.settings
            )
        except SourcesError as exc:
            return self.fail(EXIT_BAD_CONFIG, str(exc))
        if problem := unwritable(self.settings.get("NEWS_DB")):
            return self.fail(EXIT_FAILED, problem)
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
        if problem := store_failure(Ledger.of(crawler), self.settings.get("NEWS_DB")):
            return self.fail(EXIT_FAILED, problem)
        summary = run_summary(self.settings.get("NEWS_DB"))
        print(run_report(summary))
        if summary["run"].get("finish_reason") == "failed":
            failed = ", ".join(s["name"] for s in summary["unhealthy"] if s["status"] == "failing")
            return self.fail(EXIT_FAILED, f"every source failed: {failed}")
        return None

    def fail(self, status: int, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = status


#: failure causes that mean the network (or the name service) is not there
NETWORK_CAUSES = ("fetch failed: cannot resolve host", "fetch failed: connection refused",
                  "fetch failed: timeout", "fetch failed: TCPTimedOutError",
                  "fetch failed: ConnectError", "fetch failed: NoRouteError")  # fmt: skip


def run_report(summary: dict) -> str:
    """The end-of-run summary: counts, what discovery found, then each source
    that needs a look, with its cause.

    >>> run = {"id": 3, "finish_reason": "failed", "new": 0, "updated": 0, "unchanged": 0,
    ...        "duplicates": 0, "rejected": 0, "errors": 2}
    >>> source = {"name": "a", "status": "failing", "consecutive_failures": 1, "last_success": None,
    ...           "last_error": "fetch failed: cannot resolve host a.example"}
    >>> print(run_report({"run": run, "articles": 0, "unhealthy": [source], "discovery": []}))
    run 3 failed: 0 new, 0 updated, 0 unchanged, 0 duplicates, 0 rejected, 2 errors; 0 articles in the corpus
    discovery: 0 listed; nothing requested
      source a: failing: fetch failed: cannot resolve host a.example (1 failed runs in a row, last success never)
    every source failed to connect: is there a network? `scrapy demo` crawls a bundled site offline
    """
    run = summary["run"]
    ledger = Ledger.from_rows(summary.get("discovery", []))
    lines = [
        f"run {run['id']} {run['finish_reason']}: {run['new']} new, {run['updated']} updated, "
        f"{run['unchanged']} unchanged, {run['duplicates']} duplicates, "
        f"{run['rejected']} rejected, {run['errors']} errors; "
        f"{summary['articles']} articles in the corpus",
        ledger.summary(),
    ]
    for source in summary["unhealthy"]:
        cause = f": {source['last_error']}" if source.get("last_error") else ""
        lines.append(
            f"  source {source['name']}: {source['status']}{cause} "
            f"({source['consecutive_failures']} failed runs in a row, "
            f"last success {source['last_success'] or 'never'})"
        )
    lines += [f"  {line}" for name in sorted(ledger.counts) if (line := ledger.warning(name))]
    causes = [s.get("last_error") or "" for s in summary["unhealthy"]]
    if (
        run["finish_reason"] == "failed"
        and causes
        and all(c.startswith(NETWORK_CAUSES) for c in causes)
    ):
        lines.append("every source failed to connect: is there a network? "
                     "`scrapy demo` crawls a bundled site offline")  # fmt: skip
    return "\n".join(lines)


def store_failure(ledger: Ledger, db: str) -> str | None:
    """What the run could not write to the corpus, if anything (from the run's ledger).

    >>> ledger = Ledger()
    >>> store_failure(ledger, "data/news.db") is None
    True
    >>> ledger.store_lost("OperationalError: database or disk is full", 196)
    >>> store_failure(ledger, "data/news.db")  # doctest: +ELLIPSIS
    'could not write to data/news.db (OperationalError: database or disk is full): 196 articles...'
    """
    if not (error := ledger.store_error):
        return None
    return (
        f"could not write to {db} ({error}): {ledger.lost_articles} articles "
        "not stored, each a reject or counted as an error; free disk space or repair the file "
        "and run again: what was not stored is tried again"
    )
