"""`scrapy backfill --from CC-NEWS --since YYYY-MM`: last months' news from
Common Crawl's CC-NEWS archive into the corpus; and `scrapy extract
FILE.warc.gz` (the WARC half of `scrapy extract`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.sources import SourcesError, load_sources
from newsspider.store import CorpusBusy, CorpusLock, run_summary

EXIT_BUSY = 75
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def is_warc(path: str | Path) -> bool:
    """A WARC file by its name, or a folder (of WARC files).

    >>> is_warc("a.warc.gz"), is_warc("b.WARC"), is_warc("pages.jsonl")
    (True, True, False)
    """
    name = str(path).lower()
    return name.endswith((".warc", ".warc.gz")) or Path(path).is_dir()


def warc_files(paths) -> list[Path]:
    """The WARC files named, a folder standing for the WARC files in it (sorted)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and is_warc(p))
        else:
            found.append(path)
    return found


def need_warcio() -> None:
    """Stop with a usage error when warcio (the `warc` extra) is missing."""
    try:
        import warcio  # noqa: F401
    except ImportError:
        raise UsageError(
            "WARC files need warcio: pip install -e '.[warc]'", print_help=False
        ) from None


def run_in_corpus(process, settings, spider_cls, **spider_args):
    """Run `spider_cls` with the store, holding the corpus lock; the crawler,
    or the exit status when the corpus is busy."""
    try:
        with CorpusLock(settings.get("NEWS_DB")):
            crawler = process.create_crawler(spider_cls)
            process.crawl(crawler, **spider_args)
            process.start()
    except CorpusBusy as exc:
        print(f"error: {exc}; try again when it has finished", file=sys.stderr)
        return EXIT_BUSY
    return 1 if process.bootstrap_failed else crawler


def configured_sources(settings, names: str | None = None, required: bool = False):
    """The sources of NEWS_SOURCES (only `names`, comma-separated, if given)."""
    path = settings.get("NEWS_SOURCES")
    if not Path(path).exists() and not required:
        return []
    sources = load_sources(path)
    if names:
        wanted = {n.strip() for n in names.split(",") if n.strip()}
        if unknown := wanted - {s.name for s in sources}:
            raise UsageError(f"no such source in {path}: {', '.join(sorted(unknown))}")
        sources = [s for s in sources if s.name in wanted]
    return sources


def extract_warcs(command: ScrapyCommand, args: list[str], opts) -> int:
    """`scrapy extract FILE.warc[.gz] ... (-o OUT.jsonl | --store)`; the exit status."""
    need_warcio()
    from newsspider.backfill import WarcSpider
    from newsspider.commands.extract import write_output_instead_of_storing

    files = warc_files(args)
    if missing := [str(f) for f in files if not f.is_file()]:
        raise UsageError(f"WARC file not found: {', '.join(missing)}", print_help=False)
    if bool(opts.output) == bool(opts.store):
        raise UsageError("usage: scrapy extract FILE.warc.gz ... (-o OUT.jsonl | --store)")
    settings, process = command.settings, command.crawler_process
    if opts.store:
        crawler = run_in_corpus(process, settings, WarcSpider, warcs=files, store=True,
                                sources=configured_sources(settings))  # fmt: skip
        return crawler if isinstance(crawler, int) else report_store(crawler, settings)
    write_output_instead_of_storing(settings, opts.output)
    crawler = process.create_crawler(WarcSpider)
    process.crawl(crawler, warcs=files)
    process.start()
    if process.bootstrap_failed:
        return 1
    stats = crawler.stats
    print(
        f"{stats.get_value('news/manifest/written', 0)} pages -> {opts.output} "
        f"({stats.get_value('news/validate/ok', 0)} articles, "
        f"{stats.get_value('news/validate/rejected', 0)} rejected); {crawler.spider.tally.summary()}"
    )
    return 0


def report_store(crawler, settings) -> int:
    run = run_summary(settings.get("NEWS_DB"))["run"]
    print(
        f"backfill run {run['id']}: {run['new']} new, {run['updated']} updated, "
        f"{run['unchanged']} unchanged, {run['duplicates']} duplicates, {run['rejected']} "
        f"rejected into {settings.get('NEWS_DB')}; {crawler.spider.tally.summary()}"
    )
    return 0


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOGSTATS_INTERVAL": 0}

    def syntax(self) -> str:
        return "--from CC-NEWS --since YYYY-MM [--until YYYY-MM] [--sources A,B | --all-hosts]"

    def short_desc(self) -> str:
        return "Store past months' pages of the configured sources from Common Crawl's CC-NEWS"

    def long_desc(self) -> str:
        return (
            "Reads each month's warc.paths.gz under NEWS_CCNEWS_BASE, fetches the WARC files "
            "one by one (through the address guard, within NEWS_WARC_MAXSIZE) and stores the "
            "pages of the configured sources (every host with --all-hosts) through the crawl's "
            "pipelines. A file whose pages are all stored is recorded in backfill_files and "
            "not fetched again; a file cut short is read again from its start."
        )

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--from", dest="origin", choices=["CC-NEWS"], default="CC-NEWS")
        parser.add_argument("--since", metavar="YYYY-MM", help="first month (required)")
        parser.add_argument("--until", metavar="YYYY-MM", help="last month (default: --since)")
        parser.add_argument("--sources", metavar="A,B", help="only these configured sources")
        parser.add_argument(
            "--all-hosts", action="store_true", help="every page, not only configured sources'"
        )

    def process_options(self, args, opts) -> None:
        from newsspider.commands.extract import quiet_unless_asked

        super().process_options(args, opts)
        quiet_unless_asked(self.settings)

    def run(self, args, opts) -> None:
        if args or not opts.since or not MONTH.fullmatch(opts.since):
            raise UsageError("usage: scrapy backfill --from CC-NEWS --since YYYY-MM")
        if opts.until and (not MONTH.fullmatch(opts.until) or opts.until < opts.since):
            raise UsageError("--until must be a month (YYYY-MM) not before --since")
        need_warcio()
        from newsspider.backfill import CCNewsSpider, months

        try:
            sources = configured_sources(self.settings, opts.sources, required=True)
        except SourcesError as exc:
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        crawler = run_in_corpus(self.crawler_process, self.settings, CCNewsSpider,
                                months=months(opts.since, opts.until), sources=sources,
                                all_hosts=opts.all_hosts)  # fmt: skip
        if isinstance(crawler, int):
            self.exitcode = crawler
            return
        report_store(crawler, self.settings)
        stats = crawler.stats
        print(
            f"WARC files: {stats.get_value('news/backfill/files_fetched', 0)} fetched, "
            f"{stats.get_value('news/backfill/files_skipped_done', 0)} already done, "
            f"{len(crawler.spider.failed)} failed"
        )
        for line in crawler.spider.failed:
            print(f"  failed: {line}", file=sys.stderr)
        self.exitcode = 1 if crawler.spider.failed else 0
