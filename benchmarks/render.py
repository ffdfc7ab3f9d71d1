"""What rendering costs: the same static article pages on 127.0.0.1, crawled by
`scrapy crawl news` as a plain source and as a source with ``render =
"browser"`` (Debian's Chromium through scrapy-playwright).

    python benchmarks/render.py [--pages 40] [--repeat 3] [-s NAME=VALUE ...]

Plain and rendered runs alternate; the pages/s columns are medians of whole
runs (wall clock, including Chromium's start), so they are what a user waits.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from badweb import HTML, BadWeb, article_html, rss, static

from benchmarks.rerun import FAST_LOCAL, ROOT


def serve(web: BadWeb, pages: int) -> None:
    paths = [f"/news/story-{i}" for i in range(pages)]
    web.routes["/"] = static(b"<html><body><p>Home</p></body></html>", ctype=HTML)
    web.routes["/feed.xml"] = static(rss([web.url(p) for p in paths]), ctype="application/rss+xml")
    for path in paths:
        web.routes[path] = static(article_html(f"Story {path}").encode(), ctype=HTML)


def run(web: BadWeb, folder: Path, render: str, extra: list[str]) -> tuple[float, int]:
    """Seconds one crawl took, and the articles it stored."""
    sources, db = folder / f"{render}.toml", folder / f"{render}-{time.monotonic_ns()}.db"
    sources.write_text(
        f'[[source]]\nname = "bench"\nhomepage = "{web.url("/")}"\n'
        f'feeds = ["{web.url("/feed.xml")}"]\nrender = "{render}"\n',
        encoding="utf-8",
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sources={sources}",
         "-s", f"NEWS_DB={db}", *FAST_LOCAL, *extra],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    with sqlite3.connect(db) as conn:
        return elapsed, conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("-s", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    extra = [x for s in args.s for x in ("-s", s)]
    rates: dict[str, list[float]] = {"none": [], "browser": []}
    with BadWeb() as web, tempfile.TemporaryDirectory() as tmp:
        serve(web, args.pages)
        for _ in range(args.repeat):
            for render in rates:
                elapsed, stored = run(web, Path(tmp), render, extra)
                assert stored == args.pages, f"render={render}: {stored} of {args.pages} stored"
                rates[render].append(args.pages / elapsed)
    plain, rendered = median(rates["none"]), median(rates["browser"])
    print(f"{args.pages} pages, {args.repeat} runs each: plain {plain:.1f} pages/s, "
          f"rendered {rendered:.1f} pages/s ({plain / rendered:.0f} times slower)")  # fmt: skip


if __name__ == "__main__":
    main()
