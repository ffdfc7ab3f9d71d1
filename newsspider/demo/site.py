"""Write the bundled sample news sites to disk (stdlib only).

Three invented sites, each with its own markup, discovery files and traps:

- ``harbour-times``: a WordPress-like theme; RSS, a sitemap index reached only
  through robots.txt, section pages. Holds the seed page.
- ``valley-gazette``: a "modern" site with JSON-LD and OpenGraph; Atom feed,
  a plain sitemap, and a ``/private/`` page that robots.txt disallows.
- ``metro-wire``: an old-school site with no feed or sitemap, a paginated news
  index, visible datelines (some day-first numeric, some without a time).

``build_site`` writes them and returns what a correct crawl should find.
"""

from __future__ import annotations

import html
import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsspider.demo import articles

SITES: tuple[str, ...] = ("harbour-times", "valley-gazette", "metro-wire")
TIMEZONES = {
    "harbour-times": "Europe/London",
    "valley-gazette": "America/New_York",
    "metro-wire": "Asia/Tokyo",
}
OFFSETS = {"harbour-times": "+00:00", "valley-gazette": "-05:00", "metro-wire": "+09:00"}
SEED_TITLE = "Kim Jong Un Set To Join China’s Victory Day Military Parade"


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


@dataclass(frozen=True)
class _Story:
    """One article entry resolved against its site's base URL."""

    site: str
    base: str
    file: str  # path of the page under the site's root (and under base)
    entry: dict[str, Any]

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
        return self.entry["authors"]

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return self.entry["paragraphs"]

    @property
    def day(self) -> date:
        return date.fromisoformat(self.entry["date"])

    @property
    def moment(self) -> datetime | None:
        """The aware publication time, or None when the page shows no time."""
        if not self.entry.get("time"):
            return None
        return datetime.fromisoformat(
            f"{self.entry['date']}T{self.entry['time']}:00{OFFSETS[self.site]}"
        )

    @property
    def published(self) -> str:
        return self.moment.isoformat() if self.moment else self.day.isoformat()

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.entry["date"], self.entry.get("time") or "")


# -- small helpers ---------------------------------------------------------


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


def _must_contain(story: _Story) -> tuple[str, ...]:
    if "must" in story.entry:
        return tuple(story.entry["must"])
    return (sentences(story.paragraphs[1])[0], sentences(story.paragraphs[-1])[-1])


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _latest(stories: list[_Story], n: int, skip: _Story | None = None) -> list[_Story]:
    return sorted((s for s in stories if s is not skip), key=lambda s: s.sort_key, reverse=True)[:n]


def _related(stories: list[_Story], story: _Story, n: int = 3) -> list[_Story]:
    same = [s for s in stories if s is not story and s.entry["section"] == story.entry["section"]]
    rest = [s for s in stories if s is not story and s not in same]
    return (same + rest)[:n]


def _trending(stories: list[_Story], story: _Story | None = None) -> list[_Story]:
    return [s for s in stories if s is not story][1::4][:3]


def _story_by_slug(stories: list[_Story], slug: str) -> _Story:
    return next(s for s in stories if s.entry["slug"] == slug)


def _links(stories: Iterable[_Story], root_relative: bool = False) -> str:
    return "".join(
        f'<li><a href="{esc(s.href if root_relative else s.url)}">{esc(s.title)}</a></li>'
        for s in stories
    )


def _urlset(entries: Iterable[tuple[str, str]], extra_ns: str = "") -> str:
    urls = "\n".join(f"<url><loc>{esc(loc)}</loc>{inner}</url>" for loc, inner in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{extra_ns}>\n{urls}\n</urlset>\n'
    )


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# -- harbour-times: WordPress-like ------------------------------------------

HT_NAME = "The Harbour Times"
HT_SECTIONS = {"local": "Local", "business": "Business", "world": "World"}
HT_BOILERPLATE = (
    "Type to Search",
    "Trending",
    "Related News",
    "Recent News",
    "Share this article",
    "Subscribe to our newsletter",
    "We use cookies",
    "All rights reserved",
    "Leave a Reply",
)
SEED_MUST_NOT = (
    "Picture of Ubaid",
    "In other related news also read",
    "Related News",
    "Trending",
    "Recent News",
    "Type to Search",
)
HT_MISSING = (
    "2026/11/19/winter-ferry-timetable-changes.html",
    "Winter ferry timetable changes announced",
)
HT_GALLERY = (
    "2026/11/22/in-pictures-lantern-workshop.html",
    "In pictures: lantern workshop at the town hall",
)
HT_GALLERY_CAPTIONS = (
    "Willow frames drying in the main hall.",
    "Tissue paper panels ready for gluing.",
    "Young makers with a giant fish lantern.",
    "A finished lighthouse lantern.",
    "Volunteers stacking lanterns for the parade.",
)


