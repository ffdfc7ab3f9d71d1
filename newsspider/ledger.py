"""The run's ledger: what became of every URL a source's listings gave, why
its listings failed, and what the store could not write.

One per crawl (`Ledger.of(crawler)`): the spider and the duplicate filter
write it; the store step reads it directly and saves it in the `discovery`
table, which the end-of-run summary reads back; the crawl command reads the
store's failure from it. Counting here, not in Scrapy's stats, keeps the
stats for people and this for code: no code reads a stats string.

    >>> ledger = Ledger()
    >>> for url in ("https://a.example/p/1", "https://a.example/p/2"):
    ...     ledger.add("a", "feed_entries", url)
    ...     ledger.add("a", "off_pattern", url)
    >>> ledger.counts["a"]["off_pattern"], ledger.examples["a"]["off_pattern"]
    (2, ['https://a.example/p/1', 'https://a.example/p/2'])
    >>> print(ledger.warning("a"))
    a: 2 feed entries, 0 requested: 2 off article_pattern, e.g. https://a.example/p/1
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

#: what becomes of a discovered URL (each one gets exactly one), in report order
OUTCOMES = {
    "requested": "requested as an article",
    "known": "stored already and not due for a re-check",
    "off_pattern": "off article_pattern",
    "off_domain": "off allowed_domains",
    "over_cap": "over the links-per-listing cap (NEWS_MAX_LISTING_LINKS)",
    "duplicate": "already requested in this run",
    "timed_out": "its extraction timed out lately (NEWS_TIMED_OUT_EVERY)",
    "followed": "followed as a section page",
    "malformed": "malformed URL",
}
#: what becomes of a request later on, counted beside the outcomes above
LATER = {
    "blocked": "refused by the address guard",
    "render_blocked": "requests of a rendered page refused by the address guard",
    "redirected_to_known": "redirected to a URL already requested or stored",
}
#: what the listings themselves gave; "listed" is their sum
LISTINGS = {
    "feed_entries": "feed entries",
    "sitemap_entries": "sitemap entries",
    "section_links": "section links",
    "listing_failed": "listings failed",
    "not_modified": "listings not modified",
}
LISTED = ("feed_entries", "sitemap_entries", "section_links")
#: URLs kept as examples of each outcome
EXAMPLES = 3


@dataclass
class Ledger:
    """Per source: a count of each outcome, a few example URLs, and the
    reason of each failed listing."""

    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    examples: dict[str, dict[str, list[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    failures: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    #: per source, each listing fetched or failed: url, kind, status ("200",
    #: "304" or the failure's reason) and the entries it gave
    listings: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    #: the first error that lost a batch of the store, and the articles lost
    store_error: str | None = None
    lost_articles: int = 0

    @classmethod
    def of(cls, crawler) -> Ledger:
        """The crawl's ledger, made on first use.

        >>> class Crawler: pass
        >>> crawler = Crawler()
        >>> Ledger.of(crawler) is Ledger.of(crawler)
        True
        """
        ledger = getattr(crawler, "news_ledger", None)
        if ledger is None:
            ledger = crawler.news_ledger = cls()
        return ledger

    @classmethod
    def from_rows(cls, rows: list[dict]) -> Ledger:
        """The ledger a run saved in the `discovery` table."""
        ledger = cls()
        for row in rows:
            source, outcome = row["source"], row["outcome"]
            ledger.counts[source][outcome] = row["count"]
            ledger.examples[source][outcome] = json.loads(row["examples"] or "[]")
        return ledger

    def totals(self) -> Counter:
        """Each outcome summed over the sources."""
        return sum(self.counts.values(), Counter())

    def summary(self) -> str:
        """One line: what the listings gave and what became of it.

        >>> ledger = Ledger()
        >>> for outcome in ("feed_entries", "requested", "feed_entries", "known"):
        ...     ledger.add("a", outcome)
        >>> ledger.summary()
        'discovery: 2 listed; 1 requested, 1 known'
        """
        totals = self.totals()
        listed = sum(totals[k] for k in LISTED)
        outcomes = ", ".join(f"{totals[k]} {k}" for k in (*OUTCOMES, *LATER) if totals[k])
        failed = f"; {totals['listing_failed']} listings failed" if totals["listing_failed"] else ""
        return f"discovery: {listed} listed; {outcomes or 'nothing requested'}{failed}"

    def add(self, source: str, outcome: str, url: str | None = None, n: int = 1) -> None:
        """Count `n` URLs (`url` an example of them) as `outcome`."""
        self.counts[source][outcome] += n
        examples = self.examples[source][outcome]
        if url and len(examples) < EXAMPLES and url not in examples:
            examples.append(url)

    def listing(self, source: str, url: str, kind: str, status: str, entries: int = 0) -> None:
        """A listing of `source` was fetched (`status` "200", "304") or failed
        (`status` is the reason)."""
        self.listings[source].append(
            {"url": url, "kind": kind, "status": status, "entries": entries}
        )

    def failed(self, source: str, url: str, kind: str, reason: str) -> None:
        """A listing of `source` could not be fetched, and why."""
        self.add(source, "listing_failed", url)
        self.failures[source].append((url, reason))
        self.listing(source, url, kind, reason)

    def store_lost(self, error: str, articles: int = 0) -> None:
        """The store could not write `articles` articles (or close the run): `error` says why.

        >>> ledger = Ledger()
        >>> ledger.store_lost("OperationalError: disk full", 3); ledger.store_lost("x", 2)
        >>> ledger.store_error, ledger.lost_articles
        ('OperationalError: disk full', 5)
        """
        self.store_error = self.store_error or error
        self.lost_articles += articles

    def listed(self, source: str) -> int:
        counts = self.counts[source]
        return sum(counts[k] for k in LISTED)

    def would_crawl(self, source: str) -> bool:
        """True when the source's listings gave an article to request, or
        one stored already (so a crawl would fetch or keep something)."""
        counts = self.counts[source]
        return bool(counts["requested"] or counts["known"])

    def not_requested(self, source: str) -> list[str]:
        """What became of the URLs not requested, most first, with an example.

        >>> ledger = Ledger()
        >>> for url in ("https://a.example/tag/x", "https://a.example/tag/y"):
        ...     ledger.add("a", "off_pattern", url)
        >>> ledger.add("a", "requested", "https://a.example/2024/05/storm")
        >>> ledger.not_requested("a")
        ['2 off article_pattern, e.g. https://a.example/tag/x']
        """
        counts = self.counts[source]
        reasons = {**OUTCOMES, **LATER}
        found = sorted((k for k in reasons if k != "requested" and counts[k]),
                       key=lambda k: -counts[k])  # fmt: skip
        return [f"{counts[k]} {reasons[k]}" + "".join(f", e.g. {e}" for e in self.examples[source][k][:1])
                for k in found]  # fmt: skip

    def rows(self, run_id: int) -> list[dict]:
        """The `discovery` table's rows of this run: one per source and outcome."""
        rows = []
        for source, counts in sorted(self.counts.items()):
            failures = dict(self.failures.get(source, ()))
            for outcome, count in sorted(counts.items()):
                examples = self.examples[source].get(outcome, [])
                detail = failures.get(examples[0]) if outcome == "listing_failed" else None
                rows.append({"run_id": run_id, "source": source, "outcome": outcome,
                             "count": count, "examples": examples, "detail": detail})  # fmt: skip
        return rows

    def warning(self, source: str) -> str | None:
        """One line for a source whose listings gave entries but no article
        request, naming the main reason and an example; None otherwise."""
        counts = self.counts[source]
        listed = self.listed(source)
        if not listed or counts["requested"] or counts["known"]:
            return None
        reason, count = max(((k, counts[k]) for k in OUTCOMES), key=lambda kc: kc[1])
        if not count:
            return None
        kinds = ", ".join(f"{counts[k]} {LISTINGS[k]}" for k in LISTED if counts[k])
        example = self.examples[source][reason][:1]
        return (f"{source}: {kinds}, 0 requested: {count} {OUTCOMES[reason]}"
                + (f", e.g. {example[0]}" if example else ""))  # fmt: skip
