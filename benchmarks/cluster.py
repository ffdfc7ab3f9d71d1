"""`scrapy cluster` on one machine: throughput with 1, 2 and 4 worker
processes against the same sources, and what one writer applies a second.

    python benchmarks/cluster.py [--sources 8] [--articles 40] [--delay 0.2] [--workers 1 2 4]
                                 [--realistic]

Each source is its own local site whose server answers every request after
`--delay` seconds (as a real site does), crawled politely (one request at a
time per site). A fresh redis-server (Debian's) and corpus per row; the
articles/s column is stored articles over the wall time from `enqueue` to
the last run's end. The writer's capacity is measured apart: the workers
crawl with the writer stopped, so that every batch waits in the broker, then
the writer is started and timed from its first commit until it has applied
them all. The CPU column is the CPU time of every process of the cluster
(crawls included): where it nears the wall time times the cores free, the
crawl is bound by the CPU, not by the sites.

The helpers (the sites, redis-server, the writer and worker processes) are
what tests/test_cluster.py runs too.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsspider.demo import build as demo_build
from newsspider.demo.bench import WORDS
from newsspider.demo.server import SiteServer

ROOT = Path(__file__).resolve().parents[1]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
#: settings every cluster process of the tests and benchmark gets: local sites
#: on 127.0.0.1, one request at a time per site and almost no pause. Not
#: DOWNLOAD_DELAY = 0: Scrapy 2.14 then sends a site's queued requests all at
#: once whatever CONCURRENT_REQUESTS_PER_DOMAIN says (7 at once measured for 1);
#: with any delay its limit holds
LOCAL = {"NEWS_ALLOW_PRIVATE": "1", "AUTOTHROTTLE_ENABLED": "0", "DOWNLOAD_DELAY": "0.01",
         "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "RETRY_TIMES": "0", "NEWS_EXTRACT_WORKERS": "1",
         "LOG_LEVEL": "WARNING", "LOGSTATS_INTERVAL": "0", "NEWS_BATCH_SIZE": "10"}  # fmt: skip


# -- sites ------------------------------------------------------------------------


def article_page(url: str, title: str, rng: random.Random) -> str:
    paragraphs = "".join(
        f"<p>{' '.join(rng.choice(WORDS) for _ in range(30)).capitalize()}.</p>" for _ in range(4)
    )
    return (
        f'<html lang="en"><head><title>{title}</title><link rel="canonical" href="{url}">'
        f'<meta property="article:published_time" content="2026-11-30T08:00:00Z"></head>'
        f'<body><article><h1>{title}</h1><p class="byline">By Ada Lovelace</p>'
        f"{paragraphs}</article></body></html>"
    )


def write_site(root: Path, base: str, name: str, articles: int, first: int = 0) -> list[str]:
    """A small news site: `articles` pages of 120 words, an RSS feed of them
    all and a homepage linking them; its article URLs."""
    rng = random.Random(f"{name}-{first}")
    (root / "news").mkdir(parents=True, exist_ok=True)
    for i in range(first, first + articles):
        url = f"{base}news/{i}.html"
        title = f"{name.title()} story {i}: " + " ".join(rng.choice(WORDS) for _ in range(4))
        (root / "news" / f"{i}.html").write_text(article_page(url, title, rng))
    urls = [f"{base}news/{p.stem}.html" for p in sorted(root.glob("news/*.html"))]
    items = "".join(f"<item><title>Story</title><link>{u}</link></item>" for u in urls)
    (root / "rss.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>'
                                  f"<title>{name}</title>{items}</channel></rss>")  # fmt: skip
    links = "".join(f'<a href="{u}">story</a>' for u in urls)
    (root / "index.html").write_text(f"<html><body><h1>{name}</h1>{links}</body></html>")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    return urls


def source_entry(name: str, base: str) -> str:
    return (f'[[source]]\nname = "{name}"\nhomepage = "{base}"\nfeeds = ["{base}rss.xml"]\n'
            "article_pattern = '/news/\\d+\\.html$'\nlanguages = [\"en\"]\n\n")  # fmt: skip


@contextmanager
def sites(folder: Path, sources: int, articles: int, delay: float = 0.0, realistic: bool = False):
    """`sources` local sites (one server each, answering after `delay`
    seconds) and their sources file: yields (servers by name, sources path).
    `realistic`: pages of real weight (newsspider/demo/bench.py, 144 KB) found
    through robots.txt, a sitemap index, a feed and sections."""
    with ExitStack() as stack:
        servers, toml = {}, ""
        for k in range(sources):
            name = f"site-{k:02d}"
            server = stack.enter_context(SiteServer(folder / name))
            if delay:
                server._httpd.RequestHandlerClass = slow_handler(server, delay)
            if realistic:
                demo_build.write_site(server.root, server.base_url, articles, seed=k)
                entry = demo_build.site_sources(server.base_url).replace(
                    '"bench-gazette"', f'"{name}"'
                )
            else:
                write_site(server.root, server.base_url, name, articles)
                entry = source_entry(name, server.base_url)
            servers[name], toml = server, toml + entry + "\n"
        (folder / "sources.toml").write_text(toml)
        yield servers, folder / "sources.toml"


def slow_handler(server: SiteServer, delay: float):
    base = server._httpd.RequestHandlerClass

    class Slow(base):
        def send_head(self):
            time.sleep(delay)
            return super().send_head()

    return Slow


# -- redis-server and the cluster's processes -----------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def redis_server(folder: Path, port: int | None = None, persist: bool = False, password: str = ""):
    """Debian's redis-server on 127.0.0.1 in `folder` (AOF with `persist`):
    yields its URL."""
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    process = start_redis(folder, port, persist, password)
    try:
        yield f"redis://{f':{password}@' if password else ''}127.0.0.1:{port}/0"
    finally:
        stop(process)


def start_redis(folder: Path, port: int, persist: bool = False, password: str = ""):
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "yes" if persist else "no", "--protected-mode", "yes",
         *(["--requirepass", password] if password else [])],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    stop(process)
    raise RuntimeError(f"redis-server did not start on port {port}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
    """Stop a process and its children (each cluster process has its own group)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Cluster:
    """A writer and workers on one machine, each process in its own group."""

    def __init__(self, broker: str, sources: Path, db: Path, folder: Path, **settings) -> None:
        self.broker, self.sources, self.db, self.folder = broker, sources, db, folder
        self.settings = {**LOCAL, "NEWS_BROKER": broker, "NEWS_SOURCES": str(sources), **settings}
        self.processes: list[subprocess.Popen] = []

    def args(self, *command: str, **settings) -> list[str]:
        values = {**self.settings, **settings}
        return [sys.executable, "-m", "scrapy", "cluster", *command,
                *(a for k, v in values.items() for a in ("-s", f"{k}={v}"))]  # fmt: skip

    def start(self, log: Path, *command: str, cwd: Path = ROOT, **settings) -> subprocess.Popen:
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
        env.pop("NEWS_BROKER", None)
        with log.open("ab") as out:
            process = subprocess.Popen(self.args(*command, **settings), cwd=cwd, env=env,
                                       stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)  # fmt: skip
        self.processes.append(process)
        return process

    def writer(self) -> subprocess.Popen:
        return self.start(self.folder / "writer.log", "writer", NEWS_DB=str(self.db))

    def worker(self, n: int, concurrency: int = 1) -> subprocess.Popen:
        """A worker in its own folder (`workerN`), with no corpus there."""
        home = self.folder / f"worker{n}"
        home.mkdir(parents=True, exist_ok=True)
        return self.start(
            home / "worker.log", "worker", "--concurrency", str(concurrency), cwd=home
        )

    def run(self, *command: str, **settings) -> subprocess.CompletedProcess:
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
        return subprocess.run(self.args(*command, **settings), cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    def enqueue(self, *names: str) -> subprocess.CompletedProcess:
        return self.run("enqueue", *names)

    def query(self, sql: str, params=()) -> list[tuple]:
        """Read the corpus (nothing when it does not exist yet)."""
        if not self.db.exists():
            return []
        try:
            with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=10) as conn:
                return conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError:  # no such table yet
            return []

    def scalar(self, sql: str, params=()):
        """The first value `sql` gives (0 while the corpus or table is missing)."""
        rows = self.query(sql, params)
        return rows[0][0] if rows else 0

    def finished_runs(self) -> int:
        return self.scalar("SELECT count(*) FROM runs WHERE finished IS NOT NULL")

    def wait_runs(self, n: int, timeout: float = 300) -> float:
        """Wait until `n` runs have finished; the seconds it took."""
        start = time.monotonic()
        while self.finished_runs() < n:
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"{self.finished_runs()} of {n} runs finished after {timeout} s")
            time.sleep(0.2)
        return time.monotonic() - start

    def close(self) -> None:
        for process in self.processes:
            stop(process)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -- the benchmark ------------------------------------------------------------------


