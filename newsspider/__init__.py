"""newsspider: crawl news sites into a clean, searchable SQLite corpus."""

__version__ = "0.1.0"

#: Bumped whenever extraction output can change; stored with every article
#: so `scrapy reextract` knows which rows are stale.
EXTRACTOR_VERSION = "2"
