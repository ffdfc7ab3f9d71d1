"""`scrapy archive --warc OUT.warc.gz`: the corpus's archived pages as a WARC file."""

from __future__ import annotations

from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.commands.backfill import need_warcio


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "--warc OUT.warc.gz [--since DATE] [--source NAME] [-s NEWS_DB=PATH]"

    def short_desc(self) -> str:
        return "Write the corpus's archived pages as a WARC file"

    def long_desc(self) -> str:
        return (
            "Each archived page (the `pages` table) becomes a WARC response record with its "
            "HTTP status, headers and fetch time, after a warcinfo record and preceded by a "
            "metadata record with its source, listing hints and extraction options, so that "
            "`scrapy extract OUT.warc.gz` gives back the same articles. gzip per record, "
            "as warcio, pywb and Common Crawl expect."
        )

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--warc", metavar="OUT.warc.gz", help="WARC file to write (required)")
        parser.add_argument("--since", metavar="DATE", help="only pages fetched from DATE on")
        parser.add_argument("--source", metavar="NAME", help="only this source's pages")

    def process_options(self, args, opts) -> None:
        from newsspider.commands.extract import quiet_unless_asked

        super().process_options(args, opts)
        quiet_unless_asked(self.settings)

    def run(self, args, opts) -> None:
        if args or not opts.warc:
            raise UsageError("usage: scrapy archive --warc OUT.warc.gz")
        need_warcio()
        from newsspider.warc import archived_pages, write_warc

        db = self.settings.get("NEWS_DB")
        if not Path(db).is_file():
            raise UsageError(f"no corpus at {db}", print_help=False)
        out = Path(opts.warc)
        part = out.with_name(out.name + ".part")
        with part.open("wb") as fh:
            count = write_warc(fh, archived_pages(db, opts.since, opts.source), f"pages of {db}")
        part.rename(out)
        print(f"{count} pages -> {out}")
