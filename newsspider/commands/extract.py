"""`scrapy extract MANIFEST.jsonl -o OUT.jsonl`: the pipelines over saved pages."""

from __future__ import annotations

from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.commands.backfill import extract_warcs, is_warc
from newsspider.offline import ManifestSpider

#: steps that serve the corpus only: the store, and the near-duplicate
#: fingerprint that only the store reads (nothing is written to the corpus here)
CORPUS_ONLY = ("pipelines.store", "pipelines.dedupe")


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOGSTATS_INTERVAL": 0}

    def syntax(self) -> str:
        return "MANIFEST.jsonl -o OUT.jsonl | FILE.warc.gz ... (-o OUT.jsonl | --store)"

    def short_desc(self) -> str:
        return "Run the extraction pipelines over saved HTML pages listed in a manifest"

    def long_desc(self) -> str:
        return (
            "Each manifest line is a JSON object with `url` and `path` (a .html or .html.gz "
            "file, relative to the manifest's folder) and optionally `id`. Each output line "
            "has `id`, `url`, every `articles` column, and `error` where the page was rejected "
            "or failed. Nothing is written to the corpus."
        )

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="JSON Lines file to write (required)"
        )
        parser.add_argument(
            "--store", action="store_true", help="WARC input: store into NEWS_DB (a backfill run)"
        )

    def process_options(self, args: list[str], opts) -> None:
        super().process_options(args, opts)
        quiet_unless_asked(self.settings)

    def run(self, args: list[str], opts) -> None:
        if args and all(map(is_warc, args)):  # WARC files: newsspider/commands/backfill.py
            self.exitcode = extract_warcs(self, args, opts)
            return
        if len(args) != 1 or not opts.output:
            raise UsageError("usage: scrapy extract MANIFEST.jsonl -o OUT.jsonl")
        manifest = Path(args[0])
        if not manifest.is_file():
            raise UsageError(f"manifest not found: {manifest}", print_help=False)
        settings = self.settings
        pipelines = dict(settings.getdict("ITEM_PIPELINES"))
        pipelines = {k: v for k, v in pipelines.items() if not k.startswith(CORPUS_ONLY)}
        pipelines["newsspider.offline.ManifestWriter"] = 1000
        settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
        settings.set("NEWS_EXTRACT_OUTPUT", opts.output, priority="cmdline")
        settings.set("NEWS_ARCHIVE_HTML", False, priority="cmdline")  # nothing is stored
        crawler = self.crawler_process.create_crawler(ManifestSpider)
        self.crawler_process.crawl(crawler, manifest=str(manifest))
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats
        print(
            f"{stats.get_value('news/manifest/written', 0)} pages -> {opts.output} "
            f"({stats.get_value('news/validate/ok', 0)} articles, "
            f"{stats.get_value('news/validate/rejected', 0)} rejected) "
            f"in {stats.get_value('elapsed_time_seconds', 0):.1f} s"
        )


def quiet_unless_asked(settings) -> None:
    """Log warnings only, unless -L / --loglevel / -s LOG_LEVEL chose a level."""
    from scrapy.settings import SETTINGS_PRIORITIES

    if settings.getpriority("LOG_LEVEL") < SETTINGS_PRIORITIES["cmdline"]:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