class CpuMeter:
    """CPU seconds of the cluster's processes and everything they start (the
    crawls, their extraction workers), sampled from /proc: each cluster
    process leads its own session, which its descendants inherit."""

    def __init__(self, cluster: Cluster, every: float = 0.2) -> None:
        self.cluster, self.every, self.ticks = cluster, every, {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample_until_stopped, daemon=True)

    def sample_until_stopped(self) -> None:
        while not self.stop.wait(self.every):
            sessions = {p.pid for p in self.cluster.processes}
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue  # ended meanwhile
                if int(fields[3]) in sessions:  # session id; utime, stime in ticks
                    self.ticks[stat.parent.name] = int(fields[11]) + int(fields[12])

    def __enter__(self) -> CpuMeter:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")


def throughput(folder: Path, sources: Path, names: int, workers: int) -> tuple[float, int, float]:
    """Seconds for `workers` worker processes to crawl every source, the
    articles stored, and the CPU seconds it took."""
    with redis_server(folder / "redis") as broker, \
            Cluster(broker, sources, folder / "news.db", folder) as cluster:  # fmt: skip
        cluster.writer()
        for n in range(workers):
            cluster.worker(n)
        time.sleep(3)  # let every worker connect before the first message
        with CpuMeter(cluster) as cpu:
            start = time.monotonic()
            cluster.enqueue().check_returncode()
            cluster.wait_runs(names, timeout=1800)
            elapsed = time.monotonic() - start
        return elapsed, cluster.scalar("SELECT count(*) FROM articles"), cpu.seconds