def _ht_frame(
    base: str, title: str, main: str, widgets: str, body_class: str, head: str = ""
) -> str:
    nav = "".join(
        f'<li class="menu-item"><a href="{base}{key}/">{label}</a></li>'
        for key, label in HT_SECTIONS.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} – {HT_NAME}</title>
<meta name="generator" content="WordPress 6.8.1">
<link rel="alternate" type="application/rss+xml" title="{HT_NAME} &raquo; Feed" href="{base}rss.xml">
{head}
</head>
<body class="{body_class}">
<div id="cookie-law-info-bar" role="dialog"><span>We use cookies on our website to give you the most relevant experience. By clicking Accept, you consent to the use of all the cookies.</span> <a href="#" id="cookie_action_close_header">Accept</a></div>
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{base}" rel="home">{HT_NAME}</a></p><p class="site-description">News from Porthaven and the coast</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li class="menu-item"><a href="{base}">Home</a></li>{nav}<li class="menu-item"><a href="{base}about/">About</a></li></ul></nav>
<form role="search" method="get" class="search-form" action="{base}"><label><span class="screen-reader-text">Type to Search</span><input type="search" class="search-field" placeholder="Type to Search" value="" name="s"></label><input type="submit" class="search-submit" value="Search"></form>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="widget-area" role="complementary">
{widgets}
<section class="widget widget_newsletter"><h2 class="widget-title">Newsletter</h2><p>Subscribe to our newsletter and get the morning headlines in your inbox.</p><form><input type="email" name="email" placeholder="Your email"><button type="submit">Subscribe</button></form></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">© 2026 {HT_NAME}. All rights reserved. <span class="sep"> | </span>Proudly powered by WordPress</div></footer>
</div>
</body>
</html>
"""


def _ht_widget(heading: str, stories: Iterable[_Story]) -> str:
    return f'<section class="widget widget_recent_entries"><h2 class="widget-title">{heading}</h2><ul>{_links(stories)}</ul></section>'


def _ht_post_id(story: _Story) -> int:
    return 1000 + zlib.crc32(story.file.encode()) % 9000


def _ht_article(stories: list[_Story], story: _Story, body: str) -> str:
    base, section, post_id = story.base, story.entry["section"], _ht_post_id(story)
    byline = join_names(
        f'<span class="author vcard"><a class="url fn n" href="{base}author/{slugify(a)}/" rel="author">{esc(a)}</a></span>'
        for a in story.authors
    )
    first = story.authors[0]
    day = story.day
    main = f"""<article id="post-{post_id}" class="post-{post_id} post type-post status-publish format-standard category-{section}">
