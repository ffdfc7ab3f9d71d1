"""Reading speed: a generated corpus of N articles (default 100,000) served
by `scrapy browse`'s Datasette setup (metadata, templates, time limit) and,
side by side, by bare `datasette`; median and 95th-percentile times of a
full-text search and of an article page, over real HTTP on 127.0.0.1.

    python benchmarks/reading.py [--articles 100000] [--requests 50]

Target: both under 50 ms median with our setup.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsspider.commands.browse import datasette_args
from newsspider.demo.bench import NAMES, WORDS
from newsspider.items import Article, Batch, Page
from newsspider.store import Corpus
from pipelines.normalise import content_hash

ROOT = Path(__file__).resolve().parents[1]


SYLLABLES = [
    "ba",
    "ce",
    "di",
    "fo",
    "gu",
    "ha",
    "ke",
    "li",
    "mo",
    "nu",
    "pa",
    "re",
    "si",
    "to",
    "vu",
    "wa",
    "ze",
    "ri",
    "lo",
    "ne",
]
VOCAB = WORDS + sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES})
#: Zipf-like weights: a few words everywhere, most words rare, as in real text
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCAB))]


def sentence(rng: random.Random) -> str:
    words = rng.choices(VOCAB, WEIGHTS, k=rng.randint(8, 22))
    return " ".join(words).capitalize() + "."


def build(db: Path, n: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    corpus = Corpus(db)
    run = corpus.start_run("bench", [])
    start = datetime(2026, 11, 25, tzinfo=UTC)
    for k in range(0, n, 2000):
        batch = Batch()
        for i in range(k, min(n, k + 2000)):
            when = (start - timedelta(minutes=7 * i)).isoformat()
            body = "\n\n".join(" ".join(sentence(rng) for _ in range(4)) for _ in range(6))
            url = f"https://bench.example/{i}"
            record = {
                "url": url, "source": f"source-{i % 20}", "title": sentence(rng)[:-1],
                "authors": [rng.choice(NAMES)], "byline": rng.choice(NAMES), "published": when,
                "published_utc": when, "language": "en", "body": body,
                "word_count": len(body.split()), "content_hash": content_hash(body + str(i)),
            }  # fmt: skip
            batch.articles.append(Article(page=Page(url=url, fetched=when), record=record))
        corpus.write(run, batch, archive=False)
    corpus.close()


def bare_metadata(tmp: Path) -> Path:
    """The same search query, for bare Datasette (no templates, no facets)."""
    import yaml

    ours = yaml.safe_load((ROOT / "data" / "metadata.yml").read_text())
    search = ours["databases"]["news"]["queries"]["search"]
    path = tmp / "bare.yml"
    path.write_text(
        yaml.safe_dump({"databases": {"news": {"queries": {"search": {"sql": search["sql"]}}}}})
    )
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(args: list[str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "datasette", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=1)
            return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("datasette did not start")


def timings(port: int, paths: list[str]) -> list[float]:
    out = []
    for path in paths:
        start = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
            r.read()
            assert r.status == 200, path
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--db", type=Path, help="reuse (or build once into) this corpus file")
    args = ap.parse_args()
    rng = random.Random(9)
    tmp = Path(tempfile.mkdtemp())
    db = args.db or tmp / "news.db"
    if not db.exists():
        t = time.perf_counter()
        build(db, args.articles)
        print(f"built {args.articles} articles in {time.perf_counter() - t:.0f} s")
    if db.stem != "news":  # Datasette names a database after its file: serve it as "news"
        (tmp / "news.db").symlink_to(db.resolve())
        db = tmp / "news.db"
    # two words of middling frequency, as a reader types them in the search
    # box, which runs the `search` canned query (ranked, with snippets)
    words = [
        f"{rng.choice(VOCAB[50:2000])}+{rng.choice(VOCAB[50:2000])}" for _ in range(args.requests)
    ]
    searches = [f"/news/search?q={w}" for w in words]
    pages = [f"/news/articles/{rng.randint(1, args.articles)}" for _ in range(args.requests)]
    setups = {
        "scrapy browse": datasette_args(db, ROOT / "data" / "metadata.yml", port=0),
        "bare datasette": ["serve", str(db), "-m", str(bare_metadata(tmp))],
    }
    print(f"{'':<16}{'search median':>15}{'p95':>8}{'article median':>16}{'p95':>8}  (ms)")
    medians = {}
    for name, argv in setups.items():
        port = free_port()
        argv = [a if a != "0" or argv[i - 1] != "--port" else str(port) for i, a in enumerate(argv)]
        if "--port" not in argv:
            argv += ["--port", str(port)]
        proc = serve(argv, port)
        try:
            timings(port, searches[:3] + pages[:3])  # warm up
            s, p = timings(port, searches), timings(port, pages)
        finally:
            proc.terminate()
            proc.wait()
        q = lambda xs: statistics.quantiles(xs, n=20)[-1]  # noqa: E731
        medians[name] = (statistics.median(s), statistics.median(p))
        print(
            f"{name:<16}{medians[name][0]:>15.1f}{q(s):>8.1f}{medians[name][1]:>16.1f}{q(p):>8.1f}"
        )
    ours = medians["scrapy browse"]
    ok = max(ours) < 50
    print(f"ours / bare: search {ours[0] / medians['bare datasette'][0]:.2f}, "
          f"article {ours[1] / medians['bare datasette'][1]:.2f}; target < 50 ms median: {'met' if ok else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
