"""A sample site as data: its stories (article records resolved against the
site's base URL), the traps a correct crawl must not store, the listings it
publishes, and the options of its ``[[source]]`` table. Renderers in
``themes/`` turn a `Site` into pages; ``listings.py`` writes its feeds,
sitemaps and robots.txt; ``build.py`` writes it all and says what a correct
crawl finds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Story:
    """One article record placed on a site: ``file`` is its path under the
    site's root (and under ``base``); ``entry`` the record (see articles.py)."""

    base: str
    file: str
    entry: dict[str, Any]
    offset: str = "+00:00"

    @property
    def url(self) -> str:
        return self.base + self.file

    @property
    def href(self) -> str:
        """The root-relative link to the page."""
        return urlsplit(self.base).path + self.file

    @property
    def title(self) -> str:
        return self.entry["title"]

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(self.entry["authors"])

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return self.entry["paragraphs"]

    @property
    def section(self) -> str:
        return self.entry["section"]

    @property
    def day(self) -> date:
        return date.fromisoformat(self.entry["date"])

    @property
    def moment(self) -> datetime | None:
        """The aware publication time, or None when the page shows no time."""
        if not self.entry.get("time"):
            return None
        return datetime.fromisoformat(f"{self.entry['date']}T{self.entry['time']}:00{self.offset}")

    @property
    def published(self) -> str:
        return self.moment.isoformat() if self.moment else self.day.isoformat()

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.entry["date"], self.entry.get("time") or "")

    @property
    def summary(self) -> str:
        """The first sentence, as teasers and feeds show it."""
        return sentences(self.paragraphs[0])[0]


@dataclass(frozen=True)
class Trap:
    """A page a correct crawl does not store: ``why`` is "not-found" (listed,
    never written), "not-html", "not-article" or "disallowed" (robots.txt
    forbids it; never fetched). ``listed_in`` names the listings that link it
    (a feed's or sitemap's path, or a theme's listing name); ``entry`` is the
    record of a trap rendered like a story (a gallery, a draft)."""

    kind: str
    file: str
    title: str
    why: str
    listed_in: tuple[str, ...] = ()
    published: str = ""  # ISO date and time the listings give it
    author: str = ""
    entry: dict[str, Any] | None = None


@dataclass(frozen=True)
class Feed:
    """A feed of the latest ``latest`` stories: ``kind`` "rss" or "atom";
    ``traps_at`` the position of the listed traps among them."""

    path: str
    kind: str
    latest: int
    traps_at: int = 0


@dataclass(frozen=True)
class Sitemaps:
    """The sitemap layout: "urlset" (one sitemap of every story), "split" (an
    index over a news sitemap of the stories from ``since`` and a sitemap of
    the other pages) or "news" (an index over news sitemaps of ``chunk``
    URLs); ``in_robots``: robots.txt names the top one."""

    layout: str
    path: str = "sitemap.xml"
    since: str = ""
    chunk: int = 500
    in_robots: bool = False


@dataclass
class Site:
    """One sample news site, as data."""

    name: str  # the source name and the site's folder
    title: str  # the masthead
    theme: str  # the markup style: a module of newsspider/demo/themes/
    base: str
    timezone: str
    offset: str
    stories: list[Story]
    sections: dict[str, str]
    lang: str = "en"  # <html lang> and the feeds' language
    tagline: str = ""
    updated: str = "2026-11-25T06:41:12+00:00"  # when the listings were last built
    about: str = "about/"  # the about page's path
    feeds: tuple[Feed, ...] = ()
    sitemaps: Sitemaps | None = None
    robots: tuple[str, ...] = ()  # robots.txt's rules for every agent
    traps: tuple[Trap, ...] = ()
    source: dict[str, object] = field(default_factory=dict)  # more [[source]] keys
    options: dict[str, Any] = field(default_factory=dict)  # the theme's

    def trap(self, kind: str) -> Trap:
        return next(t for t in self.traps if t.kind == kind)

    def trap_story(self, kind: str) -> Story:
        """A trap rendered like a story, as a Story."""
        trap = self.trap(kind)
        return Story(self.base, trap.file, trap.entry or {}, self.offset)

    def listed(self, listing: str) -> list[Trap]:
        return [t for t in self.traps if listing in t.listed_in]


@dataclass(frozen=True)
class ExpectedArticle:
    url: str
    site: str
    title: str
    authors: tuple[str, ...]
    published: str
    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...]


@dataclass(frozen=True)
class ExpectedReject:
    url: str
    site: str
    why: str  # "not-found", "not-html" or "not-article"


@dataclass(frozen=True)
class Expected:
    articles: tuple[ExpectedArticle, ...]
    rejects: tuple[ExpectedReject, ...]


# -- helpers the themes share --------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def join_names(names: Iterable[str]) -> str:
    """Join names the way bylines do.

    >>> join_names(["Ann"]), join_names(["Ann", "Bo", "Cy"])
    ('Ann', 'Ann, Bo and Cy')
    """
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences (good enough for our own texts).

    >>> sentences("He said “no.” Then he left. Did he?")
    ['He said “no.”', 'Then he left.', 'Did he?']
    """
    return re.split(r"(?<=[.!?])\s+(?=[A-Z“])|(?<=[.!?]”)\s+(?=[A-Z“])", paragraph)


def slugify(text: str) -> str:
    """
    >>> slugify("Eleanor Pascoe")
    'eleanor-pascoe'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def latest(stories: list[Story], n: int, skip: Story | None = None) -> list[Story]:
    return sorted((s for s in stories if s is not skip), key=lambda s: s.sort_key, reverse=True)[:n]


def related(stories: list[Story], story: Story, n: int = 3) -> list[Story]:
    same = [s for s in stories if s is not story and s.section == story.section]
    rest = [s for s in stories if s is not story and s not in same]
    return (same + rest)[:n]


def trending(stories: list[Story], story: Story | None = None) -> list[Story]:
    return [s for s in stories if s is not story][1::4][:3]


def links(stories: Iterable[Story], root_relative: bool = False) -> str:
    return "".join(
        f'<li><a href="{esc(s.href if root_relative else s.url)}">{esc(s.title)}</a></li>'
        for s in stories
    )


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
