"""`scrapy reextract`: rebuild the corpus from its archived HTML, offline."""

from __future__ import annotations

from pathlib import Path

from scrapy.commands import ScrapyCommand

from newsspider.commands.crawl import EXIT_BAD_CONFIG, EXIT_BUSY, EXIT_FAILED, store_failure
from newsspider.commands.crawl import Command as CrawlCommand
from newsspider.commands.export import NO_CORPUS
from newsspider.commands.extract import quiet_unless_asked
from newsspider.ledger import Ledger
from newsspider.offline import ArchiveSpider
from newsspider.store import CorpusBusy, CorpusLock, run_summary, unwritable


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOGSTATS_INTERVAL": 0}

    def syntax(self) -> str:
        return "[--all] [-s NEWS_DB=PATH]"

    def short_desc(self) -> str:
        return "Re-run the extraction pipelines over the archived HTML of the corpus"

    def long_desc(self) -> str:
        return (
            "Articles extracted by an older extractor version (or every article, with --all) "
            "are extracted again from their archived HTML, without any network access. A "
            "changed article keeps its earlier version in article_versions. Refuses to run "
            "while a crawl is writing the same corpus."
        )

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--all", action="store_true", help="every archived page, not only stale ones"
        )

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        quiet_unless_asked(self.settings)

    def run(self, args, opts) -> None:
        db = self.settings.get("NEWS_DB")
        if not Path(db).is_file():
            # the wording of `scrapy export` and `scrapy browse`
            return self.fail(EXIT_BAD_CONFIG, NO_CORPUS.format(db))
        if problem := unwritable(db):
            return self.fail(EXIT_FAILED, problem)
        try:
            with CorpusLock(db):
                crawler = self.crawler_process.create_crawler(ArchiveSpider)
                self.crawler_process.crawl(crawler, all_pages=opts.all)
                self.crawler_process.start()
        except CorpusBusy as exc:
            return self.fail(EXIT_BUSY, f"{exc}; try again when it has finished")
        if self.crawler_process.bootstrap_failed:
            return self.fail(EXIT_FAILED, "the re-extraction could not start (see the log above)")
        if problem := store_failure(Ledger.of(crawler), db):
            return self.fail(EXIT_FAILED, problem)
        run = run_summary(db)["run"]
        print(
            f"re-extracted {crawler.spider.backlog.read} pages: "
            f"{run['updated']} updated, {run['unchanged']} unchanged, {run['rejected']} rejected"
        )

    fail = CrawlCommand.fail
