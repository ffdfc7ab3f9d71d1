"""Extraction speed: `scrapy extract` (our whole pipeline, worker processes)
against plain `trafilatura.bare_extraction` in one process, over the same
pages, side by side.

    python benchmarks/extraction.py EVAL/gold-dev.jsonl [--limit N] [--repeat 3]

Each side runs `--repeat` times, alternating, and the ratio reported is the
median of each run's own ratio (a slow spell of a shared virtual machine
hits both sides of a run alike; one run of either can be 15% off).

Target: at least 1.6 times the baseline's pages per second on 2 cores.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]


def load(manifest: Path, limit: int | None) -> list[dict]:
    lines = [json.loads(x) for x in manifest.read_text().splitlines() if x.strip()]
    return lines[:limit] if limit else lines


def baseline(manifest: Path, entries: list[dict]) -> tuple[float, int]:
    """trafilatura alone, one process: read, decompress, extract with metadata."""
    import trafilatura

    start = time.perf_counter()
    for entry in entries:
        data = (manifest.parent / entry["path"]).read_bytes()
        if entry["path"].endswith(".gz"):
            data = gzip.decompress(data)
        trafilatura.bare_extraction(
            data, url=entry["url"], with_metadata=True, include_comments=False
        )
    return time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def ours(manifest: Path, workers: int | None) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        cmd = [sys.executable, "-m", "scrapy", "extract", str(manifest), "-o", str(out)]
        if workers is not None:
            cmd += ["-s", f"NEWS_EXTRACT_WORKERS={workers}"]
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("manifest", type=Path)
    ap.add_argument("--limit", type=int, help="only the first N pages")
    ap.add_argument("--workers", type=int, help="NEWS_EXTRACT_WORKERS for our run")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, medians reported")
    args = ap.parse_args()
    manifest = args.manifest.resolve()
    entries = load(manifest, args.limit)
    if args.limit:
        sub = Path(tempfile.mkdtemp()) / "manifest.jsonl"
        sub.write_text(
            "".join(
                json.dumps({**e, "path": str(manifest.parent / e["path"])}) + "\n" for e in entries
            )
        )
        run_manifest = sub
    else:
        run_manifest = manifest
    bases, ourses, rss = [], [], 0
    for run in range(args.repeat):  # alternated, so that a slow spell of the machine hits both
        bases.append(baseline(manifest, entries)[0])
        elapsed, rss = ours(run_manifest, args.workers)
        ourses.append(elapsed)
        print(f"run {run + 1}: baseline {bases[-1]:.1f} s, ours {elapsed:.1f} s, "
              f"ratio {bases[-1] / elapsed:.2f}", flush=True)  # fmt: skip
    t_base, t_ours = median(bases), median(ourses)
    n = len(entries)
    print(f"medians of {args.repeat} runs (the ratio: the median of the runs' own ratios):")
    print(f"{'':<34}{'seconds':>9}{'pages/s':>10}")
    print(f"{'trafilatura.bare_extraction (1 process)':<34}{t_base:>9.1f}{n / t_base:>10.1f}")
    print(f"{'scrapy extract (whole pipeline)':<34}{t_ours:>9.1f}{n / t_ours:>10.1f}")
    ratio = median(b / o for b, o in zip(bases, ourses, strict=True))
    print(
        f"{n} pages; ours / baseline throughput = {ratio:.2f} (target >= 1.60: {'met' if ratio >= 1.6 else 'MISSED'})"
    )
    print(f"peak RSS of the largest process of our run: {rss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