<header class="entry-header">
<span class="cat-links"><a href="{base}{section}/" rel="category tag">{HT_SECTIONS[section]}</a></span>
<h1 class="entry-title">{esc(story.title)}</h1>
<div class="entry-meta">
<img alt="Picture of {esc(first)}" src="{base}wp-content/uploads/avatars/{slugify(first)}-96x96.jpg" class="avatar avatar-48 photo" height="48" width="48" loading="lazy">
<span class="byline"><span class="screen-reader-text">by</span> {byline}</span>
<span class="posted-on"><a href="{esc(story.url)}" rel="bookmark"><time class="entry-date published" datetime="{story.published}">{day.day} {day:%B %Y}</time></a></span>
</div>
</header>
<div class="entry-content">
{body}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this article</h3><ul><li><a class="share-facebook" href="https://www.facebook.com/sharer.php?u={esc(story.url)}">Facebook</a></li><li><a class="share-x" href="https://x.com/intent/post?url={esc(story.url)}">X</a></li><li><a class="share-email" href="mailto:?subject={esc(story.title)}">Email</a></li></ul></div>
</div>
<footer class="entry-footer"><span class="tags-links">Tagged <a href="{base}tag/porthaven/" rel="tag">Porthaven</a></span></footer>
</article>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3><p class="comment-notes">Your email address will not be published.</p></div></div>"""
    widgets = "\n".join(
        (
            _ht_widget("Related News", _related(stories, story)),
            _ht_widget("Trending", _trending(stories, story)),
            _ht_widget("Recent News", _latest(stories, 5, skip=story)),
        )
    )
    head = f'<link rel="canonical" href="{esc(story.url)}">\n<meta property="article:published_time" content="{story.published}">'
    return _ht_frame(
        base, story.title, main, widgets, "post-template-default single single-post", head
    )


def _ht_body(stories: list[_Story], story: _Story) -> str:
    paras = [f"<p>{esc(p)}</p>" for p in story.paragraphs]
    if story.entry.get("promo"):
        target = _story_by_slug(stories, story.entry["promo"])
        promo = f'<p><strong>In other related news also read</strong> <a href="{esc(target.url)}">{esc(target.title)}</a></p>'
        paras.insert(len(paras) if story.entry.get("seed") else 3, promo)
    if story.entry.get("seed"):  # the naive-scrape trap: headline repeated as the body's first line
        paras.insert(0, f'<p class="has-large-font-size"><strong>{esc(story.title)}</strong></p>')
    return "\n".join(paras)


def _ht_listing(base: str, heading: str, items: Iterable[_Story], stories: list[_Story]) -> str:
    posts = "\n".join(
        f'<article class="post excerpt"><h2 class="entry-title"><a href="{esc(s.url)}" rel="bookmark">{esc(s.title)}</a></h2>'
        f'<div class="entry-meta"><time datetime="{s.published}">{s.day.day} {s.day:%B %Y}</time></div>'
        f'<div class="entry-summary"><p>{esc(sentences(s.paragraphs[0])[0])}</p></div>'
        f'<a class="comments-link" href="{esc(s.url)}#respond">Leave a comment</a></article>'
        for s in items
    )
    main = (
        f'<header class="page-header"><h1 class="page-title">{esc(heading)}</h1></header>\n{posts}'
    )
    return _ht_frame(
        base, heading, main, _ht_widget("Recent News", _latest(stories, 5)), "archive category"
    )


def _build_harbour_times(
    root: Path, base: str
) -> tuple[list[ExpectedArticle], list[ExpectedReject]]:
    site = "harbour-times"
    stories = [
        _Story(site, base, f"{e['date'].replace('-', '/')}/{e['slug']}.html", e)
        for e in articles.HARBOUR_TIMES
    ]
    expected = []
    for story in stories:
        _write(root / story.file, _ht_article(stories, story, _ht_body(stories, story)))
        must_not = (
            SEED_MUST_NOT
            if story.entry.get("seed")
            else (
                (f"Picture of {story.authors[0]}",)
                + HT_BOILERPLATE
                + (("In other related news also read",) if story.entry.get("promo") else ())
            )
        )
        expected.append(_expected(story, must_not))

    gallery_file, gallery_title = HT_GALLERY
    gallery = _Story(
        site,
        base,
        gallery_file,
        {
            "title": gallery_title,
            "authors": ("Tom Rowe",),
            "section": "local",
            "date": "2026-11-22",
            "time": "12:00",
            "slug": "gallery",
            "paragraphs": ("Photos from Saturday’s lantern-making workshop.",),
        },
    )
    figures = "".join(
        f'<figure class="wp-block-image"><img src="{base}wp-content/uploads/2026/11/lantern-{n}.jpg" alt=""><figcaption>{esc(c)}</figcaption></figure>'
        for n, c in enumerate(HT_GALLERY_CAPTIONS, 1)
    )
    _write(
        root / gallery_file,
        _ht_article(stories, gallery, f'<figure class="wp-block-gallery">{figures}</figure>'),
    )

    for key, label in HT_SECTIONS.items():
        items = [s for s in _latest([*stories, gallery], 99) if s.entry["section"] == key]
        _write(root / key / "index.html", _ht_listing(base, f"Category: {label}", items, stories))
    _write(root / "index.html", _ht_listing(base, "Latest news", _latest(stories, 8), stories))
    about = '<article class="page"><h1 class="entry-title">About us</h1><div class="entry-content"><p>The Harbour Times is an independent weekly paper for Porthaven.</p></div></article>'
    _write(root / "about" / "index.html", _ht_frame(base, "About us", about, "", "page"))
    _write_ht_discovery(root, base, stories, gallery)

    rejects = [
        ExpectedReject(base + HT_MISSING[0], site, "not-found"),
        ExpectedReject(gallery.url, site, "not-article"),
    ]
    return expected, rejects


def _write_ht_discovery(root: Path, base: str, stories: list[_Story], gallery: _Story) -> None:
    missing_url, missing_title = base + HT_MISSING[0], HT_MISSING[1]
    items = []
    for s in _latest(stories, 6):
        creators = "".join(f"<dc:creator><![CDATA[{a}]]></dc:creator>" for a in s.authors)
        items.append(
            f"<item><title>{esc(s.title)}</title><link>{esc(s.url)}</link>"
            f'<guid isPermaLink="false">{base}?p={_ht_post_id(s)}</guid>'
            f"<pubDate>{format_datetime(s.moment)}</pubDate>{creators}"
            f"<category><![CDATA[{HT_SECTIONS[s.entry['section']]}]]></category>"
            f"<description>{esc(sentences(s.paragraphs[0])[0])}</description></item>"
        )
    items.insert(
        2,
        f"<item><title>{esc(missing_title)}</title><link>{missing_url}</link><pubDate>Thu, 19 Nov 2026 15:00:00 +0000</pubDate><dc:creator><![CDATA[Tom Rowe]]></dc:creator></item>",
    )
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        f"<channel><title>{HT_NAME}</title><link>{base}</link>"
        f'<atom:link href="{base}rss.xml" rel="self" type="application/rss+xml"/>'
        "<description>News from Porthaven and the coast</description><language>en-GB</language>"
        "<lastBuildDate>Wed, 25 Nov 2026 06:41:12 +0000</lastBuildDate>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n"
    )
    _write(root / "rss.xml", rss)
    _write(
        root / "robots.txt",
        f"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: {base}sitemap_index.xml\n",
    )
    _write(
        root / "sitemap_index.xml",
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"<sitemap><loc>{base}sitemap-news.xml</loc><lastmod>2026-11-25T06:41:12+00:00</lastmod></sitemap>\n"
            f"<sitemap><loc>{base}sitemap-pages.xml</loc><lastmod>2026-11-25T06:41:12+00:00</lastmod></sitemap>\n"
            "</sitemapindex>\n"
        ),
    )
    recent = [s for s in stories if s.entry["date"] >= "2026-11-10"]
    older = [s for s in stories if s not in recent]
    news = [
        (
            s.url,
            "<news:news><news:publication><news:name>The Harbour Times</news:name><news:language>en</news:language>"
            f"</news:publication><news:publication_date>{s.published}</news:publication_date><news:title>{esc(s.title)}</news:title></news:news>",
        )
        for s in [*recent, gallery]
    ]
    news.append(
        (
            missing_url,
            f"<news:news><news:publication><news:name>The Harbour Times</news:name><news:language>en</news:language></news:publication><news:publication_date>2026-11-19T15:00:00+00:00</news:publication_date><news:title>{esc(missing_title)}</news:title></news:news>",
        )
    )
    _write(
        root / "sitemap-news.xml",
        _urlset(news, ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'),
    )
    pages = [(base, ""), *((f"{base}{k}/", "") for k in HT_SECTIONS), (f"{base}about/", "")]
    pages += [(s.url, f"<lastmod>{s.published}</lastmod>") for s in older]
    _write(root / "sitemap-pages.xml", _urlset(pages))


def _expected(story: _Story, must_not: tuple[str, ...]) -> ExpectedArticle:
    return ExpectedArticle(
        url=story.url,
        site=story.site,
        title=story.title,
        authors=tuple(story.authors),
        published=story.published,
        must_contain=_must_contain(story),
        must_not_contain=tuple(must_not),
    )


# -- valley-gazette: "modern" JSON-LD site -------------------------------------

VG_NAME = "Valley Gazette"
VG_SECTIONS = {"region": "Region", "politics": "Politics"}
VG_BOILERPLATE = (
    "We use cookies",
    "Accept all",
    "Type to Search",
    "Trending",
    "Share this article",
    "Copy link",
    "Sign up for our free newsletter",
    "Advertisement",
    "Related News",
    "Recent News",
    "Valley Gazette Media LLC",
)
VG_PDF = "2026/11/17/county-budget-summary-2027.pdf"
VG_ARCHIVE_DAY = "2026/11/20/"
VG_PRIVATE = {
    "section": "region",
    "date": "2026-11-18",
    "time": "16:00",
    "slug": "draft-winter-road-closures",
    "title": "DRAFT: Winter road closure notice (not for publication)",
    "authors": ("Sophie Tran",),
    "paragraphs": (
        "This is an unpublished draft held for legal review. The highway department plans overnight closures on Route 14 in December while new drainage is installed under the road near the county fairgrounds.",
        "Editors should confirm the exact dates with the department before this story is scheduled, and check the detour map with the graphics desk.",
        "Do not publish before the department has briefed the township supervisors and the school district transportation office.",
    ),
}


def _vg_clock(moment: datetime) -> str:
    """
    >>> _vg_clock(datetime(2026, 11, 2, 6, 15))
    'Nov 2, 2026 6:15 AM EST'
    """
    return f"{moment:%b} {moment.day}, {moment.year} {moment.hour % 12 or 12}:{moment:%M %p} EST"


def _vg_frame(base: str, title: str, main: str, head: str = "") -> str:
    nav = "".join(f'<li><a href="{base}{k}/">{v}</a></li>' for k, v in VG_SECTIONS.items())
    return f"""<!doctype html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {VG_NAME}</title>
