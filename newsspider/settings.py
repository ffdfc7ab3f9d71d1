"""Scrapy settings for newsspider.

Our own settings are named ``NEWS_*``; each is documented here and in the
README (a test checks that). Everything else is a standard Scrapy setting,
set to be polite and safe by default.
"""

import os

BOT_NAME = "newsspider"
SPIDER_MODULES = ["newsspider.spiders"]
NEWSPIDER_MODULE = "newsspider.spiders"
COMMANDS_MODULE = "newsspider.commands"

# --- Our settings ----------------------------------------------------------

#: SQLite corpus the store step writes to.
NEWS_DB = "data/news.db"
#: The sources file (see data/sources.toml and the README).
NEWS_SOURCES = "data/sources.toml"
#: Fetch loopback, private, link-local and reserved addresses. Off by
#: default (SSRF guard); tests and intranet users turn it on explicitly.
NEWS_ALLOW_PRIVATE = False
#: host or host:port entries the SSRF guard lets through although private
#: (e.g. "127.0.0.1:8080", "intranet.example"); narrower than NEWS_ALLOW_PRIVATE.
NEWS_ALLOW_HOSTS = []
#: Worker processes for extraction. None: one per CPU core; 0: extract in
#: the crawling process (slower, but easier to debug).
NEWS_EXTRACT_WORKERS = None
#: Seconds a page's extraction may take in a worker process; past that the
#: worker is killed and replaced and the page rejected ("extraction timed out
#: after N s"). 0: no limit. No limit either with NEWS_EXTRACT_WORKERS = 0
#: (a thread cannot be stopped).
NEWS_PAGE_TIMEOUT = 60
#: Hours during which a page whose extraction timed out is not fetched again;
#: fetched after that, it is rejected at once if its HTML has not changed.
NEWS_TIMED_OUT_EVERY = 24
#: Articles written per SQLite transaction by the store step.
NEWS_BATCH_SIZE = 50
#: Pages that declare nothing (no JSON-LD article type, no og:type "article")
#: and whose extracted body has fewer words are rejected as "not an article".
#: A page that declares itself an article, with a headline and a real
#: paragraph, is stored however short (a news brief).
NEWS_MIN_WORDS = 60
#: How many links deep the spider follows from a source's section pages.
NEWS_SECTION_DEPTH = 2
#: Articles first seen less than this many hours ago are fetched again (to
#: catch edits) when due; 0 turns re-checking off.
NEWS_REFRESH_WITHIN = 48
#: Hours between two checks of the same recent article.
NEWS_REFRESH_EVERY = 6
#: Word 4-gram Jaccard similarity from which a body is linked to an earlier
#: one as a near-duplicate (`duplicate_of`, `similarity`).
NEWS_NEAR_DUPLICATE = 0.6
#: Links read from one section page; the rest are counted as ``over_cap`` in
#: the `discovery` table (a page of 200,000 links cost 900 MB before the cap).
NEWS_MAX_LISTING_LINKS = 5000
#: Fetch the listings only and request no article: what `scrapy sources
#: check` runs. The `discovery` counts say what a crawl would request.
NEWS_DISCOVER_ONLY = False
#: `scrapy extract` reads only pages inside the manifest's folder (after
#: following symlinks); a manifest line naming another path gets an error.
NEWS_EXTRACT_CONFINE = False
#: Keep the raw HTML of every stored page (gzip-compressed) in `pages`, so the
#: corpus can be rebuilt offline with `scrapy reextract`.
NEWS_ARCHIVE_HTML = True
#: Where `scrapy backfill --from CC-NEWS` finds Common Crawl's news archive:
#: `crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz` and the WARC files it lists.
NEWS_CCNEWS_BASE = "https://data.commoncrawl.org/"
#: The largest WARC file `scrapy backfill` downloads (CC-NEWS files are about
#: 1 GiB); each page in it is still capped by DOWNLOAD_MAXSIZE.
NEWS_WARC_MAXSIZE = 4 * 1024 * 1024 * 1024
#: Most header lines a response may have, and most bytes of them in all: past
#: either, the connection is dropped while the headers arrive and the page
#: rejected ("fetch failed: headers too large: ...").
NEWS_MAX_HEADERS = 100
NEWS_MAX_HEADER_BYTES = 64 * 1024
#: The Chromium that renders the pages of sources with `render = "browser"`
#: (Debian's package; never a downloaded browser build).
NEWS_CHROMIUM = "/usr/bin/chromium"
#: Rendered pages open at once (each in a fresh browser context).
NEWS_RENDER_CONCURRENCY = 2
#: Seconds a rendered page may take to load and settle (no network activity
#: for 0.5 s); a page still busy then is rejected as a timeout.
NEWS_RENDER_TIMEOUT = 20

