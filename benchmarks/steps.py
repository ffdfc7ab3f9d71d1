"""Where the time goes: each step of the extraction chain timed on its own
(CPU time, so that other work on the machine disturbs it less),
in one process, without a profiler, next to `trafilatura.bare_extraction`
alone over the same pages (the baseline of `benchmarks/extraction.py`).

    python benchmarks/steps.py EVAL/gold-dev.jsonl [--limit 400]

The steps are the stages of `newsspider.article.build_article`, which a
worker process runs for each page in one trip: parse, structured metadata,
trafilatura's body, trafilatura's own metadata, clean, normalise (titles,
authors, dates), the near-duplicate fingerprint, and the archive's gzip.
For a sampling profile of a whole run, `py-spy record -o profile.svg --
python -m scrapy extract MANIFEST -o out.jsonl` (add `--subprocesses` to
include the workers).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections import Counter
from pathlib import Path
from unittest import mock

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import newsspider.article as chain_module
from newsspider.article import STAGES, extract_article, finish
from newsspider.extraction.dates.choose import choose_date
from newsspider.items import Page
from newsspider.offline import read_entry

FETCHED = "2026-11-27T00:00:00+00:00"


def load(manifest: Path, limit: int | None) -> list[Page]:
    """Every `limit`-th page of the manifest, spread over all its datasets."""
    lines = [x for x in manifest.read_text().splitlines() if x.strip()]
    step = max(1, len(lines) // limit) if limit else 1
    picked = lines[::step][:limit]
    return [read_entry(line, manifest.parent, FETCHED, n) for n, line in enumerate(picked, 1)]


def timed(spent: Counter, name: str, fn):
    def run(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start

    return run


def chain(pages: list[Page]) -> tuple[Counter, float]:
    """Seconds spent in each step, and in the whole chain."""
    spent: Counter = Counter()
    patches = [
        mock.patch(name, timed(spent, label, mock_target(name)))
        for name, label in (("newsspider.extraction.html.parse_html", "parse"),
                            ("newsspider.extraction.metadata.collect", "structured metadata"),
                            ("newsspider.extraction.body.extract.extract_body", "trafilatura: body"),
                            ("newsspider.extraction.body.fallback.trafilatura_metadata",
                             "trafilatura: metadata"))
    ] + [mock.patch.object(chain_module, "choose_date", timed(spent, "  of which dates", choose_date))]  # fmt: skip
    for patch in patches:
        patch.start()
    start = time.process_time()
    try:
        for page in pages:  # build_article(page, archive=True), stage by stage
            article = timed(spent, "extract step", extract_article)(page)
            for stage in STAGES[1:]:
                timed(spent, stage, finish)(article, stage)
            if article.error is None:
                timed(spent, "archive gzip", page.compressed)()
    finally:
        for patch in patches:
            patch.stop()
    return spent, time.process_time() - start


def mock_target(name: str):
    module, attr = name.rsplit(".", 1)
    return getattr(importlib.import_module(module), attr)


def baseline(pages: list[Page]) -> float:
    start = time.process_time()
    for page in pages:
        trafilatura.bare_extraction(
            page.html, url=page.url, with_metadata=True, include_comments=False
        )
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("manifest", type=Path)
    ap.add_argument("--limit", type=int, default=400, help="pages to time (0: all)")
    args = ap.parse_args()
    pages = load(args.manifest.resolve(), args.limit or None)
    chain(pages[:20])  # warm up: imports, compiled patterns, dateparser's locales
    spent, total = chain(pages)
    base = baseline(pages)
    n = len(pages)
    order = ["extract step", "parse", "structured metadata", "trafilatura: body", "trafilatura: metadata",
             "clean", "normalise", "  of which dates", "fingerprint", "archive gzip"]  # fmt: skip
    print(f"{n} pages, CPU ms a page (one process, no profiler)")
    for name in order:
        print(f"  {name:<36}{spent[name] / n * 1000:>7.1f}")
    print(f"  {'whole chain':<36}{total / n * 1000:>7.1f}")
    print(f"  {'baseline: bare_extraction from HTML':<36}{base / n * 1000:>7.1f}")
    print(f"chain / baseline: {total / base:.2f}")


if __name__ == "__main__":
    main()
