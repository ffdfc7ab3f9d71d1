"""An app-shell theme: every page is an empty mount point and a script that
writes the article (headline, byline, date and paragraphs) from page state
that is not readable text (hex-encoded JSON), as single-page news apps do.
Fetched plainly it extracts to nothing; rendered by a browser it is a whole
article."""

from __future__ import annotations

import json
from collections.abc import Iterator

from newsspider.demo.model import Site, Story, esc

LOADING = "Loading the latest news…"
#: writes the article from the page's state into the mount point
SCRIPT = (
    "const hex = document.getElementById('state').textContent;"
    "const a = JSON.parse(new TextDecoder().decode(new Uint8Array(hex.match(/../g).map(b => parseInt(b, 16)))));"
    "document.title = a.title + ' | ' + a.site;"
    "document.getElementById('root').innerHTML = '<article><h1>' + a.title + '</h1>'"
    " + '<p class=\"byline\">By ' + a.authors.map(n => '<a rel=\"author\" href=\"/authors/\">' + n + '</a>').join(' and ') + '</p>'"
    " + '<time datetime=\"' + a.published + '\">' + a.date + '</time>'"
    " + a.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article>';"
)


def must_not(site: Site, story: Story) -> tuple[str, ...]:
    return (LOADING,)


def pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, HTML) of every article page and the home page (a shell with no
    state: the app shows its front page only to a browser)."""
    for story in site.stories:
        state = {"site": site.title, "title": esc(story.title), "published": story.published,
                 "date": f"{story.day.day} {story.day:%B %Y}",
                 "authors": [esc(a) for a in story.authors],
                 "paragraphs": [esc(p) for p in story.paragraphs]}  # fmt: skip
        yield story.file, shell(site, json.dumps(state).encode().hex(), SCRIPT)
    yield "index.html", shell(site, "", "")


def shell(site: Site, state: str, script: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{site.lang}"><head><meta charset="utf-8"><title>{esc(site.title)}</title>'
        f'<link rel="alternate" type="application/rss+xml" href="{site.base}{site.feeds[0].path}"></head>'
        f'<body><div id="root"><p class="loading">{LOADING}</p></div>'
        f'<script type="text/plain" id="state">{state}</script><script>{script}</script></body></html>'
    )
