"""The three bundled demo sites, as data: each names its markup style, the
listings it publishes, its traps and the options of its ``[[source]]``.

- ``harbour-times``: the WordPress-like theme; RSS, a sitemap index reached
  only through robots.txt, section pages. Holds the seed page.
- ``valley-gazette``: the "modern" theme with JSON-LD and OpenGraph; Atom
  feed, a plain sitemap, and a ``/private/`` draft that robots.txt disallows.
- ``metro-wire``: the old-school theme with no feed or sitemap, a paginated
  news index, visible datelines (some day-first numeric, some without a time).
- ``estuary-live``: an app whose pages are empty shells a script fills in;
  its source has ``render = "browser"``, and the demo serves it only where
  Chromium is installed.
"""

from __future__ import annotations

from newsspider.demo import articles
from newsspider.demo.model import Feed, Site, Sitemaps, Story, Trap

SITES: tuple[str, ...] = ("harbour-times", "valley-gazette", "metro-wire")
#: the site whose pages a browser must render (served when Chromium is there)
RENDERED = "estuary-live"
OFFSETS = {"harbour-times": "+00:00", "valley-gazette": "-05:00", "metro-wire": "+09:00",
           RENDERED: "+00:00"}  # fmt: skip
SEED_TITLE = "Kim Jong Un Set To Join China’s Victory Day Military Parade"
#: the article pattern of the two sites with dated URLs
DATED = r"/\d{4}/\d{2}/\d{2}/"


def dated(entry: dict, prefix: str = "") -> str:
    """The dated path of a story: ``2026/11/03/slug.html``."""
    return f"{prefix}{entry['date'].replace('-', '/')}/{entry['slug']}.html"


def harbour_times(base: str) -> Site:
    offset = OFFSETS["harbour-times"]
    missing = Trap("missing", "2026/11/19/winter-ferry-timetable-changes.html",
                   "Winter ferry timetable changes announced", "not-found",
                   ("rss.xml", "sitemap-news.xml"), "2026-11-19T15:00:00+00:00", "Tom Rowe")  # fmt: skip
    gallery = Trap(
        "gallery", "2026/11/22/in-pictures-lantern-workshop.html",
        "In pictures: lantern workshop at the town hall", "not-article", ("local/", "sitemap-news.xml"),
        "2026-11-22T12:00:00+00:00",
        entry={"title": "In pictures: lantern workshop at the town hall", "authors": ("Tom Rowe",),
               "section": "local", "date": "2026-11-22", "time": "12:00", "slug": "gallery",
               "paragraphs": ("Photos from Saturday’s lantern-making workshop.",),
               "captions": ("Willow frames drying in the main hall.", "Tissue paper panels ready for gluing.",
                            "Young makers with a giant fish lantern.", "A finished lighthouse lantern.",
                            "Volunteers stacking lanterns for the parade.")},
    )  # fmt: skip
    return Site(
        "harbour-times", "The Harbour Times", "wordpress", base, "Europe/London", offset,
        [Story(base, dated(e), e, offset) for e in articles.HARBOUR_TIMES],
        {"local": "Local", "business": "Business", "world": "World"},
        lang="en-GB", tagline="News from Porthaven and the coast",
        feeds=(Feed("rss.xml", "rss", latest=6, traps_at=2),),
        sitemaps=Sitemaps("split", "sitemap_index.xml", since="2026-11-10", in_robots=True),
        robots=("Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php"),
        traps=(missing, gallery),
        source={"sitemaps": [], "article_pattern": DATED},
        options={"tag": "Porthaven", "about": "The Harbour Times is an independent weekly paper for Porthaven."},
    )  # fmt: skip


DRAFT = {
    "section": "region", "date": "2026-11-18", "time": "16:00", "slug": "draft-winter-road-closures",
    "title": "DRAFT: Winter road closure notice (not for publication)", "authors": ("Sophie Tran",),
    "paragraphs": (
        "This is an unpublished draft held for legal review. The highway department plans overnight closures on Route 14 in December while new drainage is installed under the road near the county fairgrounds.",
        "Editors should confirm the exact dates with the department before this story is scheduled, and check the detour map with the graphics desk.",
        "Do not publish before the department has briefed the township supervisors and the school district transportation office.",
    ),
}  # fmt: skip


