"""Generate a realistic local news site of N articles for benchmarks:
article pages with navigation, bylines, JSON-LD, widgets and 300-900 words of
text; an RSS feed of the latest 50; a sitemap index over news sitemaps of
500 URLs; section pages. Deterministic for a given N and seed.

    python benchmarks/sitegen.py OUT_DIR --articles 2000
"""

from __future__ import annotations

import argparse
import html
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
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{title}","datePublished":"{date}","author":[{{"@type":"Person","name":"{author}"}}],
"publisher":{{"@type":"Organization","name":"Bench Gazette"}}}}</script></head>
<body><header><nav><a href="/">Home</a> {nav}</nav><form><input placeholder="Type to Search"></form></header>
<main><article><h1>{title}</h1><p class="byline">By <a rel="author" href="/author/{slug_author}/">{author}</a></p>
<time datetime="{date}">{date_text}</time>
<div class="entry-content">{paragraphs}
<p>Share this article</p></div></article>
<aside><h3>Trending</h3><ul>{related}</ul><h3>Related News</h3><ul>{related}</ul></aside></main>
<footer><p>Subscribe to our newsletter</p><p>© 2026 Bench Gazette</p></footer></body></html>"""


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    words.insert(rng.randint(1, len(words) - 1), rng.choice(VERBS))
    return " ".join(words).capitalize() + "."


def generate(out: Path, n: int, base: str, seed: int = 7) -> list[str]:
    """Write the site under `out` with absolute links on `base`; the article URLs."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 25, 12, tzinfo=UTC)
    nav = " ".join(f'<a href="/{s}/">{s.title()}</a>' for s in SECTIONS)
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
                related=related,
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
