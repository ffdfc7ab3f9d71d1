"""`scrapy extract MANIFEST.jsonl -o OUT.jsonl`: the pipelines over saved pages."""

from __future__ import annotations

import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.commands.backfill import extract_warcs, is_warc
from newsspider.commands.crawl import EXIT_BAD_CONFIG as EXIT_USAGE
from newsspider.commands.crawl import EXIT_FAILED
from newsspider.commands.crawl import Command as CrawlCommand
from newsspider.offline import ManifestSpider, ManifestWriter

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
            "file, relative to the manifest's folder) and optionally `id` and `fetched` (ISO 8601, "
            "what relative dates such as '3 hours ago' count from). Each output line "
            "has `id`, `url`, every `articles` column, and `error` where the page was rejected "
            "or could not be read (a bad manifest line, a missing, special or too large file). "
            "Nothing is written to the corpus. `-o -` writes to standard output. Exit status: "
            "0 every manifest line has its output line, 1 the output is incomplete (the run was "
            "cut short or failed), 2 a usage error (no manifest, an output that cannot be "
            "written)."
        )

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="JSON Lines file to write, - for stdout (required)",
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
        if problem := unusable(manifest, opts.output):
            return self.fail(EXIT_USAGE, problem)
        write_output_instead_of_storing(self.settings, opts.output)
        crawler = self.crawler_process.create_crawler(ManifestSpider)
        self.crawler_process.crawl(crawler, manifest=str(manifest))
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            return self.fail(EXIT_FAILED, "the extraction could not start (see the log above)")
        stats = crawler.stats.get_stats()
        print(summary(stats, opts.output), file=sys.stderr if opts.output == "-" else sys.stdout)
        if problem := incomplete(ManifestWriter.progress(crawler)):
            return self.fail(EXIT_FAILED, f"the output is incomplete: {problem}")
        return None

    fail = CrawlCommand.fail


def write_output_instead_of_storing(settings, output: str) -> None:
    """The pipelines without the corpus's steps, and the output writer last."""
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    pipelines = {k: v for k, v in pipelines.items() if not k.startswith(CORPUS_ONLY)}
    pipelines["newsspider.offline.ManifestWriter"] = 1000
    settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
    settings.set("NEWS_EXTRACT_OUTPUT", output, priority="cmdline")
    settings.set("NEWS_ARCHIVE_HTML", False, priority="cmdline")  # nothing is stored


def unusable(manifest: Path, output: str) -> str | None:
    """Why the command cannot run with this manifest and output, if it cannot."""
    if not manifest.is_file():
        return (
            f"no manifest at {manifest}" if not manifest.exists() else f"{manifest} is not a file"
        )
    try:
        with manifest.open("rb"):
            pass
    except OSError as exc:
        return f"cannot read the manifest {manifest}: {exc.strerror}"
    if output != "-":
        try:
            open(output, "w").close()
        except OSError as exc:
            return f"cannot write {output}: {exc.strerror}"
    return None


def summary(stats: dict, output: str) -> str:
    return (
        f"{stats.get('news/manifest/written', 0)} pages -> {output} "
        f"({stats.get('news/validate/ok', 0)} articles, "
        f"{stats.get('news/validate/rejected', 0)} rejected) "
        f"in {stats.get('elapsed_time_seconds', 0):.1f} s"
    )


def incomplete(progress: dict) -> str | None:
    """How much of the manifest the output covers, unless it covers it all
    (`progress` as `ManifestWriter.progress` gives it).

    >>> incomplete({"written": 254, "read": 255, "lines": None})
    '254 of the first 255 manifest lines written; the manifest was not read to the end'
    >>> incomplete({"written": 2, "lines": 9, "reason": "shutdown", "error": None})
    '2 of 9 manifest lines written (shutdown)'
    >>> incomplete({"written": 9, "lines": 9, "reason": "finished"})
    """
    written, lines = progress["written"], progress["lines"]
    if written == lines and progress["reason"] == "finished":
        return None
    if lines is None:
        return (
            f"{written} of the first {progress['read']} manifest lines written; "
            "the manifest was not read to the end"
        )
    return (
        f"{written} of {lines} manifest lines written ({progress['error'] or progress['reason']})"
    )


def quiet_unless_asked(settings) -> None:
    """Log warnings only, unless -L / --loglevel / -s LOG_LEVEL chose a level."""
    from scrapy.settings import SETTINGS_PRIORITIES

    if settings.getpriority("LOG_LEVEL") < SETTINGS_PRIORITIES["cmdline"]:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
