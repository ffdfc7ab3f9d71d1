"""WARC input: `scrapy extract PAGES.warc.gz` against `scrapy extract` over the
very same pages as HTML files (a manifest), side by side; and the peak
memory of `scrapy extract` over a small WARC file and over a large one
(1 GiB by default), which must stay flat (records are streamed).

    python benchmarks/warc.py [--pages 1000] [--big-mb 1024] [--repeat 3]

The pages are the crawl benchmark's realistic generated articles
(newsspider/demo/build.py write_site, about 144 KB each). Each side of the throughput
comparison runs `--repeat` times, alternating; the ratio is the median of
each run's own ratio. Peak memory is that of the largest process of a run
(the crawling process or a worker), from the kernel's accounting.

Targets: WARC throughput at least 0.9 of the HTML files'; peak memory over
the large WARC at most 1.3 times that over the small one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsspider.demo.build import write_site

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://bench.example/"


def run(cmd: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB, largest process) of one command."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(cmd)}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def extract(source: Path, out: Path) -> tuple[float, float]:
    return run([sys.executable, "-m", "scrapy", "extract", str(source), "-o", str(out)])


def write_pages(site: Path, urls: list[str], warc: Path, copies: int = 1, gz: bool = True) -> int:
    """The pages as WARC response records, `copies` times (distinct URLs); the file's size."""
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for copy in range(copies):
            for url in urls:
                html = (site / url.removeprefix(BASE)).read_bytes()
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                        protocol="HTTP/1.1")  # fmt: skip
                target = url if copy == 0 else f"{url}?copy={copy}"
                writer.write_record(writer.create_warc_record(
                    target, "response", payload=BytesIO(html), http_headers=http,
                    warc_headers_dict={"WARC-Date": "2026-11-25T12:00:00Z"}))  # fmt: skip
    return warc.stat().st_size


def throughput(tmp: Path, site: Path, urls: list[str], repeat: int) -> dict:
    manifest = tmp / "manifest.jsonl"
    manifest.write_text("".join(json.dumps({"id": i, "url": u, "path": str(site / u.removeprefix(BASE))}) + "\n"
                                for i, u in enumerate(urls)))  # fmt: skip
    warc = tmp / "pages.warc.gz"
    size = write_pages(site, urls, warc)
    htmls, warcs = [], []
    for n in range(repeat):
        htmls.append(extract(manifest, tmp / "html.jsonl"))
        warcs.append(extract(warc, tmp / "warc.jsonl"))
        print(f"run {n + 1}: HTML files {htmls[-1][0]:.1f} s, WARC {warcs[-1][0]:.1f} s, "
              f"ratio {htmls[-1][0] / warcs[-1][0]:.2f}", flush=True)  # fmt: skip
    same = (tmp / "html.jsonl").read_text().count("\n") == (tmp / "warc.jsonl").read_text().count(
        "\n"
    )
    return {"html": median(t for t, _ in htmls), "warc": median(t for t, _ in warcs),
            "ratio": median(h[0] / w[0] for h, w in zip(htmls, warcs, strict=True)),
            "html_mib": median(m for _, m in htmls), "warc_mib": median(m for _, m in warcs),
            "size": size, "same_lines": same}  # fmt: skip


def memory(tmp: Path, site: Path, urls: list[str], big_mb: int) -> dict:
    """Peak memory of `scrapy extract` over the pages once, and over enough
    copies of them to make a WARC of `big_mb` MiB (uncompressed, so the file
    is that large without generating more pages than needed)."""
    small, big = tmp / "small.warc", tmp / "big.warc"
    small_size = write_pages(site, urls, small, gz=False)
    copies = max(1, -(-big_mb * 2**20 // small_size))
    big_size = write_pages(site, urls, big, copies, gz=False)
    small_run = extract(small, tmp / "small.jsonl")
    print(f"small WARC ({small_size / 2**20:.0f} MiB): {small_run[0]:.1f} s, "
          f"peak {small_run[1]:.0f} MiB", flush=True)  # fmt: skip
    big_run = extract(big, tmp / "big.jsonl")
    print(f"large WARC ({big_size / 2**20:.0f} MiB, {copies * len(urls)} pages): "
          f"{big_run[0]:.1f} s, peak {big_run[1]:.0f} MiB", flush=True)  # fmt: skip
    return {"small": small_size, "big": big_size, "pages": copies * len(urls),
            "small_run": small_run, "big_run": big_run}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--big-mb", type=int, default=1024, help="size of the large WARC (MiB)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, medians reported")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        urls = write_site(tmp / "site", BASE, args.pages)
        t = throughput(tmp, tmp / "site", urls, args.repeat)
        m = memory(tmp, tmp / "site", urls, args.big_mb)
    n = len(urls)
    print(f"medians of {args.repeat} runs (the ratio: the median of the runs' own ratios):")
    print(f"{'':<36}{'seconds':>9}{'pages/s':>10}{'peak MiB':>10}")
    print(
        f"{'scrapy extract MANIFEST (HTML files)':<36}{t['html']:>9.1f}{n / t['html']:>10.1f}{t['html_mib']:>10.0f}"
    )
    print(
        f"{'scrapy extract PAGES.warc.gz':<36}{t['warc']:>9.1f}{n / t['warc']:>10.1f}{t['warc_mib']:>10.0f}"
    )
    print(f"{n} pages ({t['size'] / 2**20:.0f} MiB of WARC.gz, same output lines: {t['same_lines']}); "
          f"WARC / HTML files throughput = {t['ratio']:.2f} (target >= 0.90: {'met' if t['ratio'] >= 0.9 else 'MISSED'})")  # fmt: skip
    growth = m["big_run"][1] / m["small_run"][1]
    print(f"peak memory, {m['big'] / 2**20:.0f} MiB WARC ({m['pages']} pages) / {m['small'] / 2**20:.0f} MiB WARC "
          f"({n} pages): {m['big_run'][1]:.0f} / {m['small_run'][1]:.0f} MiB = {growth:.2f} "
          f"(target <= 1.30: {'met' if growth <= 1.3 else 'MISSED'}); large WARC read at "
          f"{m['pages'] / m['big_run'][0]:.1f} pages/s, {m['big'] / 2**20 / m['big_run'][0]:.1f} MiB/s")  # fmt: skip


if __name__ == "__main__":
    main()