<meta property="og:site_name" content="{VG_NAME}">
{head}
</head>
<body>
<div id="__next">
<header class="site-header"><a class="logo" href="{base}">{VG_NAME}</a>
<nav class="nav-primary" aria-label="Sections"><ul>{nav}</ul></nav>
<div class="search-overlay"><form action="{base}search"><input type="search" name="q" aria-label="Type to Search" placeholder="Type to Search"></form></div>
</header>
<main id="main-content">
{main}
</main>
<footer class="site-footer"><nav><a href="{base}about/">About us</a> · <a href="{base}about/">Contact</a> · <a href="{base}about/">Terms of Use</a></nav><p>© 2026 Valley Gazette Media LLC. All rights reserved.</p></footer>
</div>
<div class="cookie-banner" role="dialog" aria-live="polite"><p>We use cookies to personalize content and analyze our traffic. You can change your choices at any time.</p><button type="button">Accept all</button> <button type="button">Manage preferences</button></div>
</body>
</html>
"""


def _vg_cards(stories: Iterable[_Story]) -> str:
    return "".join(
        f'<li class="card"><a class="card__link" href="{esc(s.url)}"><h3 class="card__headline">{esc(s.title)}</h3></a></li>'
        for s in stories
    )


def _vg_article(stories: list[_Story], story: _Story, modified: datetime | None) -> str:
    base, url = story.base, story.url
    authors = [
        {"@type": "Person", "name": a, "url": f"{base}staff/{slugify(a)}/"} for a in story.authors
    ]
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "author": authors,
        "datePublished": story.published,
        "dateModified": (modified or story.moment).isoformat(),
        "articleSection": VG_SECTIONS[story.entry["section"]],
        "mainEntityOfPage": url,
        "image": [f"{base}images/{story.entry['slug']}.jpg"],
        "publisher": {
            "@type": "Organization",
            "name": VG_NAME,
            "logo": {"@type": "ImageObject", "url": f"{base}logo.png"},
        },
    }
    summary = esc(sentences(story.paragraphs[0])[0])
    head = "\n".join(
        (
            f'<meta name="description" content="{summary}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{esc(story.title)}">',
            f'<meta property="og:url" content="{esc(url)}">',
            f'<meta property="og:description" content="{summary}">',
            f'<meta property="og:image" content="{base}images/{story.entry["slug"]}.jpg">',
            f'<meta property="article:published_time" content="{story.published}">',
            f'<meta property="article:modified_time" content="{(modified or story.moment).isoformat()}">',
            f'<meta property="article:section" content="{VG_SECTIONS[story.entry["section"]]}">',
            f'<link rel="canonical" href="{esc(url)}">',
            '<script type="application/ld+json">'
            + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
            + "</script>",
        )
    )
    byline = join_names(
        f'<a class="byline__author" href="{base}staff/{slugify(a)}/">{esc(a)}</a>'
        for a in story.authors
    )
    stamps = f'<span class="timestamp">Published {_vg_clock(story.moment)}</span>'
    if modified:
        stamps += (
            f' <span class="timestamp timestamp--updated">Updated {_vg_clock(modified)}</span>'
        )
    paras = [f'<p class="paragraph">{esc(p)}</p>' for p in story.paragraphs]
    paras.insert(
        2,
        '<aside class="newsletter-inline"><h3>The Morning Brief</h3><p>Sign up for our free newsletter and start every weekday with the news from across the valley.</p><form><input type="email" placeholder="Email address"><button>Sign up</button></form></aside>',
    )
    paras.insert(
        5,
        '<div class="ad-slot ad-slot--mid" data-ad-unit="story_mid"><span class="ad-label">Advertisement</span></div>',
    )
    main = f"""<div class="trending-bar"><span class="trending-bar__label">Trending</span><ul>{_vg_cards(_trending(stories, story))}</ul></div>
