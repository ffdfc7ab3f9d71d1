"""A generated local news site of N articles, for benchmarks and tests that
need many pages: invented stories of 300-900 words drawn from a word list,
deterministic for a given N and seed, rendered by the ``bench`` theme (pages
as heavy as real ones), with an RSS feed of the latest 50, a sitemap index
over news sitemaps of 500 URLs, robots.txt naming it, and section pages.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from newsspider.demo.model import Feed, Site, Sitemaps, Story

WORDS = """
    council harbour ferry school budget market river bridge police storm festival library
    hospital road rail station mayor residents plan vote report court season team match
    museum tourism fishing housing rent price energy wind solar water park business jobs
    factory port airport weather flood coast village town city county minister government
    election campaign service health teacher student nurse doctor
""".split()  # noqa: SIM905 (a word list reads best as words)
VERBS = """
    said announced approved rejected opened closed expects warned confirmed plans
""".split()  # noqa: SIM905 (a word list reads best as words)
NAMES = ["Ann Lee", "Tom Rowe", "Priya Nair", "Jonas Berg", "Maria Lopez", "Kenji Mori",
         "Sara Okafor", "Liam Walsh"]  # fmt: skip
SECTIONS = ("local", "business", "sport", "culture")
#: the newest story's time; each older one 17 minutes before the next
START = datetime(2026, 11, 25, 12, tzinfo=UTC)


def sentence(rng: random.Random) -> str:
    """
    >>> sentence(random.Random(1)).endswith(".")
    True
    """
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    words.insert(rng.randint(1, len(words) - 1), rng.choice(VERBS))
    return " ".join(words).capitalize() + "."


def story(i: int, rng: random.Random, base: str) -> Story:
    """The i-th newest story, drawn from `rng`."""
    when = START - timedelta(minutes=17 * i)
    entry = {
        "title": " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).capitalize(),
        "authors": (rng.choice(NAMES),),
        "section": SECTIONS[i % len(SECTIONS)],
        "date": f"{when:%Y-%m-%d}",
        "time": f"{when:%H:%M}",
        "slug": f"story-{i:06d}",
        "paragraphs": tuple(
            " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
            for _ in range(rng.randint(5, 12))
        ),
    }
    return Story(base, f"{when:%Y/%m/%d}/story-{i:06d}.html", entry)


def site(base: str, articles: int, seed: int = 7) -> Site:
    """The generated site of `articles` stories on `base`, as data."""
    rng = random.Random(seed)
    return Site(
        "bench-gazette", "Bench Gazette", "bench", base, "UTC", "+00:00",
        [story(i, rng, base) for i in range(articles)],
        {s: s.title() for s in SECTIONS},
        feeds=(Feed("rss.xml", "rss", latest=50),),
        sitemaps=Sitemaps("news", chunk=500, in_robots=True),
        robots=("Disallow: /search",),
        source={"sections": [base + "local/", base + "business/"],
                "article_pattern": r"/\d{4}/\d{2}/\d{2}/story-\d+\.html$"},
        options={"seed": seed},
    )  # fmt: skip
