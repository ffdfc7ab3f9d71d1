"""The benchmark theme: pages that weigh about what real ones do (144 KB and
670 elements; the median news page of the evaluation set has 164 KB and
790): inline CSS and a JSON state script, a menu of 168 links, a sidebar of
teasers, a grid of related stories, a cookie dialog and a footer of 80
links around the article. Deterministic for the site's ``seed`` option."""

from __future__ import annotations

import html
import json
import random
from collections.abc import Iterator

from newsspider.demo.bench import WORDS, sentence
from newsspider.demo.model import Site, Story

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | {name}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{name}">
<meta property="article:published_time" content="{date}">
<link rel="canonical" href="{url}">
<style>{css}</style>
<script>window.__STATE__ = {state};</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{title}","datePublished":"{date}","author":[{{"@type":"Person","name":"{author}"}}],
"publisher":{{"@type":"Organization","name":"{name}"}}}}</script></head>
<body><div class="cookie-consent" role="dialog"><p>We use cookies to improve your experience.</p>
<button>Accept all</button><button>Manage preferences</button></div>
<header><nav><a href="/">Home</a> {nav}</nav><form><input placeholder="Type to Search"></form>
<div class="mega-menu">{menu}</div></header>
<main><article><h1>{title}</h1><p class="byline">By <a rel="author" href="/author/{slug_author}/">{author}</a></p>
<time datetime="{date}">{date_text}</time>
<div class="entry-content">{paragraphs}
<p>Share this article</p></div></article>
<section class="related-grid"><h2>More from {name}</h2>{cards}</section>
<aside><h3>Trending</h3><ul>{related}</ul><h3>Related News</h3><ul>{related}</ul>
<div class="most-read"><h3>Most read</h3>{cards}</div><div class="ad-slot" data-slot="sidebar-1"></div></aside></main>
<footer><p>Subscribe to our newsletter</p><div class="footer-links">{footer}</div>
<p>© 2026 {name}</p></footer></body></html>"""


def must_not(site: Site, story: Story) -> tuple[str, ...]:
    return ("Type to Search", "Share this article", "Most read", "We use cookies")


def chrome(rng: random.Random) -> dict[str, str]:
    """The parts of the page every article shares: CSS, menu and footer."""
    css = "\n".join(
        f".c{i} .{rng.choice(WORDS)}-{j} {{ margin: {j}px {i % 7}px; color: #{rng.randrange(16**6):06x};"
        f" font: {10 + j % 9}px/1.{j % 6} serif; display: {rng.choice(['block', 'flex', 'grid'])}; }}"
        for i in range(250) for j in range(3)
    )  # fmt: skip
    menu = "".join(
        f'<div class="menu-col"><h4>{w.title()}</h4><ul>'
        + "".join(f'<li><a href="/{w}/{rng.choice(WORDS)}-{k}/">{rng.choice(WORDS).title()}</a></li>'
                  for k in range(12))
        + "</ul></div>"
        for w in WORDS[:14]
    )  # fmt: skip
    footer = "".join(
        f'<a href="/about/{rng.choice(WORDS)}-{k}/">{rng.choice(WORDS).title()} {k}</a> '
        for k in range(80)
    )
    return {"css": css, "menu": menu, "footer": footer}


def teaser_cards(stories: list[Story], i: int) -> str:
    """Twelve related-story cards with images, as news sites show them."""
    picks = [stories[(i + k * 37 + 1) % len(stories)] for k in range(12)]
    return "".join(
        f'<div class="card"><a href="{s.href}"><img src="/img/{k}.jpg" srcset="/img/{k}-400.jpg 400w, '
        f'/img/{k}-800.jpg 800w" alt="{html.escape(s.title)}" loading="lazy"><span class="kicker">'
        f"{s.section.title()}</span><h3>{html.escape(s.title)}</h3></a><p>{s.authors[0]} · {s.moment:%d %b}</p></div>"
        for k, s in enumerate(picks)
    )


def page_state(stories: list[Story], i: int, rng: random.Random) -> str:
    """The JSON state a news site's front-end framework embeds."""
    near = [stories[(i + k) % len(stories)] for k in range(100)]
    items = [
        {"id": (i + k) % len(stories), "url": s.href, "title": s.title, "date": s.published,
         "author": s.authors[0], "section": s.section, "summary": sentence(rng) + " " + sentence(rng),
         "image": {"src": f"/img/{k}.jpg", "width": 800, "height": 450}}
        for k, s in enumerate(near)
    ]  # fmt: skip
    ads = {f"slot-{k}": {"sizes": [[300, 250], [728, 90]], "targeting": rng.sample(WORDS, 6)}
           for k in range(40)}  # fmt: skip
    return json.dumps({"stories": items, "ads": ads, "features": {w: True for w in WORDS}})


def pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, HTML) of every article page, the section pages and the home page."""
    seed, stories = site.options["seed"], site.stories
    shared = chrome(random.Random(seed))
    nav = " ".join(f'<a href="/{s}/">{label}</a>' for s, label in site.sections.items())
    for i, story in enumerate(stories):
        yield story.file, article(site, i, nav, shared, random.Random(seed * 1_000_003 + i))
    for section in site.sections:
        links = "".join(
            f'<li><a href="{s.href}">{html.escape(s.title)}</a></li>'
            for s in stories[:200]
            if s.section == section
        )
        yield (
            f"{section}/index.html",
            f"<html><body><h1>{section}</h1><ul>{links}</ul></body></html>",
        )
    yield "index.html", f"<html><body><h1>{site.title}</h1></body></html>"


def article(site: Site, i: int, nav: str, shared: dict[str, str], rng: random.Random) -> str:
    stories, story = site.stories, site.stories[i]
    related = "".join(
        f'<li><a href="{s.href}">{html.escape(s.title)}</a></li>'
        for s in stories[max(0, i - 3) : i] or stories[1:4]
    )
    author = story.authors[0]
    return PAGE.format(
        title=html.escape(story.title), name=site.title, url=story.url, date=story.published,
        nav=nav, date_text=f"{story.moment:%d %B %Y}", author=author,
        slug_author=author.lower().replace(" ", "-"),
        paragraphs="\n".join(f"<p>{p}</p>" for p in story.paragraphs),
        related=related, cards=teaser_cards(stories, i),
        state=page_state(stories, i, rng).replace("</", "<\\/"), **shared,
    )  # fmt: skip
