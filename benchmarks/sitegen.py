"""Generate a realistic local news site of N articles for benchmarks:
article pages with navigation, bylines, JSON-LD, widgets and 300-900 words of
text; an RSS feed of the latest 50; a sitemap index over news sitemaps of
500 URLs; section pages. Deterministic for a given N and seed.

Pages weigh about what real ones do (144 KB and 670 elements; the median
news page of the evaluation set has 164 KB and 790): inline CSS and a JSON state
script, a menu of 168 links, a sidebar of teasers, a grid of related stories,
a cookie dialog and a footer of 80 links around the article.

    python benchmarks/sitegen.py OUT_DIR --articles 2000
"""

from __future__ import annotations

import argparse
import html
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = [
    "council",
    "harbour",
    "ferry",
    "school",
    "budget",
    "market",
    "river",
    "bridge",
    "police",
    "storm",
    "festival",
    "library",
    "hospital",
    "road",
    "rail",
    "station",
    "mayor",
    "residents",
    "plan",
    "vote",
    "report",
    "court",
    "season",
    "team",
    "match",
    "museum",
    "tourism",
    "fishing",
    "housing",
    "rent",
    "price",
    "energy",
    "wind",
    "solar",
    "water",
    "park",
    "business",
    "jobs",
    "factory",
    "port",
    "airport",
    "weather",
    "flood",
    "coast",
    "village",
    "town",
    "city",
    "county",
    "minister",
    "government",
    "election",
    "campaign",
    "service",
    "health",
    "teacher",
    "student",
    "nurse",
    "doctor",
]
VERBS = [
    "said",
    "announced",
    "approved",
    "rejected",
    "opened",
    "closed",
    "expects",
    "warned",
    "confirmed",
    "plans",
]
NAMES = [
    "Ann Lee",
    "Tom Rowe",
    "Priya Nair",
    "Jonas Berg",
    "Maria Lopez",
    "Kenji Mori",
    "Sara Okafor",
    "Liam Walsh",
]
SECTIONS = ("local", "business", "sport", "culture")
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Bench Gazette</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Bench Gazette">
<meta property="article:published_time" content="{date}">
<link rel="canonical" href="{url}">
<style>{css}</style>
<script>window.__STATE__ = {state};</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{title}","datePublished":"{date}","author":[{{"@type":"Person","name":"{author}"}}],
"publisher":{{"@type":"Organization","name":"Bench Gazette"}}}}</script></head>
<body><div class="cookie-consent" role="dialog"><p>We use cookies to improve your experience.</p>
<button>Accept all</button><button>Manage preferences</button></div>
<header><nav><a href="/">Home</a> {nav}</nav><form><input placeholder="Type to Search"></form>
<div class="mega-menu">{menu}</div></header>
<main><article><h1>{title}</h1><p class="byline">By <a rel="author" href="/author/{slug_author}/">{author}</a></p>
<time datetime="{date}">{date_text}</time>
<div class="entry-content">{paragraphs}
<p>Share this article</p></div></article>
<section class="related-grid"><h2>More from Bench Gazette</h2>{cards}</section>
<aside><h3>Trending</h3><ul>{related}</ul><h3>Related News</h3><ul>{related}</ul>
<div class="most-read"><h3>Most read</h3>{cards}</div><div class="ad-slot" data-slot="sidebar-1"></div></aside></main>
<footer><p>Subscribe to our newsletter</p><div class="footer-links">{footer}</div>
<p>© 2026 Bench Gazette</p></footer></body></html>"""


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    words.insert(rng.randint(1, len(words) - 1), rng.choice(VERBS))
    return " ".join(words).capitalize() + "."


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


def teaser_cards(stories, i: int) -> str:
    """Twelve related-story cards with images, as news sites show them."""
    picks = [stories[(i + k * 37 + 1) % len(stories)] for k in range(12)]
    return "".join(
        f'<div class="card"><a href="/{p}"><img src="/img/{k}.jpg" srcset="/img/{k}-400.jpg 400w, '
        f'/img/{k}-800.jpg 800w" alt="{html.escape(t)}" loading="lazy"><span class="kicker">'
        f"{s.title()}</span><h3>{html.escape(t)}</h3></a><p>{a} · {w:%d %b}</p></div>"
        for k, (p, t, w, a, s) in enumerate(picks)
    )


def page_state(stories, i: int, rng: random.Random) -> str:
    """The JSON state a news site's front-end framework embeds."""
    near = [stories[(i + k) % len(stories)] for k in range(100)]
    items = [
        {"id": (i + k) % len(stories), "url": f"/{p}", "title": t, "date": w.isoformat(),
         "author": a, "section": s, "summary": sentence(rng) + " " + sentence(rng),
         "image": {"src": f"/img/{k}.jpg", "width": 800, "height": 450}}
        for k, (p, t, w, a, s) in enumerate(near)
    ]  # fmt: skip
    ads = {f"slot-{k}": {"sizes": [[300, 250], [728, 90]], "targeting": rng.sample(WORDS, 6)}
           for k in range(40)}  # fmt: skip
    return json.dumps({"stories": items, "ads": ads, "features": {w: True for w in WORDS}})


