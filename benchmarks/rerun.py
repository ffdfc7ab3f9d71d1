"""Incremental runs: crawl a generated local site of N articles twice with
`scrapy crawl news` (the real command, in a subprocess) and print both
times, the ratio (target: the second run, nothing changed, at most a tenth of
the first) and what each run fetched.

    python benchmarks/rerun.py --articles 2000
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsspider.demo.build import site_sources, write_site
from newsspider.demo.server import SiteServer

ROOT = Path(__file__).resolve().parents[1]
FAST_LOCAL = [
    "-s", "NEWS_ALLOW_PRIVATE=1", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING",
]  # fmt: skip


def crawl(sources: Path, db: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sources={sources}",
         "-s", f"NEWS_DB={db}", *FAST_LOCAL],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    with sqlite3.connect(db) as conn:
        stats = json.loads(
            conn.execute("SELECT stats FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0]
        )
    return elapsed, stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SiteServer() as server:
        tmp = Path(tmp)
        server.root = tmp / "site"
        write_site(server.root, server.base_url, args.articles)
        sources = tmp / "sources.toml"
        sources.write_text(site_sources(server.base_url))
        db = tmp / "news.db"
        first, s1 = crawl(sources, db)
        second, s2 = crawl(sources, db)
    print(f"{'run':<8}{'seconds':>10}{'requests':>10}{'stored new':>12}{'304s':>7}")
    for name, secs, st in (("first", first, s1), ("second", second, s2)):
        print(f"{name:<8}{secs:>10.1f}{st.get('downloader/request_count', 0):>10}"
              f"{st.get('news/store/new', 0):>12}{st.get('downloader/response_status_count/304', 0):>7}")  # fmt: skip
    ratio = second / first
    print(f"second / first = {ratio:.3f} (target <= 0.100: {'met' if ratio <= 0.1 else 'MISSED'})")


if __name__ == "__main__":
    main()