<div class="layout-grid">
<article class="story">
<div class="story-header"><a class="kicker" href="{base}{story.entry["section"]}/">{VG_SECTIONS[story.entry["section"]]}</a>
<h1 class="story-headline">{esc(story.title)}</h1>
<div class="story-meta"><div class="byline">By {byline}</div><div class="timestamps">{stamps}</div></div>
<div class="share-tools"><span class="share-tools__label">Share this article</span><button data-share="facebook">Facebook</button><button data-share="x">X</button><button data-share="email">Email</button><button data-share="copy">Copy link</button></div>
</div>
<div class="story-body">
{chr(10).join(paras)}
</div>
<section class="related-news"><h2>Related News</h2><ul>{_vg_cards(_related(stories, story))}</ul></section>
</article>
<aside class="rail"><section class="rail__recent"><h2>Recent News</h2><ol>{_vg_cards(_latest(stories, 5, skip=story))}</ol></section></aside>
</div>"""
    return _vg_frame(base, story.title, main, head)


def _vg_section(base: str, label: str, items: Iterable[_Story], extra: str = "") -> str:
    cards = "".join(
        f'<li class="card"><a href="{esc(s.url)}"><h3>{esc(s.title)}</h3></a><p class="card__dek">{esc(sentences(s.paragraphs[0])[0])}</p>'
        f'<p class="card__meta">By {esc(join_names(s.authors))} · <time datetime="{s.published}">{_vg_clock(s.moment)}</time></p></li>'
        for s in items
    )
    return _vg_frame(
        base,
        label,
        f'<section class="section-front"><h1>{esc(label)}</h1><ul class="card-list">{cards}</ul>{extra}</section>',
    )


def _build_valley_gazette(
    root: Path, base: str
) -> tuple[list[ExpectedArticle], list[ExpectedReject]]:
    site = "valley-gazette"
    stories = [
        _Story(site, base, f"{e['date'].replace('-', '/')}/{e['slug']}.html", e)
        for e in articles.VALLEY_GAZETTE
    ]
    expected = []
    for i, story in enumerate(stories):
        modified = story.moment + timedelta(hours=2, minutes=17) if i % 2 else None
        _write(root / story.file, _vg_article(stories, story, modified))
        expected.append(_expected(story, VG_BOILERPLATE))
    private = _Story(
        site,
        base,
        f"private/{VG_PRIVATE['date'].replace('-', '/')}/{VG_PRIVATE['slug']}.html",
        VG_PRIVATE,
    )
    _write(root / private.file, _vg_article(stories, private, None))
    _write(root / VG_PDF, PDF_BYTES)

    day = [s for s in stories if s.file.startswith(VG_ARCHIVE_DAY)]
    archive = f'<section class="archive"><h1>Stories from November 20, 2026</h1><ul>{_vg_cards(day)}</ul></section>'
    _write(root / VG_ARCHIVE_DAY / "index.html", _vg_frame(base, "November 20, 2026", archive))
    extras = {
        "region": f'<p class="newsroom-note"><a href="{private.url}">Newsroom draft: winter road closures</a></p>',
        "politics": f'<p><a href="{base}{VG_ARCHIVE_DAY}">More stories from November 20</a> · <a href="{base}{VG_PDF}">County budget summary (PDF)</a></p>',
    }
    for key, label in VG_SECTIONS.items():
        items = [s for s in _latest(stories, 99) if s.entry["section"] == key]
        _write(root / key / "index.html", _vg_section(base, label, items, extras[key]))
    _write(root / "index.html", _vg_section(base, "Top Stories", _latest(stories, 6)))
    _write(
        root / "about" / "index.html",
        _vg_frame(
            base, "About us", "<h1>About us</h1><p>The Valley Gazette covers Cedar County.</p>"
        ),
    )
    _write(root / "robots.txt", "User-agent: *\nDisallow: /private/\nDisallow: /search\n")

    entries = []
    for s in _latest(stories, 8):
        authors = "".join(f"<author><name>{esc(a)}</name></author>" for a in s.authors)
        entries.append(
            f'<entry><title>{esc(s.title)}</title><link rel="alternate" type="text/html" href="{esc(s.url)}"/>'
            f"<id>tag:valleygazette.example,{s.entry['date']}:{s.entry['slug']}</id>"
            f"<published>{s.published}</published><updated>{s.published}</updated>{authors}"
            f"<summary>{esc(sentences(s.paragraphs[0])[0])}</summary></entry>"
        )
    _write(
        root / "feed.atom",
        (
            '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US">\n'
            f'<title>{VG_NAME}</title><link rel="alternate" href="{base}"/><link rel="self" href="{base}feed.atom"/>'
            f"<id>{base}</id><updated>{_latest(stories, 1)[0].published}</updated>\n"
            + "\n".join(entries)
            + "\n</feed>\n"
        ),
    )
    urls = [(s.url, f"<lastmod>{s.published}</lastmod>") for s in stories]
    urls.append((base + VG_PDF, "<lastmod>2026-11-17T10:00:00-05:00</lastmod>"))
    _write(root / "sitemap.xml", _urlset(urls))

    rejects = [
        ExpectedReject(base + VG_PDF, site, "not-html"),
        ExpectedReject(base + VG_ARCHIVE_DAY, site, "not-article"),
    ]
    return expected, rejects


# -- metro-wire: old-school ---------------------------------------------------

MW_NAME = "Metro Wire"
MW_BOILERPLATE = (
    "Type to Search",
    "Trending",
    "Recent News",
    "Related News",
    "Share this article",
    "e-mail bulletin",
    "This site uses cookies",
    "All rights reserved",
)
MW_MISSING = ("news/ferry-strike-called-off-40099.html", "Ferry strike called off")
MW_NOTICE = ("news/corrections-and-clarifications-40200.html", "Corrections and clarifications")
MW_PER_PAGE = 7


def _mw_dateline(story: _Story) -> str:
    day, style = story.day, story.entry["date_style"]
    if style == "numeric":
        return f"Published {day:%d/%m/%Y}, {story.entry['time']}"
    if style == "dateonly":
        return f"Published {day.day} {day:%B %Y}"
    return f"Published {day.day} {day:%B %Y}, {story.entry['time']}"


def _mw_frame(
    prefix: str,
    title: str,
    content: str,
    stories: list[_Story],
    head: str = "",
    skip: _Story | None = None,
) -> str:
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)} - {MW_NAME}</title>
{head}
<link rel="stylesheet" href="{prefix}css/main.css" type="text/css">
</head>
<body bgcolor="#ffffff">
<table id="masthead" width="100%" cellpadding="4" cellspacing="0">
<tr><td><a href="{prefix}"><img src="{prefix}img/metrowire.gif" alt="{MW_NAME}" width="240" height="60" border="0"></a></td>
<td align="right"><form action="{prefix}cgi-bin/search.pl" method="get"><input type="text" name="q" size="20" value="Type to Search" onfocus="this.value=''"> <input type="submit" value="Go"></form></td></tr>
</table>
<div id="menu"><a href="{prefix}">Home</a> | <a href="{prefix}news/">News</a> | <a href="{prefix}about.html">About us</a></div>
<table width="100%" cellpadding="6"><tr>
<td id="leftcol" width="200" valign="top">
<div class="box"><b>Trending</b><ul>{_links(_trending(stories, skip), root_relative=True)}</ul></div>
<div class="box"><b>Recent News</b><ul>{_links(_latest(stories, 5, skip=skip), root_relative=True)}</ul></div>
</td>
<td valign="top">
<div id="content">
{content}
</div>
</td></tr></table>
<div id="footer"><form action="{prefix}cgi-bin/bulletin.pl">Get the {MW_NAME} e-mail bulletin: <input type="text" name="email"> <input type="submit" value="Subscribe"></form>
<p>This site uses cookies. By continuing to browse you agree to our use of cookies.</p>
<p>Copyright &copy; 1998-2026 {MW_NAME}. All rights reserved.</p></div>
</body>
</html>
"""