def generate(out: Path, n: int, base: str, seed: int = 7) -> list[str]:
    """Write the site under `out` with absolute links on `base`; the article URLs."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 25, 12, tzinfo=UTC)
    nav = " ".join(f'<a href="/{s}/">{s.title()}</a>' for s in SECTIONS)
    shared = chrome(rng)
    stories = []
    for i in range(n):
        when = start - timedelta(minutes=17 * i)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).capitalize()
        path = f"{when:%Y/%m/%d}/story-{i:06d}.html"
        stories.append((path, title, when, rng.choice(NAMES), SECTIONS[i % len(SECTIONS)]))
    for i, (path, title, when, author, _) in enumerate(stories):
        paragraphs = "\n".join(
            f"<p>{' '.join(sentence(rng) for _ in range(rng.randint(2, 5)))}</p>"
            for _ in range(rng.randint(5, 12))
        )
        related = "".join(
            f'<li><a href="/{p}">{html.escape(t)}</a></li>'
            for p, t, *_ in stories[max(0, i - 3) : i] or stories[1:4]
        )
        page = out / path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            PAGE.format(
                title=html.escape(title), url=base + path, date=when.isoformat(), nav=nav,
                date_text=f"{when:%d %B %Y}", author=author,
                slug_author=author.lower().replace(" ", "-"), paragraphs=paragraphs,
                related=related, cards=teaser_cards(stories, i),
                state=page_state(stories, i, rng).replace("</", "<\\/"), **shared,
            ),
            encoding="utf-8",
        )  # fmt: skip
    _listings(out, base, stories)
    return [base + p for p, *_ in stories]


def _listings(out: Path, base: str, stories) -> None:
    items = "".join(
        f"<item><title>{html.escape(t)}</title><link>{base}{p}</link>"
        f"<pubDate>{w:%a, %d %b %Y %H:%M:%S +0000}</pubDate><dc:creator>{a}</dc:creator></item>"
        for p, t, w, a, _ in stories[:50]
    )
    (out / "rss.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Bench Gazette</title>{items}</channel></rss>"
    )
    maps = []
    for k in range(0, len(stories), 500):
        urls = "".join(
            f"<url><loc>{base}{p}</loc><news:news><news:publication>"
            "<news:name>Bench Gazette</news:name><news:language>en</news:language>"
            f"</news:publication><news:publication_date>{w.isoformat()}</news:publication_date>"
            f"<news:title>{html.escape(t)}</news:title></news:news></url>"
            for p, t, w, *_ in stories[k : k + 500]
        )
        name = f"sitemap-news-{k // 500}.xml"
        (out / name).write_text(
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
        )
        maps.append(f"<sitemap><loc>{base}{name}</loc></sitemap>")
    (out / "sitemap.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{''.join(maps)}</sitemapindex>"
    )
    (out / "robots.txt").write_text(
        f"User-agent: *\nDisallow: /search\nSitemap: {base}sitemap.xml\n"
    )
    for section in SECTIONS:
        links = "".join(
            f'<li><a href="/{p}">{html.escape(t)}</a></li>'
            for p, t, *_, s in stories[:200]
            if s == section
        )
        (out / section).mkdir(exist_ok=True)
        (out / section / "index.html").write_text(
            f"<html><body><h1>{section}</h1><ul>{links}</ul></body></html>"
        )
    (out / "index.html").write_text("<html><body><h1>Bench Gazette</h1></body></html>")


def sources_toml(base: str) -> str:
    return (
        f'[[source]]\nname = "bench-gazette"\nhomepage = "{base}"\nfeeds = ["{base}rss.xml"]\n'
        f'sections = ["{base}local/", "{base}business/"]\n'
        "article_pattern = '/\\d{4}/\\d{2}/\\d{2}/story-\\d+\\.html$'\n"
        'languages = ["en"]\ntimezone = "UTC"\n'
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--base", default="http://127.0.0.1:8000/")
    args = ap.parse_args()
    urls = generate(args.out, args.articles, args.base)
    print(f"{len(urls)} articles under {args.out}")


if __name__ == "__main__":
    main()
