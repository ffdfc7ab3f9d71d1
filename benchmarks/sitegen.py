"""Write a generated local news site of N articles (newsspider/demo's
`write_site`: the pages the crawl benchmarks use, about 144 KB and 670
elements each, deterministic for a seed) and its sources.toml.

    python benchmarks/sitegen.py OUT_DIR --articles 2000 [--base URL] [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsspider.demo.build import site_sources, write_site


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--base", default="http://127.0.0.1:8000/")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    urls = write_site(args.out, args.base, args.articles, args.seed)
    sources = args.out.with_name(args.out.name + "-sources.toml")
    sources.write_text(site_sources(args.base), encoding="utf-8")
    print(f"{len(urls)} articles under {args.out}; sources in {sources}")


if __name__ == "__main__":
    main()
