"""Extraction speed: `scrapy extract` (our whole pipeline, worker processes)
against plain `trafilatura.bare_extraction` in one process, and over a
two-process pool (`multiprocessing.Pool(2)`, started fresh in a process of
its own as `scrapy extract` is: what a user would run on the same two cores),
over the same pages, side by side.

    python benchmarks/extraction.py EVAL/gold-dev.jsonl [--limit N] [--repeat 3]

The three run `--repeat` times, alternating, and each ratio reported is the
median of each run's own ratio (a slow spell of a shared virtual machine
hits all sides of a run alike; one run of any can be 15% off).

Targets: at least 1.6 times the one-process baseline's pages per second on
2 cores, and at least 1.0 times the two-process pool's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
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


def trafilatura_one(entry: dict) -> None:
    """trafilatura alone on one page: read, decompress, extract with metadata."""
    import trafilatura

    data = Path(entry["path"]).read_bytes()
    if entry["path"].endswith(".gz"):
        data = gzip.decompress(data)
    trafilatura.bare_extraction(data, url=entry["url"], with_metadata=True, include_comments=False)


def baseline(manifest: Path, entries: list[dict]) -> tuple[float, int]:
    """trafilatura alone, one process."""
    start = time.perf_counter()
    for entry in entries:
        trafilatura_one({**entry, "path": str(manifest.parent / entry["path"])})
    return time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def pool(manifest: Path, processes: int) -> float:
    """trafilatura over a pool of `processes`, in a fresh process (its
    start-up counted, as that of `scrapy extract` is)."""
    cmd = [sys.executable, __file__, str(manifest), "--pool-run", str(processes)]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True)
    return time.perf_counter() - start


def pool_run(manifest: Path, processes: int) -> None:
    entries = [{**e, "path": str(manifest.parent / e["path"])} for e in load(manifest, None)]
    with multiprocessing.Pool(processes) as workers:
        for _ in workers.imap_unordered(trafilatura_one, entries, chunksize=4):
            pass


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
    ap.add_argument("--processes", type=int, default=2, help="trafilatura pool's processes")
    ap.add_argument("--pool-run", type=int, help=argparse.SUPPRESS)  # the pool's own process
    args = ap.parse_args()
    manifest = args.manifest.resolve()
    if args.pool_run:
        return pool_run(manifest, args.pool_run)
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
    runs: dict[str, list[float]] = {"base": [], "pool": [], "ours": []}
    rss = 0
    for run in range(args.repeat):  # alternated, so that a slow spell of the machine hits all
        runs["base"].append(baseline(manifest, entries)[0])
        runs["pool"].append(pool(run_manifest, args.processes))
        elapsed, rss = ours(run_manifest, args.workers)
        runs["ours"].append(elapsed)
        print(f"run {run + 1}: baseline {runs['base'][-1]:.1f} s, pool {runs['pool'][-1]:.1f} s, "
              f"ours {elapsed:.1f} s", flush=True)  # fmt: skip
    report(runs, len(entries), args.processes)
    print(f"peak RSS of the largest child process (ours or the pool's): {rss / 1024:.0f} MiB")


def report(runs: dict[str, list[float]], n: int, processes: int) -> None:
    """Pages a second of each side (medians) and our ratio to each baseline
    (the median of the runs' own ratios)."""
    print(f"medians of {len(runs['ours'])} runs (a ratio: the median of the runs' own ratios):")
    print(f"{'':<44}{'seconds':>9}{'pages/s':>10}{'ours / it':>11}")
    names = {"base": "trafilatura.bare_extraction (1 process)",
             "pool": f"trafilatura, Pool({processes}) started fresh",
             "ours": "scrapy extract (whole pipeline)"}  # fmt: skip
    targets = {"base": 1.6, "pool": 1.0}
    for side, name in names.items():
        t = median(runs[side])
        ratio = median(o and b / o for b, o in zip(runs[side], runs["ours"], strict=True))
        line = f"{name:<44}{t:>9.1f}{n / t:>10.1f}"
        if side in targets:
            met = "met" if ratio >= targets[side] else "MISSED"
            line += f"{ratio:>11.2f}  (target >= {targets[side]:.2f}: {met})"
        print(line)
    print(f"{n} pages")


if __name__ == "__main__":
    main()