def _mw_article(stories: list[_Story], story: _Story, prefix: str) -> str:
    entry = story.entry
    body = [f"<p>{esc(p)}</p>" for p in story.paragraphs]
    index = stories.index(story)
    promo = stories[index - 1] if index else stories[1]
    body.insert(3, f'<p><b>Read more:</b> <a href="{esc(promo.href)}">{esc(promo.title)}</a></p>')
    if entry.get("photo"):
        caption, credit = entry["photo"]
        body.insert(
            1,
            f'<div class="photo"><img src="{prefix}photos/{entry["id"]}.jpg" width="400" alt=""><br>'
            f'<span class="caption">{esc(caption)}</span> <span class="photo-credit">Photo: {esc(credit)}</span></div>',
        )
    content = "\n".join(
        (
            f"<h1>{esc(story.title)}</h1>",
            f'<p class="byline">By {esc(join_names(story.authors))}</p>',
            f'<p class="dateline">{_mw_dateline(story)}</p>',
            *body,
            f'<p class="share">Share this article: <a href="mailto:?subject={esc(story.title)}">E-mail</a> | <a href="javascript:window.print()">Print</a></p>',
            f'<div class="related"><b>Related News</b><ul>{_links(_related(stories, story), root_relative=True)}</ul></div>',
        )
    )
    head = f'<meta name="author" content="{esc(join_names(story.authors))}">\n<meta name="keywords" content="Kitaura, news">'
    if entry["date_style"] == "meta":
        head += f'\n<meta name="date" content="{story.published}">'
    return _mw_frame(prefix, story.title, content, stories, head, skip=story)


