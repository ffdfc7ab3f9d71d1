"""A "modern" theme: JSON-LD and OpenGraph in the head, a trending bar, an
inline newsletter box and an advertisement inside the story, a related-news
grid and a rail of recent stories; every other story shows when it was
updated. Traps: a "draft" rendered like a story (robots.txt forbids it), and
an "archive" page of one day's stories."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from newsspider.demo.model import (
    Site,
    Story,
    Trap,
    esc,
    join_names,
    latest,
    related,
    slugify,
    trending,
)

#: text of this theme's page furniture that a correct extraction leaves out
BOILERPLATE = (
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
)
NEWSLETTER = '<aside class="newsletter-inline"><h3>The Morning Brief</h3><p>Sign up for our free newsletter and start every weekday with the news from across the valley.</p><form><input type="email" placeholder="Email address"><button>Sign up</button></form></aside>'
ADVERT = '<div class="ad-slot ad-slot--mid" data-ad-unit="story_mid"><span class="ad-label">Advertisement</span></div>'


def must_not(site: Site, story: Story) -> tuple[str, ...]:
    return (*BOILERPLATE, site.options["owner"])


def clock(moment: datetime) -> str:
    """
    >>> clock(datetime(2026, 11, 2, 6, 15))
    'Nov 2, 2026 6:15 AM EST'
    """
    return f"{moment:%b} {moment.day}, {moment.year} {moment.hour % 12 or 12}:{moment:%M %p} EST"


def pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, HTML) of every page of the site."""
    for i, story in enumerate(site.stories):
        yield story.file, article(site, story, story.moment + timedelta(hours=2, minutes=17) if i % 2 else None)  # fmt: skip
    draft = site.trap_story("draft")
    yield draft.file, article(site, draft, None)
    day = site.trap("archive")
    yield f"{day.file}index.html", archive(site, day)
    for key, label in site.sections.items():
        items = [s for s in latest(site.stories, 99) if s.section == key]
        yield f"{key}/index.html", section(site, label, items, notes(site, key + "/"))
    yield "index.html", section(site, "Top Stories", latest(site.stories, 6))
    about = f"<h1>About us</h1><p>{esc(site.options['about'])}</p>"
    yield f"{site.about}index.html", frame(site, "About us", about)


def notes(site: Site, listing: str) -> str:
    """The links a section page gives to the traps it lists."""
    traps = site.listed(listing)
    anchors = " · ".join(f'<a href="{site.base}{t.file}">{esc(t.title)}</a>' for t in traps)
    return f'<p class="newsroom-note">{anchors}</p>' if traps else ""


def archive(site: Site, trap: Trap) -> str:
    day = date.fromisoformat(trap.file.strip("/").replace("/", "-"))
    label = f"{day:%B} {day.day}, {day.year}"
    items = [s for s in site.stories if s.file.startswith(trap.file)]
    body = (
        f'<section class="archive"><h1>Stories from {label}</h1><ul>{cards(items)}</ul></section>'
    )
    return frame(site, label, body)


def frame(site: Site, title: str, main: str, head: str = "") -> str:
    base, name = site.base, site.title
    nav = "".join(f'<li><a href="{base}{k}/">{v}</a></li>' for k, v in site.sections.items())
    return f"""<!doctype html>
<html lang="{site.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {name}</title>
<meta property="og:site_name" content="{name}">
{head}
</head>
<body>
<div id="__next">
<header class="site-header"><a class="logo" href="{base}">{name}</a>
<nav class="nav-primary" aria-label="Sections"><ul>{nav}</ul></nav>
<div class="search-overlay"><form action="{base}search"><input type="search" name="q" aria-label="Type to Search" placeholder="Type to Search"></form></div>
</header>
<main id="main-content">
{main}
</main>
<footer class="site-footer"><nav><a href="{base}{site.about}">About us</a> · <a href="{base}{site.about}">Contact</a> · <a href="{base}{site.about}">Terms of Use</a></nav><p>© 2026 {site.options["owner"]}. All rights reserved.</p></footer>
</div>
<div class="cookie-banner" role="dialog" aria-live="polite"><p>We use cookies to personalize content and analyze our traffic. You can change your choices at any time.</p><button type="button">Accept all</button> <button type="button">Manage preferences</button></div>
</body>
</html>
"""


