#!/usr/bin/env python3
"""Extraction quality: our pipeline vs trafilatura alone, on a gold set.

    python benchmarks/quality.py GOLD.jsonl [--dataset NAME] [--score PATH] [--workers N]

Runs our pipelines over the gold pages with ``scrapy extract`` (in a
subprocess, exactly as in production), and trafilatura's ``bare_extraction``
alone over the same pages (in a process pool), then scores both with the gold
set's ``score.py`` and prints the two score tables side by side.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def load_score(path: Path) -> ModuleType:
    """The gold set's scorer, imported from its file."""
    spec = importlib.util.spec_from_file_location("gold_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_gold(path: Path, dataset: str | None) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        gold = [json.loads(line) for line in fh if line.strip()]
    return [g for g in gold if dataset is None or g["dataset"] == dataset]


def write_manifest(gold: list[dict[str, Any]], folder: Path, out: Path) -> None:
    """A manifest of the gold pages with absolute paths (it may live anywhere)."""
    with out.open("w", encoding="utf-8") as fh:
        for g in gold:
            entry = {"id": g["id"], "url": g["url"], "path": str((folder / g["path"]).resolve())}
            fh.write(json.dumps(entry) + "\n")


def run_ours(manifest: Path, out: Path) -> list[dict[str, Any]]:
    """Our pipelines over the manifest, via `scrapy extract`."""
    scrapy = Path(sys.executable).with_name("scrapy")
    cmd = [str(scrapy) if scrapy.exists() else "scrapy", "extract", str(manifest), "-o", str(out)]
    subprocess.run(cmd, cwd=ROOT, check=True)
    with out.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def trafilatura_one(args: tuple[str, str, str]) -> dict[str, Any]:
    """trafilatura alone on one page, mapped to our field names."""
    from trafilatura import bare_extraction

    page_id, url, path = args
    data = Path(path).read_bytes()
    html = gzip.decompress(data) if path.endswith(".gz") else data
    try:
        doc = bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # a crash on one page must not stop the benchmark
        return {"id": page_id, "error": repr(exc)}
    if doc is None:
        return {"id": page_id}
    return {
        "id": page_id,
        "title": doc.title,
        "authors": doc.author,
        "published": doc.date,
        "body": doc.text,
    }


def run_trafilatura(gold: list[dict[str, Any]], folder: Path, workers: int) -> list[dict[str, Any]]:
    jobs = [(g["id"], g["url"], str(folder / g["path"])) for g in gold]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(trafilatura_one, jobs, chunksize=8))


def side_by_side(left: str, right: str, titles: tuple[str, str]) -> str:
    """Two text tables next to each other, each under its title.

    >>> print(side_by_side("a  b\\n1  2", "a  b\\n3  4", ("ours", "base")))
    ours  | base
    a  b  | a  b
    1  2  | 3  4
    """
    lines_l, lines_r = [titles[0], *left.splitlines()], [titles[1], *right.splitlines()]
    width = max(len(x) for x in lines_l)
    rows = max(len(lines_l), len(lines_r))
    lines_l += [""] * (rows - len(lines_l))
    lines_r += [""] * (rows - len(lines_r))
    return "\n".join(
        f"{a.ljust(width)}  | {b}".rstrip() for a, b in zip(lines_l, lines_r, strict=True)
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("gold", type=Path)
    ap.add_argument("--dataset", help="only this dataset's pages")
    ap.add_argument("--score", type=Path, help="the gold set's score.py (default: beside GOLD)")
    ap.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="trafilatura processes"
    )
    ap.add_argument("--keep", type=Path, help="folder to keep both prediction files in")
    args = ap.parse_args(argv)
    scorer = load_score(args.score or args.gold.resolve().parent / "score.py")
    gold = read_gold(args.gold, args.dataset)
    if not gold:
        raise SystemExit("no gold pages (wrong --dataset?)")
    folder = args.gold.resolve().parent
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        manifest = work / "manifest.jsonl"
        write_manifest(gold, folder, manifest)
        ours = run_ours(manifest, work / "ours.jsonl")
        base = run_trafilatura(gold, folder, args.workers)
        if args.keep:
            with (work / "trafilatura.jsonl").open("w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in base)
    # what the corpus holds: a rejected page (a line with an error) scores as empty
    stored = getattr(scorer, "stored", lambda preds: preds)
    ours_table = scorer.table(scorer.score(gold, stored(ours)))
    base_table = scorer.table(scorer.score(gold, stored(base)))
    print(side_by_side(ours_table, base_table, ("newsspider", "trafilatura alone")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