# --- Cluster (scrapy cluster; docs/scale-out.md) ---------------------------

#: The Celery broker (Redis) of `scrapy cluster`: redis://[:PASSWORD@]HOST:PORT/DB.
#: Read from the environment variable NEWS_BROKER when set.
NEWS_BROKER = os.environ.get("NEWS_BROKER", "redis://127.0.0.1:6379/0")
#: Seconds a source's crawl task held by a worker that vanished waits before
#: another worker takes it (and before `enqueue` queues the source again). A
#: crawl that runs longer is safe: the copy given out waits for its lock.
NEWS_CLUSTER_VISIBILITY = 3600
#: Seconds a batch held by a writer that vanished waits before it is applied
#: (by the restarted writer): longer than one batch's write.
NEWS_CLUSTER_WRITER_VISIBILITY = 300
#: Seconds a source's lock lives unless renewed (its worker renews it three
#: times as often); a killed worker's source is free again after that.
NEWS_CLUSTER_LOCK_TTL = 60
#: Times a source's crawl that failed (its process exited non-zero) is tried again.
NEWS_CLUSTER_RETRIES = 2
#: Set by a cluster worker for the crawl it runs: read the read model in
#: Redis and send batches to the writer instead of opening the corpus.
NEWS_CLUSTER_WORKER = False
#: Set by a cluster worker: the key of the run the crawl's batches belong to.
NEWS_CLUSTER_RUN = ""

# --- Politeness ------------------------------------------------------------

USER_AGENT = "newsspider/0.1 (+https://github.com/newsspider/newsspider; news archiving bot)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
#: outputs of one response handled at once: an article page yields one item, a
#: listing only requests; Scrapy starts this many tasks for every response (100 by
#: default: a sixth of the crawling process's time went to starting them)
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10

# --- Safety ----------------------------------------------------------------

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy's HTTP control endpoint: never on by default
# Only HTTP(S): no file://, s3://, ftp:// or data: fetching.
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}
DOWNLOADER_MIDDLEWARES = {
    "newsspider.netsafety.SafeFetchMiddleware": 50,  # before robots.txt (100)
    "newsspider.netsafety.RedirectGuardMiddleware": 650,  # before RedirectMiddleware (600)
}
# Re-checks the address actually connected to (closes DNS rebinding).
TWISTED_DNS_RESOLVER = "newsspider.netsafety.SafeResolver"

# --- Pipelines -------------------------------------------------------------

ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.clean.CleanPipeline": 200,
    "pipelines.normalise.NormalisePipeline": 300,
    "pipelines.validate.ValidatePipeline": 400,
    "pipelines.dedupe.DedupePipeline": 500,
    "pipelines.store.StorePipeline": 900,
}

#: drops a repeated request as Scrapy's does, and records a redirect it drops
DUPEFILTER_CLASS = "newsspider.dupefilter.LedgerDupeFilter"
LOG_FORMATTER = "newsspider.logformatter.NewsLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
#: `scrapy crawl news -O FILE` writes the articles the run stored, with their
#: corpus ids, once the crawl has finished (the store gives ids batch by batch)
FEED_EXPORTERS = {
    "jsonlines": "newsspider.commands.export.JsonLinesExporter",
    "jsonl": "newsspider.commands.export.JsonLinesExporter",
    "jl": "newsspider.commands.export.JsonLinesExporter",
    "json": "newsspider.commands.export.JsonExporter",
    "csv": "newsspider.commands.export.CsvExporter",
    "xml": "newsspider.commands.export.XmlExporter",
}
LOG_LEVEL = "INFO"
