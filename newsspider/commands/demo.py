"""`scrapy demo`: serve the bundled sample news sites on 127.0.0.1 and crawl
them with the real spider into data/demo.db."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.settings import SETTINGS_PRIORITIES

from newsspider.demo.catalog import RENDERED
from newsspider.demo.sites import serve_demo
from newsspider.ledger import Ledger
from newsspider.render import browser_missing
from newsspider.spiders.news import NewsSpider
from newsspider.store import run_summary

DEMO_DB = "data/demo.db"


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOGSTATS_INTERVAL": 0}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Crawl a bundled sample news site, served on 127.0.0.1, into data/demo.db"

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        settings = self.settings
        if settings.getpriority("NEWS_DB") < SETTINGS_PRIORITIES["cmdline"]:
            settings.set("NEWS_DB", DEMO_DB, priority="cmdline")
        if settings.getpriority("LOG_LEVEL") < SETTINGS_PRIORITIES["cmdline"]:
            settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
        # The sample sites live on 127.0.0.1 and answer at once.
        settings.set("NEWS_ALLOW_PRIVATE", True, priority="cmdline")
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")

    def run(self, args, opts) -> None:
        db = Path(self.settings.get("NEWS_DB"))
        for suffix in ("", "-wal", "-shm"):  # each demo serves new ports: start afresh
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        missing = browser_missing(self.settings)
        with (
            tempfile.TemporaryDirectory(prefix="newsspider-demo-") as tmp,
            serve_demo(Path(tmp), render=not missing) as demo,
        ):
            for name, url in demo.base_urls.items():
                rendered = " (its pages rendered by Chromium)" if name == RENDERED else ""
                print(f"Serving {name} at {url}{rendered}")
            if missing:
                print(f"Leaving out {RENDERED}, a site whose pages need a browser: {missing}")
            crawler = self.crawler_process.create_crawler(NewsSpider)
            self.crawler_process.crawl(crawler, sources=str(demo.sources_path))
            self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        print(summary_text(run_summary(db), db))


def summary_text(summary: dict, db: Path) -> str:
    lines = [
        f"\nStored {summary['articles']} articles from {len(summary['sources'])} sources "
        f"into {db}; rejected {len(summary['rejects'])} pages:"
    ]
    for reason, count in Counter(r["reason"] for r in summary["rejects"]).most_common():
        lines.append(f"  {count:3d}  {reason}")
    lines += [
        "",
        Ledger.from_rows(summary["discovery"]).summary(),
        "",
        "Browse it:",
        f"  scrapy browse --db {db}",
        "or query it:",
        f'  sqlite-utils {db} "select source, title, published from articles order by published desc limit 10" --table',
    ]
    return "\n".join(lines)
