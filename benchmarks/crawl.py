"""End-to-end crawl speed and memory: `scrapy crawl news` over generated local
sites of 1,000 and 10,000 articles (feed, sitemap index, news sitemaps,
sections) on 127.0.0.1, against `scrapy extract` over the very same pages.

    python benchmarks/crawl.py [--sizes 1000 10000] [--repeat 3]

Each size runs `--repeat` times, extract-only and crawl alternating; the
pages/s columns are medians, and the ratio is the median of each run's own
ratio (one run of either can be 15% off on a shared machine).

Targets: crawl throughput at least 90% of extraction-only throughput; peak
memory at the largest size at most 1.3 times that at the smallest.
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
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.rerun import FAST_LOCAL, ROOT
from newsspider.demo.build import site_sources, write_site
from newsspider.demo.server import SiteServer


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(n: int, tmp: Path, repeat: int) -> dict:
    """Medians of `repeat` extract-only and crawl runs over one generated site
    of `n` articles, alternated so that a slow spell of the machine hits both."""
    extracts, crawls, memories = [], [], []
    with SiteServer() as server:
        server.root = tmp / f"site{n}"
        urls = write_site(server.root, server.base_url, n)
        sources = tmp / f"sources{n}.toml"
        sources.write_text(site_sources(server.base_url))
        manifest = tmp / f"manifest{n}.jsonl"
        manifest.write_text(
            "".join(
                json.dumps({"id": i, "url": u, "path": str(server.root / u.split("/", 3)[3])})
                + "\n"
                for i, u in enumerate(urls)
            )
        )
        for run in range(repeat):
            extracts.append(timed([sys.executable, "-m", "scrapy", "extract", str(manifest), "-o",
                                   str(tmp / "out.jsonl")]))  # fmt: skip
            db = tmp / f"news{n}-{run}.db"
            crawls.append(timed([sys.executable, "-m", "scrapy", "crawl", "news", "-a",
                                 f"sources={sources}", "-s", f"NEWS_DB={db}", *FAST_LOCAL]))  # fmt: skip
            with sqlite3.connect(db) as conn:
                stats = json.loads(conn.execute("SELECT stats FROM runs").fetchone()[0])
                stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            memories.append(stats.get("memusage/max", 0) / 2**20)
            db.unlink()
            print(f"{n} articles, run {run + 1}: extract {extracts[-1]:.1f} s, crawl "
                  f"{crawls[-1]:.1f} s, ratio {extracts[-1] / crawls[-1]:.2f}", flush=True)  # fmt: skip
    ratios = [e / c for e, c in zip(extracts, crawls, strict=True)]
    return {"n": n, "extract": median(extracts), "crawl": median(crawls), "stored": stored,
            "memory": median(memories), "ratio": median(ratios)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, medians reported")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(n, Path(tmp), args.repeat) for n in args.sizes]
    print(
        f"{'articles':>9}{'stored':>8}{'extract p/s':>13}{'crawl p/s':>11}{'crawl/extract':>15}{'peak MiB':>10}"
    )
    for r in results:
        e, c = r["n"] / r["extract"], r["n"] / r["crawl"]
        print(
            f"{r['n']:>9}{r['stored']:>8}{e:>13.1f}{c:>11.1f}{r['ratio']:>15.2f}{r['memory']:>10.0f}"
        )
    worst = min(r["ratio"] for r in results)
    growth = results[-1]["memory"] / results[0]["memory"]
    print(
        f"crawl throughput / extraction throughput, worst: {worst:.2f} (target >= 0.90: {'met' if worst >= 0.9 else 'MISSED'})"
    )
    print(
        f"peak memory {results[-1]['n']} / {results[0]['n']}: {growth:.2f} (target <= 1.30: {'met' if growth <= 1.3 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