def cards(stories: Iterable[Story]) -> str:
    return "".join(
        f'<li class="card"><a class="card__link" href="{esc(s.url)}"><h3 class="card__headline">{esc(s.title)}</h3></a></li>'
        for s in stories
    )


def head(site: Site, story: Story, modified: datetime | None) -> str:
    base, url, label = site.base, story.url, site.sections[story.section]
    changed = (modified or story.moment).isoformat()
    image = f"{base}images/{story.entry['slug']}.jpg"
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
        "author": [{"@type": "Person", "name": a, "url": f"{base}staff/{slugify(a)}/"}
                   for a in story.authors],
        "datePublished": story.published, "dateModified": changed, "articleSection": label,
        "mainEntityOfPage": url, "image": [image],
        "publisher": {"@type": "Organization", "name": site.title,
                      "logo": {"@type": "ImageObject", "url": f"{base}logo.png"}},
    }  # fmt: skip
    summary = esc(story.summary)
    return "\n".join(
        (
            f'<meta name="description" content="{summary}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{esc(story.title)}">',
            f'<meta property="og:url" content="{esc(url)}">',
            f'<meta property="og:description" content="{summary}">',
            f'<meta property="og:image" content="{image}">',
            f'<meta property="article:published_time" content="{story.published}">',
            f'<meta property="article:modified_time" content="{changed}">',
            f'<meta property="article:section" content="{label}">',
            f'<link rel="canonical" href="{esc(url)}">',
            '<script type="application/ld+json">'
            + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
            + "</script>",
        )
    )


def article(site: Site, story: Story, modified: datetime | None) -> str:
    base, key = site.base, story.section
    byline = join_names(
        f'<a class="byline__author" href="{base}staff/{slugify(a)}/">{esc(a)}</a>'
        for a in story.authors
    )
    stamps = f'<span class="timestamp">Published {clock(story.moment)}</span>'
    if modified:
        stamps += f' <span class="timestamp timestamp--updated">Updated {clock(modified)}</span>'
    paras = [f'<p class="paragraph">{esc(p)}</p>' for p in story.paragraphs]
    paras.insert(2, NEWSLETTER)
    paras.insert(5, ADVERT)
    main = f"""<div class="trending-bar"><span class="trending-bar__label">Trending</span><ul>{cards(trending(site.stories, story))}</ul></div>
<div class="layout-grid">
<article class="story">
<div class="story-header"><a class="kicker" href="{base}{key}/">{site.sections[key]}</a>
<h1 class="story-headline">{esc(story.title)}</h1>
<div class="story-meta"><div class="byline">By {byline}</div><div class="timestamps">{stamps}</div></div>
<div class="share-tools"><span class="share-tools__label">Share this article</span><button data-share="facebook">Facebook</button><button data-share="x">X</button><button data-share="email">Email</button><button data-share="copy">Copy link</button></div>
</div>
<div class="story-body">
{chr(10).join(paras)}
</div>
<section class="related-news"><h2>Related News</h2><ul>{cards(related(site.stories, story))}</ul></section>
</article>
<aside class="rail"><section class="rail__recent"><h2>Recent News</h2><ol>{cards(latest(site.stories, 5, skip=story))}</ol></section></aside>
</div>"""
    return frame(site, story.title, main, head(site, story, modified))


def section(site: Site, label: str, items: Iterable[Story], extra: str = "") -> str:
    teasers = "".join(
        f'<li class="card"><a href="{esc(s.url)}"><h3>{esc(s.title)}</h3></a><p class="card__dek">{esc(s.summary)}</p>'
        f'<p class="card__meta">By {esc(join_names(s.authors))} · <time datetime="{s.published}">{clock(s.moment)}</time></p></li>'
        for s in items
    )
    return frame(
        site,
        label,
        f'<section class="section-front"><h1>{esc(label)}</h1><ul class="card-list">{teasers}</ul>{extra}</section>',
    )