def valley_gazette(base: str) -> Site:
    offset = OFFSETS["valley-gazette"]
    traps = (
        Trap("pdf", "2026/11/17/county-budget-summary-2027.pdf", "County budget summary (PDF)",
             "not-html", ("politics/", "sitemap.xml"), "2026-11-17T10:00:00-05:00"),
        Trap("archive", "2026/11/20/", "More stories from November 20", "not-article", ("politics/",)),
        Trap("draft", dated(DRAFT, "private/"), "Newsroom draft: winter road closures", "disallowed",
             ("region/",), entry=DRAFT),
    )  # fmt: skip
    return Site(
        "valley-gazette", "Valley Gazette", "modern", base, "America/New_York", offset,
        [Story(base, dated(e), e, offset) for e in articles.VALLEY_GAZETTE],
        {"region": "Region", "politics": "Politics"},
        lang="en-US", feeds=(Feed("feed.atom", "atom", latest=8),), sitemaps=Sitemaps("urlset"),
        robots=("Disallow: /private/", "Disallow: /search"), traps=traps,
        source={"sitemaps": [base + "sitemap.xml"], "article_pattern": DATED},
        options={"owner": "Valley Gazette Media LLC", "about": "The Valley Gazette covers Cedar County."},
    )  # fmt: skip


def metro_wire(base: str) -> Site:
    offset = OFFSETS["metro-wire"]
    traps = (
        Trap("missing", "news/ferry-strike-called-off-40099.html", "Ferry strike called off",
             "not-found", ("news/page2.html",)),
        Trap("notice", "news/corrections-and-clarifications-40200.html",
             "Corrections and clarifications", "not-article", ("news/",)),
    )  # fmt: skip
    return Site(
        "metro-wire", "Metro Wire", "oldschool", base, "Asia/Tokyo", offset,
        [Story(base, f"news/{e['slug']}-{e['id']}.html", e, offset) for e in articles.METRO_WIRE],
        {"news": "News"}, tagline="News from Kitaura City since 1998.", about="about.html",
        robots=("Disallow: /cgi-bin/",), traps=traps,
        source={"feeds": [], "sitemaps": [], "sections": [base + "news/"],
                "article_pattern": r"/news/[a-z0-9-]+-\d+\.html$",
                "date_order": "DMY", "drop_selectors": [".photo-credit"]},
        options={"per_page": 7, "keywords": "Kitaura, news",
                 "about": "Metro Wire is an English-language news service in Kitaura."},
    )  # fmt: skip


def estuary_live(base: str) -> Site:
    """A news app whose pages a script writes: crawled with ``render = "browser"``."""
    offset = OFFSETS[RENDERED]
    return Site(
        RENDERED, "Estuary Live", "app", base, "Europe/London", offset,
        [Story(base, dated(e), e, offset) for e in articles.ESTUARY_LIVE], {"news": "News"},
        lang="en-GB", tagline="News from Wrenmouth and the Wren estuary",
        feeds=(Feed("rss.xml", "rss", latest=10),),
        source={"sections": [], "article_pattern": DATED, "render": "browser"},
    )  # fmt: skip


CATALOG = {
    "harbour-times": harbour_times,
    "valley-gazette": valley_gazette,
    "metro-wire": metro_wire,
    RENDERED: estuary_live,
}


def demo_sites(base_urls: dict[str, str]) -> list[Site]:
    """The demo sites, each on its base URL (ending with "/"); the rendered
    one when `base_urls` names it."""
    missing = [name for name in SITES if name not in base_urls]
    if missing:
        raise ValueError(f"base_urls lacks {', '.join(missing)}")
    bad = [url for url in base_urls.values() if not url.endswith("/")]
    if bad:
        raise ValueError(f"base URLs must end with '/': {', '.join(bad)}")
    return [CATALOG[name](base_urls[name]) for name in (*SITES, RENDERED) if name in base_urls]
