"""What a sample site publishes for crawlers, from its data: RSS and Atom
feeds, sitemaps (a plain urlset, an index over news and page sitemaps, or an
index over news sitemaps in chunks) and robots.txt.

    >>> print(urlset([("https://a.example/x", "")]), end="")
    <?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://a.example/x</loc></url>
    </urlset>
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from email.utils import format_datetime

from newsspider.demo.model import Feed, Site, Story, Trap, esc, latest

NEWS_NS = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def post_id(story: Story) -> int:
    """A story's stable numeric id (WordPress shows it; feeds use it as guid)."""
    return 1000 + zlib.crc32(story.file.encode()) % 9000


def urlset(entries: Iterable[tuple[str, str]], extra_ns: str = "") -> str:
    urls = "\n".join(f"<url><loc>{esc(loc)}</loc>{inner}</url>" for loc, inner in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{extra_ns}>\n{urls}\n</urlset>\n'
    )


def sitemap_index(site: Site, paths: Iterable[str]) -> str:
    maps = "".join(
        f"<sitemap><loc>{site.base}{p}</loc><lastmod>{site.updated}</lastmod></sitemap>\n"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{maps}</sitemapindex>\n'
    )


def news_entry(site: Site, title: str, published: str) -> str:
    """A Google News sitemap's ``<news:news>`` element."""
    return (
        f"<news:news><news:publication><news:name>{esc(site.title)}</news:name>"
        f"<news:language>{site.lang.split('-')[0]}</news:language></news:publication>"
        f"<news:publication_date>{published}</news:publication_date>"
        f"<news:title>{esc(title)}</news:title></news:news>"
    )


def news_urls(site: Site, stories: Iterable[Story], listing: str) -> list[tuple[str, str]]:
    """News sitemap entries: the stories, then the traps listed in `listing`
    (those rendered like stories first)."""
    traps = sorted(site.listed(listing), key=lambda t: t.entry is None)
    return [(s.url, news_entry(site, s.title, s.published)) for s in stories] + [
        (site.base + t.file, news_entry(site, t.title, t.published)) for t in traps
    ]


def sitemaps(site: Site) -> Iterator[tuple[str, str]]:
    """(path, text) of each sitemap file of the site."""
    spec = site.sitemaps
    if spec is None:
        return
    if spec.layout == "urlset":
        urls = [(s.url, f"<lastmod>{s.published}</lastmod>") for s in site.stories]
        urls += [(site.base + t.file, f"<lastmod>{t.published}</lastmod>")
                 for t in site.listed(spec.path)]  # fmt: skip
        yield spec.path, urlset(urls)
    elif spec.layout == "split":
        yield from split_sitemaps(site)
    else:
        yield from chunked_news_sitemaps(site)


def split_sitemaps(site: Site) -> Iterator[tuple[str, str]]:
    """An index over a news sitemap (stories from ``since``) and a sitemap of
    the other pages: home, sections, about and the older stories."""
    spec = site.sitemaps
    recent = [s for s in site.stories if s.entry["date"] >= spec.since]
    older = [s for s in site.stories if s not in recent]
    yield spec.path, sitemap_index(site, ["sitemap-news.xml", "sitemap-pages.xml"])
    yield "sitemap-news.xml", urlset(news_urls(site, recent, "sitemap-news.xml"), NEWS_NS)
    pages = [site.base, *(f"{site.base}{k}/" for k in site.sections), site.base + site.about]
    entries = [(url, "") for url in pages]
    entries += [(s.url, f"<lastmod>{s.published}</lastmod>") for s in older]
    yield "sitemap-pages.xml", urlset(entries)


def chunked_news_sitemaps(site: Site) -> Iterator[tuple[str, str]]:
    spec = site.sitemaps
    names = []
    for k in range(0, len(site.stories), spec.chunk):
        names.append(f"sitemap-news-{k // spec.chunk}.xml")
        chunk = site.stories[k : k + spec.chunk]
        yield names[-1], urlset(news_urls(site, chunk, names[-1]), NEWS_NS)
    yield spec.path, sitemap_index(site, names)


def robots(site: Site) -> str:
    """robots.txt: the site's rules, and its top sitemap when it names it.

    >>> robots(Site("a", "A", "bench", "https://a.example/", "UTC", "+00:00", [], {},
    ...             robots=("Disallow: /search",)))
    'User-agent: *\\nDisallow: /search\\n'
    """
    text = "User-agent: *\n" + "".join(f"{rule}\n" for rule in site.robots)
    if site.sitemaps and site.sitemaps.in_robots:
        text += f"\nSitemap: {site.base}{site.sitemaps.path}\n"
    return text


def feed(site: Site, spec: Feed) -> str:
    """An RSS or Atom feed of the latest stories, with the traps it lists."""
    stories = latest(site.stories, spec.latest)
    if spec.kind == "atom":
        return atom(site, spec, stories)
    items = [rss_item(site, s) for s in stories]
    items[spec.traps_at : spec.traps_at] = [rss_trap(t, site.base) for t in site.listed(spec.path)]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        f"<channel><title>{esc(site.title)}</title><link>{site.base}</link>"
        f'<atom:link href="{site.base}{spec.path}" rel="self" type="application/rss+xml"/>'
        f"<description>{esc(site.tagline)}</description><language>{site.lang}</language>"
        f"<lastBuildDate>{format_datetime(datetime.fromisoformat(site.updated))}</lastBuildDate>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n"
    )


def rss_item(site: Site, s: Story) -> str:
    creators = "".join(f"<dc:creator><![CDATA[{a}]]></dc:creator>" for a in s.authors)
    return (
        f"<item><title>{esc(s.title)}</title><link>{esc(s.url)}</link>"
        f'<guid isPermaLink="false">{site.base}?p={post_id(s)}</guid>'
        f"<pubDate>{format_datetime(s.moment)}</pubDate>{creators}"
        f"<category><![CDATA[{site.sections.get(s.section, s.section)}]]></category>"
        f"<description>{esc(s.summary)}</description></item>"
    )


def rss_trap(trap: Trap, base: str) -> str:
    when = format_datetime(datetime.fromisoformat(trap.published))
    return (
        f"<item><title>{esc(trap.title)}</title><link>{base}{trap.file}</link><pubDate>{when}</pubDate>"
        f"<dc:creator><![CDATA[{trap.author}]]></dc:creator></item>"
    )


def atom(site: Site, spec: Feed, stories: list[Story]) -> str:
    tag = site.name.replace("-", "") + ".example"
    entries = []
    for s in stories:
        authors = "".join(f"<author><name>{esc(a)}</name></author>" for a in s.authors)
        entries.append(
            f'<entry><title>{esc(s.title)}</title><link rel="alternate" type="text/html" href="{esc(s.url)}"/>'
            f"<id>tag:{tag},{s.entry['date']}:{s.entry['slug']}</id>"
            f"<published>{s.published}</published><updated>{s.published}</updated>{authors}"
            f"<summary>{esc(s.summary)}</summary></entry>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{site.lang}">\n'
        f'<title>{esc(site.title)}</title><link rel="alternate" href="{site.base}"/><link rel="self" href="{site.base}{spec.path}"/>'
        f"<id>{site.base}</id><updated>{stories[0].published}</updated>\n"
        + "\n".join(entries)
        + "\n</feed>\n"
    )


def discovery_files(site: Site) -> Iterator[tuple[str, str]]:
    """(path, text) of every feed, sitemap and robots.txt of the site."""
    for spec in site.feeds:
        yield spec.path, feed(site, spec)
    yield from sitemaps(site)
    yield "robots.txt", robots(site)
