"""What `scrapy sources check` learns from one sample article per source:
whether fetching it plainly yields an article's text, and, when it does not
(or the source renders), whether rendering it with Chromium would.

The pages are fetched through Scrapy (the address guard, robots.txt and the
size caps apply; rendered ones through newsspider/render.py) and read by the
crawl's own chain: `build_article` up to normalise, then the validate
step's `rejection_reason` and `browser_hint` (`newsspider.verdict`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import scrapy
from scrapy import signals

from newsspider import render
from newsspider.article import build_article
from newsspider.failures import failure_reason
from newsspider.items import Page
from newsspider.sources import Source
from newsspider.verdict import browser_hint, rejection_reason

SHELL = "needs a browser"


@dataclass(frozen=True)
class Reading:
    """What the crawl would make of one fetch of a page: its words, and why
    it would not be stored (None: it would)."""

    words: int = 0
    reason: str | None = None

    def describe(self) -> str:
        """
        >>> Reading(530).describe(), Reading(0, "http 404").describe()
        ('530 words', 'http 404')
        >>> Reading(0, 'needs a browser: set render = "browser" for source a').describe()
        '0 words (looks like an app shell)'
        """
        if self.reason is None:
            return f"{self.words} words"
        if self.reason.startswith(SHELL):
            return f"{self.words} words (looks like an app shell)"
        if self.reason.startswith("not an article: "):
            return f"{self.words} words ({self.reason.removeprefix('not an article: ')})"
        return self.reason


@dataclass
class Samples:
    """The readings of each source's sample, plain and rendered."""

    urls: dict[str, str] = field(default_factory=dict)
    plain: dict[str, Reading] = field(default_factory=dict)
    rendered: dict[str, Reading] = field(default_factory=dict)
    #: why rendering was not tried, for the sources it was wanted for
    not_tried: dict[str, str] = field(default_factory=dict)

    def line(self, source: Source) -> str | None:
        """The report line of `source`'s sample, or None when it had none.

        >>> s = Samples({"a": "https://a.example/1"}, {"a": Reading(0, 'needs a browser: ...')},
        ...             {"a": Reading(412)})
        >>> s.line(Source("a", "https://a.example/"))
        'sample https://a.example/1: plain 0 words (looks like an app shell), rendered 412 words -> set render = "browser"'
        """
        name = source.name
        if name not in self.plain:
            return None
        text = f"sample {self.urls[name]}: plain {self.plain[name].describe()}"
        if why := self.not_tried.get(name):
            return f"{text}; rendering not tried: {why}"
        if (rendered := self.rendered.get(name)) is None:
            return text
        return f"{text}, rendered {rendered.describe()}{advice(source, self.plain[name], rendered)}"


def advice(source: Source, plain: Reading, rendered: Reading) -> str:
    """What to do about the source's ``render`` key, given both readings."""
    if rendered.reason is not None:
        return " -> rendering does not help" if plain.reason is not None else ""
    if plain.reason is None:
        return ' -> render = "browser" is not needed' if source.render == "browser" else ""
    return "" if source.render == "browser" else ' -> set render = "browser"'


def wants_rendering(source: Source, plain: Reading) -> bool:
    """Render the sample when the source renders, or the plain page would
    not be stored for too little text (not for a fetch that failed)."""
    return source.render == "browser" or (plain.reason or "").startswith((SHELL, "not an article"))


def read_page(page: Page, min_words: int) -> Reading:
    """The crawl's extraction chain over `page`, up to the validate step.

    >>> text = "<p>" + "The harbour wall was repaired after the storm. " * 10 + "</p>"
    >>> page = Page(url="https://a.example/news/1", source="a", headers={"Content-Type": "text/html"},
    ...             html=f"<html><body><article><h1>Wall repaired</h1>{text}</article></body></html>".encode())
    >>> read_page(page, 60)
    Reading(words=80, reason=None)
    """
    article = build_article(page, upto="normalise")
    if article.error:
        return Reading(0, article.error)
    reason = rejection_reason(article, min_words)
    return Reading(article.record.get("word_count") or 0, reason and browser_hint(article, reason))


class SampleSpider(scrapy.Spider):
    """Fetches one URL per source (rendered with `rendered`) and reads it."""

    name = "sources-sample"

    def __init__(self, *args, samples: dict[str, tuple[Source, str]], readings: dict,
                 rendered: bool = False, **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.samples, self.readings, self.rendered = samples, readings, rendered

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.rendered:  # articles, not listings: the check's discover-only setting is not ours
            crawler.settings.set("NEWS_DISCOVER_ONLY", False, priority="cmdline")
            sources = [replace(s, render="browser") for s, _ in spider.samples.values()]
            render.configure(crawler, sources)
        return spider

    async def start(self):
        for name, (source, url) in self.samples.items():
            meta = {"source": name, **({"playwright": True} if self.rendered else {})}
            yield scrapy.Request(url, self.parse, errback=self.failed, meta=meta,
                                 dont_filter=True, cb_kwargs={"source": source})  # fmt: skip

    def parse(self, response, source: Source) -> None:
        page = Page(
            url=response.url, source=source.name, status=response.status,
            headers={k.decode("latin-1"): b", ".join(v).decode("latin-1")
                     for k, v in response.headers.items()},
            html=response.body, hints=render.hints(source) if self.rendered else {},
            options=source.options(),
        )  # fmt: skip
        self.readings[source.name] = read_page(page, self.settings.getint("NEWS_MIN_WORDS"))

    def failed(self, failure) -> None:
        reason = failure_reason(failure.value, failure.request) or "forbidden by robots.txt"
        self.readings[failure.request.meta["source"]] = Reading(0, reason)


def read_samples(process, check, samples: Samples) -> None:
    """When the check crawl `check` closes, fetch each source's first sample
    plainly, then render those that want it (or say why it could not be)."""

    def plain(spider) -> None:
        for source in spider.sources:
            if urls := spider.ledger.examples[source.name]["requested"]:
                samples.urls[source.name] = urls[0]
        wanted = {
            s.name: (s, samples.urls[s.name]) for s in spider.sources if s.name in samples.urls
        }
        if wanted:
            crawler = process.create_crawler(SampleSpider)
            crawler.signals.connect(rendered, signal=signals.spider_closed, weak=False)
            process.crawl(crawler, samples=wanted, readings=samples.plain)

    def rendered(spider) -> None:
        wanted = {name: (source, url) for name, (source, url) in spider.samples.items()
                  if name in samples.plain and wants_rendering(source, samples.plain[name])}  # fmt: skip
        if not wanted:
            return
        if why := render.browser_missing(spider.settings):
            samples.not_tried.update(dict.fromkeys(wanted, why))
            return
        crawler = process.create_crawler(SampleSpider)
        process.crawl(crawler, samples=wanted, readings=samples.rendered, rendered=True)

    check.signals.connect(plain, signal=signals.spider_closed, weak=False)