def _mw_headlines(items: Iterable[_Story | tuple[str, str]], prefix: str) -> str:
    rows = []
    for item in items:
        if isinstance(item, tuple):  # (file, title) of a page that is not an article
            rows.append(f'<li><a href="{prefix}{item[0]}">{esc(item[1])}</a></li>')
        else:
            rows.append(
                f'<li><a href="{esc(item.href)}">{esc(item.title)}</a> <small>({item.day:%d/%m/%Y})</small><br>{esc(sentences(item.paragraphs[0])[0])}</li>'
            )
    return f'<ul class="headlines">{"".join(rows)}</ul>'


def _build_metro_wire(root: Path, base: str) -> tuple[list[ExpectedArticle], list[ExpectedReject]]:
    site, prefix = "metro-wire", urlsplit(base).path
    stories = [
        _Story(site, base, f"news/{e['slug']}-{e['id']}.html", e) for e in articles.METRO_WIRE
    ]
    expected = []
    for story in stories:
        _write(root / story.file, _mw_article(stories, story, prefix))
        photo = story.entry.get("photo")
        must_not = MW_BOILERPLATE + ("Read more:",) + ((f"Photo: {photo[1]}",) if photo else ())
        expected.append(_expected(story, must_not))

    notice = f"<h1>{MW_NOTICE[1]}</h1><p>{MW_NAME} corrects errors of fact as soon as we can. To report a mistake, please e-mail the news desk.</p>"
    _write(root / MW_NOTICE[0], _mw_frame(prefix, MW_NOTICE[1], notice, stories))
    newest = _latest(stories, 99)
    page1 = (
        f"<h1>News</h1>{_mw_headlines([*newest[:MW_PER_PAGE], MW_NOTICE], prefix)}"
        f'<p><a href="{prefix}news/page2.html" rel="next">Older stories &raquo;</a></p>'
    )
    page2 = (
        f"<h1>News - page 2</h1>{_mw_headlines([MW_MISSING, *newest[MW_PER_PAGE:]], prefix)}"
        f'<p><a href="{prefix}news/" rel="prev">&laquo; Newer stories</a></p>'
    )
    _write(root / "news" / "index.html", _mw_frame(prefix, "News", page1, stories))
    _write(root / "news" / "page2.html", _mw_frame(prefix, "News - page 2", page2, stories))
    home = (
        f"<h1>Welcome to {MW_NAME}</h1><p>News from Kitaura City since 1998.</p><h2>Latest headlines</h2>"
        f'{_mw_headlines(newest[:4], prefix)}<p><a href="{prefix}news/">More news</a></p>'
    )
    _write(root / "index.html", _mw_frame(prefix, "Home", home, stories))
    _write(
        root / "about.html",
        _mw_frame(
            prefix,
            "About us",
            f"<h1>About us</h1><p>{MW_NAME} is an English-language news service in Kitaura.</p>",
            stories,
        ),
    )
    _write(root / "robots.txt", "User-agent: *\nDisallow: /cgi-bin/\n")

    rejects = [
        ExpectedReject(base + MW_MISSING[0], site, "not-found"),
        ExpectedReject(base + MW_NOTICE[0], site, "not-article"),
    ]
    return expected, rejects


