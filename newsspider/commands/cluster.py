"""`scrapy cluster writer|worker|enqueue|status`: crawl on many machines
into one corpus (docs/scale-out.md).

- ``writer`` (on the corpus host): the one process that applies the
  workers' batches, a Celery worker with concurrency 1 on the writer queue;
  it holds the corpus lock, and rebuilds the read model in Redis first.
- ``worker [--concurrency N]`` (any host): takes sources from the queue, N
  at a time, each crawled in a child process (``crawl NAME``, which the
  worker runs, not people).
- ``enqueue [NAME ...]``: queues every source, or the named ones; a source
  queued or in flight already is not queued again.
- ``status``: queues, writer, workers, sources in flight, last runs; exit 1
  when no writer is alive or the broker cannot be reached.
"""

from __future__ import annotations

import os
import sys
import time
import uuid

import redis
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.commands.crawl import EXIT_BAD_CONFIG, EXIT_BUSY, EXIT_FAILED, store_failure
from newsspider.ledger import Ledger
from newsspider.sources import SourcesError, load_sources
from newsspider.spiders.news import NewsSpider

SUBCOMMANDS = ("writer", "worker", "enqueue", "status", "crawl")
#: seconds between two tries to reach the broker
BROKER_RETRY = 5


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "writer | worker [--concurrency N] | enqueue [NAME ...] | status"

    def short_desc(self) -> str:
        return "Crawl on many machines into one corpus (Celery and Redis; docs/scale-out.md)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("-c", "--concurrency", type=int, default=1, metavar="N",
                            help="worker: sources crawled at once (default 1)")  # fmt: skip

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        if args and args[0] == "crawl":  # a worker's child: read Redis, send to the writer
            self.settings.set("NEWS_CLUSTER_WORKER", True, priority="cmdline")
        self.set_args = [a for item in opts.set or [] for a in ("-s", item)]

    def run(self, args, opts) -> None:
        if not args or args[0] not in SUBCOMMANDS:
            raise UsageError(f"usage: scrapy cluster {self.syntax()}")
        from newsspider.cluster.app import safe_url

        self.broker = safe_url(self.settings.get("NEWS_BROKER"))
        getattr(self, f"run_{args[0]}")(args[1:], opts)

    def fail(self, status: int, message: str) -> None:
        print(f"error: {message}", file=sys.stderr, flush=True)
        self.exitcode = status

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.settings.get("NEWS_BROKER"), socket_connect_timeout=5,
                                    socket_timeout=30)  # fmt: skip

    def wait_for_broker(self) -> None:
        """Until the broker answers: one line per try, then try again."""
        while True:
            try:
                self.redis().ping()
                return
            except redis.RedisError as exc:
                print(f"cannot reach the broker at {self.broker}: {exc}; trying again in "
                      f"{BROKER_RETRY} s", file=sys.stderr, flush=True)  # fmt: skip
                time.sleep(BROKER_RETRY)

    def celery_argv(self, queue: str, pool: str, concurrency: int, name: str) -> list[str]:
        level = self.settings.get("LOG_LEVEL", "INFO")
        return ["worker", "-Q", queue, "-P", pool, "-c", str(concurrency), "-n", name,
                "--without-mingle", "--without-gossip", "-l", level]  # fmt: skip

    # -- the writer -----------------------------------------------------------

    def run_writer(self, args, opts) -> None:
        from newsspider.cluster.app import WRITER_QUEUE, configure
        from newsspider.cluster.readmodel import rebuild
        from newsspider.cluster.tasks import STATE, client
        from newsspider.cluster.writer import ClusterCorpus, publish_last_runs
        from newsspider.store import CorpusBusy, CorpusLock, unwritable

        db = self.settings.get("NEWS_DB")
        if problem := unwritable(db):
            return self.fail(EXIT_FAILED, problem)
        try:
            with CorpusLock(db):
                self.wait_for_broker()
                corpus = ClusterCorpus(db, self.settings.getfloat("NEWS_NEAR_DUPLICATE"))
                STATE.update(settings=self.settings, corpus=corpus)
                entries = rebuild(client(), corpus.db)
                publish_last_runs(corpus, client())
                print(f"writer: {db} -> {self.broker} ({entries} read-model entries)", flush=True)
                app = configure(self.settings, "writer")
                app.worker_main(self.celery_argv(WRITER_QUEUE, "solo", 1,
                                                 f"writer.{os.getpid()}@%h"))  # fmt: skip
        except CorpusBusy as exc:
            return self.fail(EXIT_BUSY, f"{exc}; not starting a second writer")
        return None

    # -- workers --------------------------------------------------------------

    def run_worker(self, args, opts) -> None:
        from newsspider.cluster.app import CRAWL_QUEUE, configure
        from newsspider.cluster.tasks import STATE

        if opts.concurrency < 1:
            raise UsageError("--concurrency must be 1 or more")
        self.wait_for_broker()
        STATE.update(settings=self.settings, child_args=self.set_args)
        # the crawls' fork server starts with this environment: the settings module for them
        os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsspider.settings")
        print(f"worker: {opts.concurrency} sources at a time from {self.broker}", flush=True)
        app = configure(self.settings, "worker")
        app.worker_main(self.celery_argv(CRAWL_QUEUE, "threads", opts.concurrency,
                                         f"crawl.{os.getpid()}@%h"))  # fmt: skip

    def run_crawl(self, args, opts) -> None:
        """One source's crawl, in the child process a worker starts."""
        if len(args) != 1:
            raise UsageError("usage: scrapy cluster crawl NAME (what a worker runs)")
        try:
            load_sources(self.settings.get("NEWS_SOURCES"))
        except SourcesError as exc:
            return self.fail(EXIT_BAD_CONFIG, str(exc))
        crawler = self.crawler_process.create_crawler(NewsSpider)
        self.crawler_process.crawl(crawler, source=args[0])
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            return self.fail(EXIT_FAILED, f"the crawl of {args[0]} could not start")
        stats = crawler.stats.get_stats()
        if problem := store_failure(Ledger.of(crawler), "the writer"):
            return self.fail(EXIT_FAILED, problem)
        if stats.get("finish_reason") != "finished":
            return self.fail(
                EXIT_FAILED, f"the crawl of {args[0]} ended: {stats.get('finish_reason')}"
            )
        return None

    # -- enqueue and status ---------------------------------------------------

    def run_enqueue(self, names, opts) -> None:
        from newsspider.cluster.app import CRAWL_QUEUE, CRAWL_TASK, configure
        from newsspider.cluster.tasks import key

        path = self.settings.get("NEWS_SOURCES")
        try:
            known = [s.name for s in load_sources(path)]
        except SourcesError as exc:
            return self.fail(EXIT_BAD_CONFIG, str(exc))
        if unknown := [n for n in names if n not in known]:
            return self.fail(EXIT_BAD_CONFIG, f"{path}: no source named {', '.join(unknown)} "
                                              f"(known: {', '.join(known)})")  # fmt: skip
        app, r = configure(self.settings), self.redis()
        visibility = self.settings.getint("NEWS_CLUSTER_VISIBILITY")
        queued, skipped = [], []
        try:
            for name in dict.fromkeys(names or known):
                task_id = uuid.uuid4().hex
                # queued until its crawl ends, or for a visibility timeout at most
                if not r.set(key("queued", name), task_id, nx=True, ex=visibility):
                    skipped.append(name)
                    continue
                app.send_task(CRAWL_TASK, args=[name], task_id=task_id, queue=CRAWL_QUEUE)
                queued.append(name)
        except redis.RedisError as exc:
            return self.fail(EXIT_FAILED, f"cannot reach the broker at {self.broker}: {exc}")
        print(f"queued {len(queued)} sources on {self.broker}"
              + (f"; queued or in flight already: {', '.join(skipped)}" if skipped else ""))  # fmt: skip
        return None

    def run_status(self, args, opts) -> None:
        from newsspider.cluster.app import configure
        from newsspider.cluster.status import gather, report

        try:
            self.redis().ping()
            status = gather(configure(self.settings), self.redis())
        except (redis.RedisError, OSError) as exc:
            return self.fail(EXIT_FAILED, f"cannot reach the broker at {self.broker}: {exc}")
        print(report(status, self.broker))
        if not status["writers"]:
            self.exitcode = EXIT_FAILED
        return None