def writer_rate(folder: Path, sources: Path, names: int, workers: int) -> tuple[float, int]:
    """Seconds one writer took to apply every batch waiting in the broker
    (from its first commit, so without its start-up), and the articles."""
    with redis_server(folder / "redis") as broker, \
            Cluster(broker, sources, folder / "news.db", folder) as cluster:  # fmt: skip
        crawlers = [cluster.worker(n) for n in range(workers)]
        time.sleep(3)
        cluster.enqueue().check_returncode()
        while not all_crawled(broker, names):
            time.sleep(0.5)
        for process in crawlers:
            stop(process)
        cluster.writer()
        while not cluster.scalar("SELECT count(*) FROM cluster_batches"):
            time.sleep(0.05)
        start = time.monotonic()
        cluster.wait_runs(names, timeout=1800)
        elapsed = time.monotonic() - start
        return elapsed, cluster.scalar("SELECT count(*) FROM articles")


def all_crawled(broker: str, names: int) -> bool:
    """Every source's crawl done (each finished task leaves its mark in Redis)."""
    import redis

    return len(list(redis.Redis.from_url(broker).scan_iter("newsspider:done:*"))) >= names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=8)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--writer-only", action="store_true",
                        help="measure the writer only (with the most --workers)")  # fmt: skip
    parser.add_argument("--realistic", action="store_true",
                        help="pages of real weight (144 KB, newsspider/demo/bench.py), not 2 KB")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with sites(tmp / "sites", args.sources, args.articles, args.delay,
                   args.realistic) as (_, sources):  # fmt: skip
            print(f"{args.sources} sources x {args.articles} "
                  f"{'realistic' if args.realistic else 'small'} articles, "
                  f"{args.delay} s a response")  # fmt: skip
            print("| workers | seconds | articles | articles/s | speed-up | CPU s |")
            print("|---|---|---|---|---|---|")
            base = None
            for workers in [] if args.writer_only else args.workers:
                seconds, stored, cpu = throughput(tmp / f"run{workers}", sources, args.sources,
                                                  workers)  # fmt: skip
                base = base or seconds * args.workers[0]
                print(f"| {workers} | {seconds:.1f} | {stored} | {stored / seconds:.1f} | "
                      f"{base / seconds:.2f}x | {cpu:.0f} |", flush=True)  # fmt: skip
            seconds, stored = writer_rate(tmp / "writer", sources, args.sources, max(args.workers))
            print(
                f"writer: {stored} articles applied in {seconds:.1f} s = "
                f"{stored / seconds:.1f} articles/s (batches waiting in the broker)"
            )


if __name__ == "__main__":
    main()