# -- public API -----------------------------------------------------------------

_BUILDERS = {
    "harbour-times": _build_harbour_times,
    "valley-gazette": _build_valley_gazette,
    "metro-wire": _build_metro_wire,
}


def _check_base_urls(base_urls: dict[str, str]) -> None:
    missing = [name for name in SITES if name not in base_urls]
    if missing:
        raise ValueError(f"base_urls lacks {', '.join(missing)}")
    bad = [url for url in base_urls.values() if not url.endswith("/")]
    if bad:
        raise ValueError(f"base URLs must end with '/': {', '.join(bad)}")


def build_site(root: Path, base_urls: dict[str, str]) -> Expected:
    """Write every site under root/<site name>/ with absolute links built from base_urls[site]."""
    _check_base_urls(base_urls)
    found: list[ExpectedArticle] = []
    rejects: list[ExpectedReject] = []
    for name in SITES:
        site_articles, site_rejects = _BUILDERS[name](Path(root) / name, base_urls[name])
        found += site_articles
        rejects += site_rejects
    return Expected(tuple(found), tuple(rejects))


def disallowed_urls(base_urls: dict[str, str]) -> list[str]:
    """Pages that exist but robots.txt forbids; a polite crawl never fetches them."""
    base = base_urls["valley-gazette"]
    return [f"{base}private/{VG_PRIVATE['date'].replace('-', '/')}/{VG_PRIVATE['slug']}.html"]


def _toml_value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value)
    if "\\" in text and "'" not in text:
        return f"'{text}'"  # a literal string keeps regexes readable
    return json.dumps(text)


def _sources(base_urls: dict[str, str]) -> list[dict[str, object]]:
    ht, vg, mw = (base_urls[name] for name in SITES)
    return [
        {
            "name": "harbour-times",
            "homepage": ht,
            "feeds": [ht + "rss.xml"],
            "sitemaps": [],
            "sections": [f"{ht}{k}/" for k in HT_SECTIONS],
            "article_pattern": r"/\d{4}/\d{2}/\d{2}/",
            "languages": ["en"],
            "timezone": TIMEZONES["harbour-times"],
        },
        {
            "name": "valley-gazette",
            "homepage": vg,
            "feeds": [vg + "feed.atom"],
            "sitemaps": [vg + "sitemap.xml"],
            "sections": [f"{vg}{k}/" for k in VG_SECTIONS],
            "article_pattern": r"/\d{4}/\d{2}/\d{2}/",
            "languages": ["en"],
            "timezone": TIMEZONES["valley-gazette"],
        },
        {
            "name": "metro-wire",
            "homepage": mw,
            "feeds": [],
            "sitemaps": [],
            "sections": [mw + "news/"],
            "article_pattern": r"/news/[a-z0-9-]+-\d+\.html$",
            "languages": ["en"],
            "timezone": TIMEZONES["metro-wire"],
            "date_order": "DMY",
            "drop_selectors": [".photo-credit"],
        },
    ]


def sources_toml(base_urls: dict[str, str]) -> str:
    """The sources.toml text for the three demo sites."""
    _check_base_urls(base_urls)
    blocks = []
    for source in _sources(base_urls):
        lines = ["[[source]]", *(f"{key} = {_toml_value(value)}" for key, value in source.items())]
        blocks.append("\n".join(lines))
    return (
        "# The bundled demo sites (newsspider.demo.site); generated, do not edit.\n\n"
        + "\n\n".join(blocks)
        + "\n"
    )
